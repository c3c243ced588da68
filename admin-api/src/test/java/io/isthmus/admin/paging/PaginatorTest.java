package io.isthmus.admin.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.admin.problem.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PaginatorTest {
  private final Paginator<String> paginator =
      Paginator.byId(Function.identity(), Function.identity());

  @Test
  void pagesCoverTheSortedListOnce() {
    List<String> items = List.of("d", "b", "e", "a", "c");

    List<String> seen = new ArrayList<>();
    Page<String> page = paginator.page(items, new PageRequest(2, null));
    seen.addAll(page.items());
    while (page.nextToken() != null) {
      page = paginator.page(items, new PageRequest(2, page.nextToken()));
      seen.addAll(page.items());
    }

    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void aPageResumesAfterTheItemItWasToStartWithIsGone() {
    Page<String> first = paginator.page(List.of("a", "b", "c", "d"), new PageRequest(2, null));

    Page<String> second =
        paginator.page(List.of("a", "b", "d"), new PageRequest(2, first.nextToken()));

    assertThat(second.items()).containsExactly("d");
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void aForeignTokenIsInvalidInput() {
    assertThatThrownBy(() -> paginator.page(List.of("a"), new PageRequest(1, "***")))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("InvalidInput"));
  }

  @Test
  void maxItemsIsBounded() {
    assertThat(PageRequest.parse(null, null).maxItems()).isEqualTo(PageRequest.DEFAULT_MAX_ITEMS);
    assertThat(PageRequest.parse("1000", " ").maxItems()).isEqualTo(1000);
    assertThat(PageRequest.parse("1000", " ").nextToken()).isNull();
    assertThatThrownBy(() -> PageRequest.parse("1001", null)).isInstanceOf(ApiException.class);
  }
}
