package io.isthmus.admin.paging;

import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code maxItems} and {@code nextToken} of a list call. Without {@code maxItems} a page holds
 * {@value #DEFAULT_MAX_ITEMS} items, Route 53's default for ListHostedZones. Immutable.
 */
public record PageRequest(int maxItems, String nextToken) {
  public static final int DEFAULT_MAX_ITEMS = 100;
  public static final int MAX_ITEMS = 1000;

  /**
   * Parses the query parameters as given (either may be null).
   *
   * @throws ApiException InvalidInput listing every bad parameter
   */
  public static PageRequest parse(String maxItems, String nextToken) {
    List<FieldError> errors = new ArrayList<>();
    PageRequest request = parse(maxItems, nextToken, errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalidInput(errors);
    }
    return request;
  }

  /** Parses the query parameters, adding problems to {@code errors} for the caller to report. */
  public static PageRequest parse(String maxItems, String nextToken, List<FieldError> errors) {
    int size = DEFAULT_MAX_ITEMS;
    if (maxItems != null) {
      try {
        size = Integer.parseInt(maxItems.trim());
      } catch (NumberFormatException e) {
        size = 0;
      }
      if (size < 1 || size > MAX_ITEMS) {
        errors.add(new FieldError("maxItems", "must be an integer within 1.." + MAX_ITEMS));
        size = DEFAULT_MAX_ITEMS;
      }
    }
    String token = nextToken == null || nextToken.isBlank() ? null : nextToken.trim();
    return new PageRequest(size, token);
  }
}
