package io.isthmus.admin.changes;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Change info as JSON: {@code {"id","status","submittedAt","comment"}}, ISO-8601 UTC time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeJson(String id, String status, String submittedAt, String comment) {
  public static ChangeJson of(ChangeInfo change) {
    return new ChangeJson(
        change.id(), change.status().name(), change.submittedAt().toString(), change.comment());
  }
}
