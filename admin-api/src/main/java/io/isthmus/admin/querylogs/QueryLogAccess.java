package io.isthmus.admin.querylogs;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.QueryLogConfig;

/**
 * Who may see and act on a query-logging configuration. An account's configuration: the account
 * acts on it; the operator reads it but may not act on it (403 NotAuthorized), since its files are
 * the account's; anyone else gets 404. The operator's configuration: the operator acts on it, to
 * accounts it does not exist (404), even when it logs their VPCs. Stateless.
 */
final class QueryLogAccess {
  private QueryLogAccess() {}

  /** The configuration if the caller owns it or is the operator. */
  static QueryLogConfig readable(ConfigReader reader, Caller caller, String configId) {
    QueryLogConfig config =
        reader.queryLogConfig(configId).orElseThrow(() -> noSuchConfig(configId));
    if (caller.isOperator() || caller.owns(config.ownerAccountId())) {
      return config;
    }
    throw noSuchConfig(configId);
  }

  /** The configuration if the caller owns it: an account its own, the operator the operator's. */
  static QueryLogConfig owned(ConfigReader reader, Caller caller, String configId) {
    QueryLogConfig config = readable(reader, caller, configId);
    if (caller.isOperator() && !config.operatorOwned()) {
      throw ApiException.notAuthorized(
          "Query-logging configuration "
              + configId
              + " belongs to account "
              + config.ownerAccountId()
              + "; only its owner may change it or its associations.");
    }
    return config;
  }

  private static ApiException noSuchConfig(String configId) {
    return ApiException.notFound(
        "ResourceNotFound", "No query-logging configuration with id " + configId + ".");
  }
}
