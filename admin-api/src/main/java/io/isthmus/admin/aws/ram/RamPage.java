package io.isthmus.admin.aws.ram;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a RAM listing and its {@code nextToken}: the items in the order of their keys, the
 * token the key of the next page's first item, so that a page resumes at the right place even when
 * items came or went in between. Immutable.
 */
record RamPage<T>(List<T> items, String nextToken) {
  /** What every token's text starts with, so that one made up is told from one issued. */
  private static final String TOKEN_PREFIX = "ram-page:";

  RamPage {
    items = List.copyOf(items);
  }

  /**
   * @throws RamError InvalidNextTokenException for a token this listing did not issue
   */
  static <T> RamPage<T> of(
      List<T> items, Function<T, String> key, int maxResults, Optional<String> nextToken) {
    List<T> sorted = items.stream().sorted(Comparator.comparing(key)).toList();
    int start = 0;
    if (nextToken.isPresent()) {
      String from = decode(nextToken.get());
      while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(from) < 0) {
        start++;
      }
    }
    int end = Math.min(sorted.size(), start + maxResults);
    String next = end < sorted.size() ? encode(key.apply(sorted.get(end))) : null;
    return new RamPage<>(sorted.subList(start, end), next);
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((TOKEN_PREFIX + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(TOKEN_PREFIX) && text.length() > TOKEN_PREFIX.length()) {
        return text.substring(TOKEN_PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // not base64: answered below as any other token this listing did not issue
    }
    throw new RamError("InvalidNextTokenException", "The nextToken " + token + " is not valid.");
  }
}
