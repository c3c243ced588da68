package io.isthmus.server.app;

import io.isthmus.server.dns.RateLimitOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

/**
 * The {@code isthmus.*} configuration keys of docs/spec/operations.md. Immutable.
 *
 * @param nodeId shown in NSID, CHAOS id.server and node listings; the host name when blank
 * @param regions regions whose VPCs this node serves; empty = all
 * @param dataDir embedded database, operator token, last-snapshot file
 * @param demo load the demo configuration into an empty store
 */
@ConfigurationProperties("isthmus")
public record IsthmusProperties(
    String nodeId,
    @DefaultValue List<String> regions,
    @DefaultValue("./data") Path dataDir,
    @DefaultValue Store store,
    @DefaultValue Dns dns,
    @DefaultValue Admin admin,
    @DefaultValue QueryLog queryLog,
    @DefaultValue Metrics metrics,
    @DefaultValue Forward forward,
    @DefaultValue Aws aws,
    @DefaultValue("false") boolean demo) {

  /**
   * {@code isthmus.aws.*}: the AWS-compatible API (docs/aws-api.md).
   *
   * @param port the port of its listener, beside the admin API's; negative (the default): off; 0:
   *     any free port
   * @param address the address of its listener; loopback by default
   * @param secretKey the key that seals the secrets of AWS access keys in the store: base64 of 32
   *     bytes, the same on every node sharing a store; generated and saved in the data dir when
   *     blank
   * @param vpcResolverAddresses a CIDR block from which each VPC created through EC2 gets its
   *     resolver address (docs/spec/resolution.md section 1); none when blank (the default)
   * @param vpcResolverPort the port of those resolver addresses
   */
  public record Aws(
      @DefaultValue("-1") int port,
      @DefaultValue("127.0.0.1") String address,
      String secretKey,
      @DefaultValue("") String vpcResolverAddresses,
      @DefaultValue("53") int vpcResolverPort) {
    @Override
    public String toString() {
      return "Aws[port="
          + port
          + ", address="
          + address
          + ", secretKey=****, vpcResolverAddresses="
          + vpcResolverAddresses
          + ", vpcResolverPort="
          + vpcResolverPort
          + "]";
    }
  }

  /**
   * @param url JDBC URL; blank = the embedded file database in the data dir
   */
  public record Store(String url, String username, String password) {}

  /**
   * @param listen VPC resolver listeners, {@code ip:port}, UDP and TCP
   * @param defaultUpstreams where names no zone or rule claims go
   * @param debugSources CIDRs (or single addresses) whose successful answers to EDNS queries carry
   *     an EDE 0 "Other" naming the zone or rule that answered; none by default
   * @param observe per-query metrics and query logs; false switches both off (to measure what they
   *     cost, docs/performance.md)
   * @param rrl response rate limiting on UDP
   * @param tcp limits on TCP connections
   */
  public record Dns(
      @DefaultValue("127.0.0.1:8053") List<String> listen,
      List<String> defaultUpstreams,
      @DefaultValue List<String> debugSources,
      @DefaultValue("true") boolean observe,
      @DefaultValue Rrl rrl,
      @DefaultValue Tcp tcp) {}

  /**
   * {@code isthmus.dns.rrl.*}: response rate limiting on UDP with BIND 9's {@code rate-limit {}}
   * semantics (docs/architecture.md). Off by default. The per-category rates left unset take {@code
   * responses-per-second}, as in BIND.
   *
   * @param exemptClients CIDRs (or addresses) never limited
   * @param logOnly count what would be limited, but send every response
   */
  public record Rrl(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("0") int responsesPerSecond,
      Integer nodataPerSecond,
      Integer nxdomainsPerSecond,
      Integer errorsPerSecond,
      @DefaultValue("2") int slip,
      @DefaultValue("15") int window,
      @DefaultValue("24") int ipv4PrefixLength,
      @DefaultValue("56") int ipv6PrefixLength,
      @DefaultValue List<String> exemptClients,
      @DefaultValue("65536") int tableSize,
      @DefaultValue("false") boolean logOnly) {
    public Rrl {
      // Validated at binding, so a bad value stops the start with the key named.
      options(
          responsesPerSecond,
          nodataPerSecond,
          nxdomainsPerSecond,
          errorsPerSecond,
          slip,
          window,
          ipv4PrefixLength,
          ipv6PrefixLength,
          tableSize,
          logOnly);
    }

    /** The limiter's settings (unset rates replaced by {@code responsesPerSecond}). */
    public RateLimitOptions options() {
      return options(
          responsesPerSecond,
          nodataPerSecond,
          nxdomainsPerSecond,
          errorsPerSecond,
          slip,
          window,
          ipv4PrefixLength,
          ipv6PrefixLength,
          tableSize,
          logOnly);
    }

    // The compact constructor runs before the fields are set: everything comes as arguments.
    private static RateLimitOptions options(
        int responses,
        Integer nodata,
        Integer nxdomains,
        Integer errors,
        int slip,
        int window,
        int ipv4PrefixLength,
        int ipv6PrefixLength,
        int tableSize,
        boolean logOnly) {
      return new RateLimitOptions(
          responses,
          nodata == null ? responses : nodata,
          nxdomains == null ? responses : nxdomains,
          errors == null ? responses : errors,
          slip,
          window,
          ipv4PrefixLength,
          ipv6PrefixLength,
          tableSize,
          logOnly);
    }
  }

  /**
   * {@code isthmus.dns.tcp.*}: RFC 7766 §6.2 connection handling and BIND's {@code tcp-clients}.
   *
   * @param maxConnections open connections across all listeners; new ones beyond are closed
   * @param maxConnectionsPerSource open connections from one client address
   * @param maxQueriesInFlight queries of one connection answered at once; reading pauses beyond
   * @param idleTimeout idle connections are closed after this; also the time a begun message has to
   *     arrive in full, and a client that does not read its answers has to start reading
   */
  public record Tcp(
      @DefaultValue("1024") int maxConnections,
      @DefaultValue("64") int maxConnectionsPerSource,
      @DefaultValue("100") int maxQueriesInFlight,
      @DefaultValue("10s") Duration idleTimeout) {
    public Tcp {
      positive("max-connections", maxConnections);
      positive("max-connections-per-source", maxConnectionsPerSource);
      positive("max-queries-in-flight", maxQueriesInFlight);
      if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException(
            "isthmus.dns.tcp.idle-timeout must be positive: " + idleTimeout);
      }
    }

    private static void positive(String key, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(
            "isthmus.dns.tcp." + key + " must be positive: " + value);
      }
    }
  }

  /**
   * @param operatorToken the operator's bearer token; generated and saved when blank
   * @param rateLimit the admin API's token buckets (docs/api.md "Limits")
   * @param maxBodySize the largest request body the admin API reads (413 beyond)
   * @param audit how long the audit trail keeps its records
   * @param zoneImport the limits of a zone file import ({@code isthmus.admin.import.*})
   */
  public record Admin(
      String operatorToken,
      @DefaultValue RateLimit rateLimit,
      @DefaultValue("1MB") DataSize maxBodySize,
      @DefaultValue Audit audit,
      @Name("import") @DefaultValue Import zoneImport) {
    public Admin {
      if (maxBodySize == null || maxBodySize.toBytes() <= 0) {
        throw new IllegalArgumentException(
            "isthmus.admin.max-body-size must be positive: " + maxBodySize);
      }
    }
  }

  /**
   * The limits of {@code POST /v1/hostedzones/{id}/import} (docs/api.md "Zone files"), instead of
   * the body limit and the 1,000 records of a change batch.
   *
   * @param maxRecords the most records one zone file may hold (413 beyond)
   * @param maxBodySize the largest zone file read (413 beyond)
   */
  public record Import(
      @DefaultValue("1000000") long maxRecords, @DefaultValue("128MB") DataSize maxBodySize) {
    public Import {
      if (maxRecords < 1) {
        throw new IllegalArgumentException(
            "isthmus.admin.import.max-records must be at least 1: " + maxRecords);
      }
      if (maxBodySize == null || maxBodySize.toBytes() <= 0) {
        throw new IllegalArgumentException(
            "isthmus.admin.import.max-body-size must be positive: " + maxBodySize);
      }
    }
  }

  /**
   * Token buckets of the admin API: per account, for the operator, and per client address for
   * requests without a known token.
   *
   * @param requestsPerSecond an account's refill rate
   * @param burst an account's bucket size
   * @param operatorRequestsPerSecond the operator's refill rate
   * @param operatorBurst the operator's bucket size
   * @param unauthenticatedRequestsPerSecond refill rate per client address of failed logins
   * @param unauthenticatedBurst bucket size per client address of failed logins
   * @param maxClients buckets kept per kind of caller; beyond, new callers share one
   */
  public record RateLimit(
      @DefaultValue("50") double requestsPerSecond,
      @DefaultValue("100") int burst,
      @DefaultValue("200") double operatorRequestsPerSecond,
      @DefaultValue("400") int operatorBurst,
      @DefaultValue("5") double unauthenticatedRequestsPerSecond,
      @DefaultValue("20") int unauthenticatedBurst,
      @DefaultValue("10000") int maxClients) {
    public RateLimit {
      positive("requests-per-second", requestsPerSecond);
      positive("operator-requests-per-second", operatorRequestsPerSecond);
      positive("unauthenticated-requests-per-second", unauthenticatedRequestsPerSecond);
      atLeastOne("burst", burst);
      atLeastOne("operator-burst", operatorBurst);
      atLeastOne("unauthenticated-burst", unauthenticatedBurst);
      atLeastOne("max-clients", maxClients);
    }

    private static void positive(String key, double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            "isthmus.admin.rate-limit." + key + " must be a positive number: " + value);
      }
    }

    private static void atLeastOne(String key, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(
            "isthmus.admin.rate-limit." + key + " must be at least 1: " + value);
      }
    }
  }

  /**
   * @param retention records older than this are deleted
   * @param maxRecords at most this many records are kept, the newest
   */
  public record Audit(
      @DefaultValue("90d") Duration retention, @DefaultValue("1000000") long maxRecords) {
    public Audit {
      if (retention == null || retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException(
            "isthmus.admin.audit.retention must be positive: " + retention);
      }
      if (maxRecords < 1) {
        throw new IllegalArgumentException(
            "isthmus.admin.audit.max-records must be at least 1: " + maxRecords);
      }
    }
  }

  /**
   * The query-log writer (docs/spec/admin-api.md "Troubleshooting"; docs/architecture.md).
   *
   * @param queueCapacity lines queued per query thread before new ones are dropped and counted
   * @param rotateSize a log file is rotated before it grows past this
   * @param keepFiles rotated files kept per log ({@code NAME.jsonl.1} …); 0 keeps none
   */
  public record QueryLog(
      @DefaultValue("10000") int queueCapacity,
      @DefaultValue("100MB") DataSize rotateSize,
      @DefaultValue("5") int keepFiles) {
    public QueryLog {
      if (queueCapacity <= 0) {
        throw new IllegalArgumentException(
            "isthmus.query-log.queue-capacity must be positive: " + queueCapacity);
      }
      if (rotateSize == null || rotateSize.toBytes() <= 0) {
        throw new IllegalArgumentException(
            "isthmus.query-log.rotate-size must be positive: " + rotateSize);
      }
      if (keepFiles < 0) {
        throw new IllegalArgumentException(
            "isthmus.query-log.keep-files must not be negative: " + keepFiles);
      }
    }
  }

  /**
   * The forwarder's resource limits (docs/architecture.md "Forwarding").
   *
   * @param maxOutstanding upstream queries in flight at once (identical concurrent misses share
   *     one); a miss beyond it is answered at once, stale or SERVFAIL + EDE 14
   * @param maxOutstandingPerTarget queries in flight to one target; a target at it is skipped for
   *     another of the rule, and a query whose targets all are gets stale or SERVFAIL + EDE 22
   * @param maxTargets upstream targets whose state (health, load, meters) is kept
   */
  public record Forward(
      @DefaultValue("4096") int maxOutstanding,
      @DefaultValue("1024") int maxOutstandingPerTarget,
      @DefaultValue("10000") int maxTargets) {
    public Forward {
      requirePositive("isthmus.forward.max-outstanding", maxOutstanding);
      requirePositive("isthmus.forward.max-outstanding-per-target", maxOutstandingPerTarget);
      requirePositive("isthmus.forward.max-targets", maxTargets);
    }

    private static void requirePositive(String key, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(key + " must be positive: " + value);
      }
    }
  }

  /**
   * @param maxVpcTags VPC ids that get their own {@code vpc} tag value on the query metrics; the
   *     rest are counted as "other" (bounded cardinality)
   */
  public record Metrics(@DefaultValue("100") int maxVpcTags) {
    public Metrics {
      if (maxVpcTags < 0) {
        throw new IllegalArgumentException(
            "isthmus.metrics.max-vpc-tags must not be negative: " + maxVpcTags);
      }
    }
  }
}
