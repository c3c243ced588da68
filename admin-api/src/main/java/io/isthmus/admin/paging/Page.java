package io.isthmus.admin.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list and the token that fetches the next one ({@code null} on the last page).
 * Immutable.
 */
public record Page<T>(List<T> items, String nextToken) {
  public Page {
    items = List.copyOf(items);
  }

  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), nextToken);
  }
}
