package io.isthmus.config;

import java.util.List;

/**
 * Everything the data plane needs, read in one consistent transaction: the input of the snapshot
 * compiler. {@code version} is the configuration version this data reflects. Immutable.
 *
 * @param healthChecks every health check, in creation order
 * @param queryLogConfigs every query-logging configuration, in id order
 * @param queryLogAssociations every association of a query-logging configuration with a VPC, in id
 *     order
 */
public record ConfigData(
    long version,
    List<Vpc> vpcs,
    List<ZoneData> zones,
    List<ResolverEndpoint> endpoints,
    List<ResolverRule> rules,
    List<RuleAssociation> ruleAssociations,
    List<HealthCheck> healthChecks,
    List<QueryLogConfig> queryLogConfigs,
    List<QueryLogAssociation> queryLogAssociations) {

  public ConfigData {
    vpcs = List.copyOf(vpcs);
    zones = List.copyOf(zones);
    endpoints = List.copyOf(endpoints);
    rules = List.copyOf(rules);
    ruleAssociations = List.copyOf(ruleAssociations);
    healthChecks = List.copyOf(healthChecks);
    queryLogConfigs = List.copyOf(queryLogConfigs);
    queryLogAssociations = List.copyOf(queryLogAssociations);
  }

  /** Configuration without query logging. */
  public ConfigData(
      long version,
      List<Vpc> vpcs,
      List<ZoneData> zones,
      List<ResolverEndpoint> endpoints,
      List<ResolverRule> rules,
      List<RuleAssociation> ruleAssociations,
      List<HealthCheck> healthChecks) {
    this(
        version,
        vpcs,
        zones,
        endpoints,
        rules,
        ruleAssociations,
        healthChecks,
        List.of(),
        List.of());
  }

  /** Configuration without health checks or query logging. */
  public ConfigData(
      long version,
      List<Vpc> vpcs,
      List<ZoneData> zones,
      List<ResolverEndpoint> endpoints,
      List<ResolverRule> rules,
      List<RuleAssociation> ruleAssociations) {
    this(version, vpcs, zones, endpoints, rules, ruleAssociations, List.of());
  }

  /** Configuration with VPCs and zones only (no endpoints or rules). */
  public static ConfigData ofZones(long version, List<Vpc> vpcs, List<ZoneData> zones) {
    return new ConfigData(version, vpcs, zones, List.of(), List.of(), List.of());
  }
}
