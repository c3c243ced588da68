package io.isthmus.admin.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.lint.LintWarning;
import java.util.List;

/**
 * Change info as JSON: {@code {"id","status","submittedAt","comment","pendingNodes":[…]}}, ISO-8601
 * UTC time, {@code pendingNodes} empty once INSYNC; {@code "warnings":[{"code","message"}]} only
 * when the request that made the change has some.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeJson(
    String id,
    String status,
    String submittedAt,
    String comment,
    List<String> pendingNodes,
    List<LintWarning> warnings) {
  public static ChangeJson of(ChangeInfo change) {
    return new ChangeJson(
        change.id(),
        change.status().name(),
        change.submittedAt().toString(),
        change.comment(),
        change.pendingNodes(),
        change.warnings().isEmpty() ? null : change.warnings());
  }
}
