package io.isthmus.admin.aws;

import io.isthmus.admin.associations.AssociationService;
import io.isthmus.admin.audit.AuditTrail;
import io.isthmus.admin.aws.cloudwatch.CloudWatchApi;
import io.isthmus.admin.aws.ec2.Ec2Api;
import io.isthmus.admin.aws.keys.AwsKeyService;
import io.isthmus.admin.aws.ram.RamApi;
import io.isthmus.admin.aws.resolver.Route53ResolverApi;
import io.isthmus.admin.aws.route53.Route53Api;
import io.isthmus.admin.aws.route53.Route53HealthChecks;
import io.isthmus.admin.aws.sigv4.SigV4Verifier;
import io.isthmus.admin.changes.ChangeService;
import io.isthmus.admin.endpoints.EndpointService;
import io.isthmus.admin.healthchecks.HealthCheckService;
import io.isthmus.admin.healthchecks.MetricHistory;
import io.isthmus.admin.healthchecks.MetricService;
import io.isthmus.admin.limits.AdminThrottle;
import io.isthmus.admin.querylogs.QueryLogConfigService;
import io.isthmus.admin.rrsets.RecordSetService;
import io.isthmus.admin.rules.RuleAssociationService;
import io.isthmus.admin.rules.RuleService;
import io.isthmus.admin.rules.RuleShareService;
import io.isthmus.admin.vpcs.ResolverAddressPool;
import io.isthmus.admin.vpcs.VpcService;
import io.isthmus.admin.zones.ZoneService;
import io.isthmus.config.ConfigStore;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The AWS-compatible API's parts; its listener is added by the application (isthmus.aws.port). */
@Configuration(proxyBeanMethods = false)
class AwsConfiguration {
  @Bean
  AwsListener awsListener() {
    return new AwsListener();
  }

  @Bean
  SigV4Verifier sigV4Verifier(AwsKeyService keys, Clock clock) {
    return new SigV4Verifier(keys::credentials, clock);
  }

  @Bean
  Route53Api route53Api(
      ConfigStore store,
      ZoneService zones,
      ChangeService changes,
      RecordSetService recordSets,
      AssociationService associations,
      HealthCheckService healthChecks) {
    return new Route53Api(
        store,
        zones,
        changes,
        recordSets,
        associations,
        new Route53HealthChecks(store, healthChecks));
  }

  /**
   * VPCs created through EC2 get their resolver address from {@code
   * isthmus.aws.vpc-resolver-addresses} (a CIDR block; none by default) at {@code
   * isthmus.aws.vpc-resolver-port} (53 by default).
   */
  @Bean
  Ec2Api ec2Api(ConfigStore store, VpcService vpcs, Environment environment) {
    return new Ec2Api(
        store,
        vpcs,
        ResolverAddressPool.of(
            environment.getProperty("isthmus.aws.vpc-resolver-addresses", ""),
            environment.getProperty("isthmus.aws.vpc-resolver-port", Integer.class, 53)));
  }

  /** Alarms are evaluated over the node's metric points when the application provides them. */
  @Bean
  CloudWatchApi cloudWatchApi(
      ConfigStore store,
      MetricService metrics,
      ObjectProvider<MetricHistory> history,
      Clock clock) {
    return new CloudWatchApi(store, metrics, Optional.ofNullable(history.getIfAvailable()), clock);
  }

  /** RAM shares resolver rules through {@code /v1}'s rule shares. */
  @Bean
  RamApi ramApi(ConfigStore store, RuleShareService ruleShares, Clock clock) {
    return new RamApi(store, ruleShares, clock);
  }

  @Bean
  Route53ResolverApi route53ResolverApi(
      ConfigStore store,
      EndpointService endpoints,
      RuleService rules,
      RuleShareService shares,
      RuleAssociationService associations,
      QueryLogConfigService queryLogs,
      Clock clock) {
    return new Route53ResolverApi(store, endpoints, rules, shares, associations, queryLogs, clock);
  }

  @Bean
  AwsApiFilter awsApiFilter(
      AwsListener listener,
      SigV4Verifier verifier,
      ConfigStore store,
      Route53Api route53,
      Ec2Api ec2,
      CloudWatchApi cloudWatch,
      RamApi ram,
      Route53ResolverApi resolver,
      ObjectProvider<AuditTrail> audit,
      ObjectProvider<AdminThrottle> throttle) {
    return new AwsApiFilter(
        listener,
        verifier,
        store,
        route53,
        ec2,
        cloudWatch,
        ram,
        resolver,
        audit.getIfAvailable(),
        throttle.getIfAvailable());
  }
}
