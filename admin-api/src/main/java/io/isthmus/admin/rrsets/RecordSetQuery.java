package io.isthmus.admin.rrsets;

import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.FieldError;
import java.util.ArrayList;
import java.util.List;

/** The query parameters of a record set listing: its filter and its page. Immutable. */
public record RecordSetQuery(RecordSetFilter filter, PageRequest page) {

  /**
   * Reads the query parameters as given.
   *
   * @throws ApiException InvalidInput listing every bad parameter
   */
  public static RecordSetQuery parse(String name, String type, String maxItems, String nextToken) {
    List<FieldError> errors = new ArrayList<>();
    RecordSetFilter filter = RecordSetFilter.parse(name, type, errors);
    PageRequest page = PageRequest.parse(maxItems, nextToken, errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalidInput(errors);
    }
    return new RecordSetQuery(filter, page);
  }
}
