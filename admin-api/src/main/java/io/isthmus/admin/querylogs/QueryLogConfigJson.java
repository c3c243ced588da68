package io.isthmus.admin.querylogs;

import io.isthmus.config.QueryLogConfig;

/**
 * A query-logging configuration as JSON: {@code {"id","ownerId","name","destination","status",
 * "associationCount"}}. {@code ownerId} is the owner's account id, or {@value #OPERATOR} for one
 * the operator created; {@code status} is always CREATED (Route 53's word), the configuration
 * taking effect with its write.
 */
record QueryLogConfigJson(
    String id,
    String ownerId,
    String name,
    String destination,
    String status,
    int associationCount) {
  static final String OPERATOR = QueryLogConfig.OPERATOR_DIRECTORY;
  static final String CREATED = "CREATED";

  static QueryLogConfigJson of(QueryLogConfigView view) {
    QueryLogConfig config = view.config();
    return new QueryLogConfigJson(
        config.id(),
        config.operatorOwned() ? OPERATOR : config.ownerAccountId(),
        config.name(),
        config.destination(),
        CREATED,
        view.associationCount());
  }
}
