package io.isthmus.config;

import java.time.Instant;

/**
 * One admin API request worth auditing: a mutation, or an attempt that was denied. It names the
 * caller by account id, {@value #OPERATOR} or {@value #ANONYMOUS}, never by token. Immutable.
 *
 * @param time when the request completed
 * @param caller the account id of the caller, {@value #OPERATOR}, or {@value #ANONYMOUS} when no
 *     known token came with the request
 * @param method the HTTP method
 * @param path the request path, without the query string
 * @param resourceId the id of the resource acted on, when known; otherwise null
 * @param status the HTTP status of the response
 * @param changeId the id of the change the request made, when its response carries one; else null
 * @param sourceAddress the client's address as the server saw it
 */
public record AuditEvent(
    Instant time,
    String caller,
    String method,
    String path,
    String resourceId,
    int status,
    String changeId,
    String sourceAddress) {
  public static final String OPERATOR = "operator";
  public static final String ANONYMOUS = "anonymous";

  public AuditEvent {
    if (time == null || caller == null || method == null || path == null) {
      throw new IllegalArgumentException("time, caller, method and path are required");
    }
  }
}
