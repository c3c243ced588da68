package io.isthmus.admin.paging;

import io.isthmus.admin.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Keyset pagination over a list in a total order. The token encodes the sort key of the first item
 * of the next page, so a page resumes at the right place even when items were added or removed
 * since the previous one (Route 53's NextRecordName/NextType work the same way); tokens are opaque
 * to clients. Stateless and thread-safe.
 *
 * @param <T> the items
 */
public final class Paginator<T> {
  private final Comparator<T> order;
  private final Function<T, String> key;
  private final Function<String, T> probe;

  /**
   * @param order the total order of the list
   * @param key the sort key of an item as text
   * @param probe an item (possibly partial) that sorts where the item with this key would
   */
  public Paginator(Comparator<T> order, Function<T, String> key, Function<String, T> probe) {
    this.order = order;
    this.key = key;
    this.probe = probe;
  }

  /** Paginator for items ordered by a unique text id. */
  public static <T> Paginator<T> byId(Function<T, String> id, Function<String, T> probe) {
    return new Paginator<>(Comparator.comparing(id), id, probe);
  }

  /**
   * The page of {@code items} (in any order) that {@code request} asks for.
   *
   * @throws ApiException InvalidInput if the token is not one this paginator issued
   */
  public Page<T> page(Collection<T> items, PageRequest request) {
    List<T> sorted = items.stream().sorted(order).toList();
    int start = 0;
    if (request.nextToken() != null) {
      T from = from(request.nextToken());
      while (start < sorted.size() && order.compare(sorted.get(start), from) < 0) {
        start++;
      }
    }
    int end = Math.min(sorted.size(), start + request.maxItems());
    String next = end < sorted.size() ? token(sorted.get(end)) : null;
    return new Page<>(sorted.subList(start, end), next);
  }

  /** The token of a page that starts at {@code item}, for lists paged by the store itself. */
  public String token(T item) {
    byte[] text = key.apply(item).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /**
   * The probe item a token names: the first item of its page.
   *
   * @throws ApiException InvalidInput if the token is not one this paginator issued
   */
  public T from(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      return probe.apply(text);
    } catch (RuntimeException e) { // bad base64 or a key the probe cannot read
      throw ApiException.invalidInput("nextToken", "not a token of this list");
    }
  }
}
