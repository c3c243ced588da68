package io.isthmus.admin.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.paging.Page;
import java.util.List;
import java.util.function.Function;

/**
 * A list response: {@code {"items":[...],"nextToken":"..."}}, the token left out on the last page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PageJson<T>(List<T> items, String nextToken) {

  public static <S, T> PageJson<T> of(Page<S> page, Function<? super S, ? extends T> mapper) {
    Page<T> mapped = page.map(mapper);
    return new PageJson<>(mapped.items(), mapped.nextToken());
  }
}
