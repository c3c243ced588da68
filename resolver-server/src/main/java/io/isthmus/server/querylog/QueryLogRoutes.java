package io.isthmus.server.querylog;

import io.isthmus.config.ConfigData;
import io.isthmus.config.QueryLogAssociation;
import io.isthmus.config.QueryLogConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which VPCs log their queries where, from the stored query-log configurations and their VPC
 * associations ({@code POST /v1/resolver/query-log-configs}). Stateless.
 */
public final class QueryLogRoutes {
  private static final Logger log = LoggerFactory.getLogger(QueryLogRoutes.class);

  private QueryLogRoutes() {}

  /**
   * VPC id → its log targets. A stored configuration the writer refuses (which the API's validation
   * should make impossible) is logged and left out rather than stopping the others.
   */
  public static Map<String, List<QueryLogTarget>> of(ConfigData data) {
    Map<String, QueryLogTarget> targets = new HashMap<>();
    for (QueryLogConfig config : data.queryLogConfigs()) {
      try {
        targets.put(
            config.id(),
            new QueryLogTarget(config.id(), config.ownerAccountId(), config.destination()));
      } catch (IllegalArgumentException e) {
        log.error("Query log configuration {} not used: {}", config.id(), e.getMessage());
      }
    }
    Map<String, List<QueryLogTarget>> byVpc = new HashMap<>();
    for (QueryLogAssociation association : data.queryLogAssociations()) {
      QueryLogTarget target = targets.get(association.configId());
      if (target != null) {
        byVpc.computeIfAbsent(association.vpcId(), vpc -> new ArrayList<>()).add(target);
      }
    }
    return byVpc;
  }
}
