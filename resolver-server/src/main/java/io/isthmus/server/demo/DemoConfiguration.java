package io.isthmus.server.demo;

import io.isthmus.config.Account;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.zone.ApexRecords;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed architecture as a ready-made configuration ({@code isthmus.demo=true}): a networking
 * account and three application accounts, VPCs in us-east-1 and us-west-2 with CIDRs inside
 * 127.0.0.0/8 (so {@code dig -b} picks the VPC on one machine), the shared parent zone {@code
 * aws.customer.local} and one zone per application, associated across accounts. Loaded only into an
 * empty store, in one transaction.
 */
public final class DemoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

  public static final String NETWORKING = "111111111111";
  public static final String APP1 = "222222222222";
  public static final String APP2 = "333333333333";
  public static final String APP3 = "444444444444";

  public static final Vpc NET_USE1 =
      new Vpc(
          "vpc-0e1a0000000000001", NETWORKING, "net-use1", "us-east-1", List.of("127.0.10.0/24"));
  public static final Vpc NET_USW2 =
      new Vpc(
          "vpc-0e1a0000000000002", NETWORKING, "net-usw2", "us-west-2", List.of("127.0.20.0/24"));
  public static final Vpc APP1_USE1 =
      new Vpc("vpc-0a1a0000000000001", APP1, "app1-use1", "us-east-1", List.of("127.1.10.0/24"));
  public static final Vpc APP1_USW2 =
      new Vpc("vpc-0a1a0000000000002", APP1, "app1-usw2", "us-west-2", List.of("127.1.20.0/24"));

  /** Guards the primary of db.app1.aws.customer.local (see README "Failover"). */
  public static final String DB_CHECK_ID = "5e2b6c1a-0db1-4c3e-9a1f-00000000db01";

  /**
   * Unhealthy when app1 reports fewer than 1 healthy database host (Average of HealthyHostCount
   * below 1) in 2 of the last 3 periods of 10 seconds; healthy while no data arrived yet.
   */
  private static final HealthCheck DB_CHECK =
      new HealthCheck(
          DB_CHECK_ID,
          APP1,
          HealthCheck.Type.METRIC,
          new HealthCheck.MetricAlarm(
              "app1",
              "HealthyHostCount",
              Map.of("Service", "db"),
              HealthCheck.Statistic.AVERAGE,
              10,
              3,
              2,
              HealthCheck.Comparison.LESS_THAN_THRESHOLD,
              1.0),
          null,
          null,
          null,
          10,
          HealthCheck.DEFAULT_FAILURE_THRESHOLD,
          HealthCheck.InsufficientData.LAST_KNOWN_STATUS,
          false,
          false);

  public static final Vpc APP2_USE1 =
      new Vpc("vpc-0a2a0000000000001", APP2, "app2-use1", "us-east-1", List.of("127.2.10.0/24"));
  public static final Vpc APP3_USE1 =
      new Vpc("vpc-0a3a0000000000001", APP3, "app3-use1", "us-east-1", List.of("127.3.10.0/24"));

  public static final ResolverEndpoint OUTBOUND =
      new ResolverEndpoint(
          "rslvr-out-0e1a0000000000001",
          NETWORKING,
          "to-onprem",
          ResolverEndpoint.Direction.OUTBOUND,
          NET_USE1.id(),
          List.of(new TargetAddress("127.0.50.1", 53), new TargetAddress("127.0.50.2", 53)),
          List.of());
  public static final ResolverEndpoint INBOUND =
      new ResolverEndpoint(
          "rslvr-in-0e1a00000000000001",
          NETWORKING,
          "from-onprem",
          ResolverEndpoint.Direction.INBOUND,
          NET_USE1.id(),
          List.of(new TargetAddress("127.0.60.1", 8053), new TargetAddress("127.0.60.2", 8053)),
          List.of("127.0.0.0/24"));
  public static final ResolverRule ONPREM_RULE =
      new ResolverRule(
          "rslvr-rr-0e1a00000000000001",
          NETWORKING,
          "onprem",
          "customer.local.",
          ResolverRule.RuleType.FORWARD,
          List.of(new TargetAddress("127.0.0.1", 5300)),
          OUTBOUND.id(),
          "us-east-1");

  private DemoConfiguration() {}

  /** Loads the demo if the store holds no account yet; returns whether it did. */
  public static boolean loadIfEmpty(ConfigStore store, Clock clock) {
    if (!store.accounts().isEmpty()) {
      log.info("Demo not loaded: the store already holds a configuration");
      return false;
    }
    store.write(
        writer -> {
          load(writer, clock);
          return null;
        });
    log.info("Demo configuration loaded");
    return true;
  }

  /** Ready-to-paste dig lines that show the demo's behaviour, for a listener on {@code port}. */
  public static List<String> digExamples(int port) {
    String dig = "dig @127.0.0.1 -p " + port + " ";
    return List.of(
        dig + "-b 127.1.10.5 web.app1.aws.customer.local        # app1 VPC: answer from app1 zone",
        dig + "-b 127.0.10.5 web.app1.aws.customer.local        # networking VPC, cross-account",
        dig + "-b 127.0.10.5 host.app1.aws.customer.local       # only in the parent: NXDOMAIN",
        dig + "-b 127.0.10.5 www.aws.customer.local             # CNAME chased across zones",
        dig + "-b 127.0.10.5 api.app1.aws.customer.local AAAA   # AAAA answer",
        dig + "-b 127.0.10.5 db.app1.aws.customer.local AAAA    # NODATA with SOA",
        dig + "-b 127.1.10.5 db.app1.aws.customer.local         # failover: primary while healthy",
        dig + "-b 127.2.10.5 web.app1.aws.customer.local        # app2 VPC sees no app1 zone",
        dig + "-b 127.9.9.9 web.app1.aws.customer.local         # no VPC: REFUSED (EDE 18)",
        dig + "-b 127.1.10.5 dc1.customer.local                 # forwarded to on-prem BIND",
        "dig @127.0.60.1 -p "
            + port
            + " -b 127.0.0.5 web.app1.aws.customer.local   # inbound endpoint, as on-prem asks",
        dig + "CH TXT id.server +nsid                           # which node answered");
  }

  private static void load(ConfigWriter writer, Clock clock) {
    writer.insertAccount(new Account(NETWORKING, "networking"), randomTokenHash());
    writer.insertAccount(new Account(APP1, "app1"), randomTokenHash());
    writer.insertAccount(new Account(APP2, "app2"), randomTokenHash());
    writer.insertAccount(new Account(APP3, "app3"), randomTokenHash());
    for (Vpc vpc : List.of(NET_USE1, NET_USW2, APP1_USE1, APP1_USW2, APP2_USE1, APP3_USE1)) {
      writer.insertVpc(vpc);
    }

    zone(
        writer,
        new HostedZone("ZAWSCUSTOMER0001", "aws.customer.local.", NETWORKING, "shared parent"),
        List.of(
            a("shared.aws.customer.local.", "10.0.0.10"),
            // Shadowed by the more specific app1 zone wherever both are associated.
            a("host.app1.aws.customer.local.", "10.0.0.99"),
            RecordSet.simple(
                "www.aws.customer.local.", "CNAME", 300, List.of("web.app1.aws.customer.local."))),
        List.of(NET_USE1, NET_USW2, APP1_USE1, APP2_USE1, APP3_USE1));
    zone(
        writer,
        new HostedZone("ZAPP1CUSTOMER001", "app1.aws.customer.local.", APP1, "app1"),
        List.of(
            a("web.app1.aws.customer.local.", "10.1.0.10"),
            a("api.app1.aws.customer.local.", "10.1.0.11"),
            RecordSet.simple("api.app1.aws.customer.local.", "AAAA", 300, List.of("fd00:1::11")),
            // Disaster recovery: the primary in app1-use1's range, the secondary in app1-usw2's,
            // the primary guarded by a metric-driven check (private addresses cannot be probed).
            failover("db.app1.aws.customer.local.", "use1", "PRIMARY", "127.1.10.20", DB_CHECK_ID),
            failover("db.app1.aws.customer.local.", "usw2", "SECONDARY", "127.1.20.20", null),
            a("*.svc.app1.aws.customer.local.", "10.1.0.30"),
            RecordSet.simple(
                "_https._tcp.app1.aws.customer.local.",
                "SRV",
                300,
                List.of("10 5 443 web.app1.aws.customer.local."))),
        List.of(APP1_USE1, APP1_USW2, NET_USE1, NET_USW2));
    zone(
        writer,
        new HostedZone("ZAPP2CUSTOMER001", "app2.aws.customer.local.", APP2, "app2"),
        List.of(a("web.app2.aws.customer.local.", "10.2.0.10")),
        List.of(APP2_USE1, NET_USE1, NET_USW2));
    zone(
        writer,
        new HostedZone("ZAPP3CUSTOMER001", "app3.aws.customer.local.", APP3, "app3"),
        List.of(a("web.app3.aws.customer.local.", "10.3.0.10")),
        List.of(APP3_USE1, NET_USE1, NET_USW2));
    writer.insertHealthCheck(DB_CHECK);
    hybrid(writer);
    // Made on behalf of no account: the operator's alone, like every change without an owner.
    writer.recordChange("CDEMO000000000001", clock.instant(), "demo configuration", null);
  }

  /**
   * The hybrid half: an outbound endpoint and a FORWARD rule {@code customer.local} to the
   * on-premises DNS (BIND on 127.0.0.1:5300, see docker/onprem/), shared with the application
   * accounts and associated with their us-east-1 VPCs; an inbound endpoint in net-use1 for the
   * on-premises servers (127.0.0.0/24 plays the data centre).
   */
  private static void hybrid(ConfigWriter writer) {
    writer.insertEndpoint(OUTBOUND);
    writer.insertEndpoint(INBOUND);
    writer.insertRule(ONPREM_RULE);
    for (String account : List.of(APP1, APP2, APP3)) {
      writer.addRuleShare(ONPREM_RULE.id(), account);
    }
    int n = 1;
    for (Vpc vpc : List.of(NET_USE1, APP1_USE1, APP2_USE1, APP3_USE1)) {
      writer.insertRuleAssociation(
          new RuleAssociation(
              String.format("rslvr-rrassoc-0e1a0000000000%03d", n++), ONPREM_RULE.id(), vpc.id()));
    }
  }

  /** Creates a zone with its apex and records, authorizes and associates it with {@code vpcs}. */
  private static void zone(
      ConfigWriter writer, HostedZone zone, List<RecordSet> records, List<Vpc> vpcs) {
    writer.insertZone(zone);
    for (RecordSet apex : ApexRecords.defaults(zone.name())) {
      writer.putRecordSet(zone.id(), apex);
    }
    for (RecordSet recordSet : records) {
      writer.putRecordSet(zone.id(), recordSet);
    }
    for (Vpc vpc : vpcs) {
      if (!vpc.accountId().equals(zone.accountId())) {
        // Cross-account: the zone owner authorizes, then the VPC owner associates.
        writer.addAuthorization(zone.id(), vpc.id());
      }
      writer.addAssociation(zone.id(), vpc.id());
    }
  }

  private static RecordSet a(String name, String address) {
    return RecordSet.simple(name, "A", 300, List.of(address));
  }

  /**
   * Routed records get a short TTL, so clients notice a failover soon (docs/spec/resolution.md
   * section 4).
   */
  private static RecordSet failover(
      String name, String setIdentifier, String role, String address, String healthCheckId) {
    return RecordSet.routed(
        name,
        "A",
        10L,
        List.of(address),
        setIdentifier,
        new RoutingPolicy.Failover(RoutingPolicy.Role.valueOf(role)),
        healthCheckId);
  }

  /**
   * Demo accounts get unusable random tokens: the operator issues real ones with {@code POST
   * /v1/accounts/{id}/token}.
   */
  private static String randomTokenHash() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(random));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
