package io.isthmus.admin.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditRecord;

/**
 * One audit record as JSON: {@code {"time","caller","method","path","resourceId","status",
 * "changeId","sourceAddress"}}, ISO-8601 UTC time, the ids left out when unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditJson(
    String time,
    String caller,
    String method,
    String path,
    String resourceId,
    int status,
    String changeId,
    String sourceAddress) {
  static AuditJson of(AuditRecord record) {
    AuditEvent event = record.event();
    return new AuditJson(
        event.time().toString(),
        event.caller(),
        event.method(),
        event.path(),
        event.resourceId(),
        event.status(),
        event.changeId(),
        event.sourceAddress());
  }
}
