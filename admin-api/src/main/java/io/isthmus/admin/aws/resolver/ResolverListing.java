package io.isthmus.admin.aws.resolver;

import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The List operations' {@code Filters}, {@code MaxResults} and {@code NextToken}, applied to what
 * the {@code /v1} services list for the caller. Pages are in id order and resume at the id the
 * token names (the keyset paging of {@code /v1}), so a page stays right while resources come and
 * go. Stateless.
 */
final class ResolverListing {
  /** The service model's largest MaxResults, and what a call without one gets. */
  static final int MAX_RESULTS = 100;

  private ResolverListing() {}

  /** One page of a list, and the counts of ListResolverQueryLogConfigs. Immutable. */
  record Listed<T>(List<T> items, String nextToken, int maxResults, int total, int filtered) {}

  /** Every item of a {@code /v1} list, read page by page. */
  static <T> List<T> all(Function<PageRequest, Page<T>> lister) {
    List<T> items = new ArrayList<>();
    String token = null;
    do {
      Page<T> page = lister.apply(new PageRequest(PageRequest.MAX_ITEMS, token));
      items.addAll(page.items());
      token = page.nextToken();
    } while (token != null);
    return items;
  }

  /**
   * The page of {@code items} that {@code request} asks for.
   *
   * @param id the unique id of an item, its sort key
   * @param filters the values of each filter the operation knows, by the filter's name
   */
  static <T> Listed<T> page(
      ResolverRequest request,
      List<T> items,
      Function<T, String> id,
      Map<String, Function<T, List<String>>> filters) {
    Integer max = request.integer("MaxResults");
    if (max != null && (max < 1 || max > MAX_RESULTS)) {
      throw ResolverException.invalidParameter("MaxResults must be within 1.." + MAX_RESULTS + ".");
    }
    int size = max == null ? MAX_RESULTS : max;
    List<T> matching = items;
    for (ResolverRequest filter : request.objects("Filters")) {
      String name = filter.required("Name");
      Function<T, List<String>> values =
          filters.entrySet().stream()
              .filter(entry -> entry.getKey().equalsIgnoreCase(name))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElseThrow(
                  () ->
                      ResolverException.invalidParameter(
                          "The filter "
                              + name
                              + " is not one of "
                              + String.join(", ", filters.keySet().stream().sorted().toList())
                              + "."));
      List<String> wanted = filter.strings("Values");
      matching =
          matching.stream()
              .filter(item -> values.apply(item).stream().anyMatch(wanted::contains))
              .toList();
    }
    List<T> sorted = matching.stream().sorted(Comparator.comparing(id)).toList();
    int start = 0;
    String token = request.string("NextToken");
    if (token != null) {
      String from = decode(token);
      while (start < sorted.size() && id.apply(sorted.get(start)).compareTo(from) < 0) {
        start++;
      }
    }
    int end = Math.min(sorted.size(), start + size);
    String next = end < sorted.size() ? encode(id.apply(sorted.get(end))) : null;
    return new Listed<>(sorted.subList(start, end), next, size, items.size(), matching.size());
  }

  /** A filter value of a DNS name: without its final dot, in lower case, as clients write it. */
  static String domain(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") && lower.length() > 1
        ? lower.substring(0, lower.length() - 1)
        : lower;
  }

  private static String encode(String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ResolverException(
          400, "InvalidNextTokenException", "The NextToken is not one of this list.");
    }
  }
}
