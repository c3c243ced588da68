package io.isthmus.server.forward;

import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Decides whether, and for how long, an upstream reply may be cached (spec §5). Immutable and
 * thread-safe.
 *
 * <ul>
 *   <li>Positive answers: the smallest TTL of the records, capped at {@code maxTtl}; no minimum.
 *   <li>Negative answers (NXDOMAIN, or NOERROR with an empty answer: NODATA): RFC 2308 §5, the
 *       smaller of the authority SOA's TTL and its MINIMUM field, capped at {@code maxNegativeTtl}.
 *       Without an SOA the reply is not cached (RFC 2308 §5: "Negative responses without SOA
 *       records SHOULD NOT be cached"); a NOERROR without answer or SOA is a referral.
 *   <li>SERVFAIL: {@code servfailTtl} (RFC 2308 §7.1 caps it at 5 minutes), never served stale: an
 *       old failure is no better than a new one.
 *   <li>Everything else (REFUSED, FORMERR, NOTIMP, ...) is not cached: REFUSED is a policy answer
 *       of that server for this client, it says nothing about the name.
 * </ul>
 *
 * A TTL of 0 means "use once" (RFC 1035 §3.2.1), so such replies are not cached either.
 */
final class CacheTtlPolicy {

  /** How long to keep a reply; {@code staleUsable} if it may be served stale after expiry. */
  record Decision(long ttlSeconds, boolean staleUsable) {}

  private final long maxTtl;
  private final long maxNegativeTtl;
  private final long servfailTtl;

  CacheTtlPolicy(Duration maxTtl, Duration maxNegativeTtl, Duration servfailTtl) {
    this.maxTtl = maxTtl.toSeconds();
    this.maxNegativeTtl = maxNegativeTtl.toSeconds();
    this.servfailTtl = servfailTtl.toSeconds();
  }

  /** The decision for a reply, or null when it must not be cached. */
  Decision decide(int rcode, List<Record> answer, List<Record> authority) {
    long ttl;
    if (rcode == Rcode.SERVFAIL) {
      return servfailTtl > 0 ? new Decision(servfailTtl, false) : null;
    } else if (rcode == Rcode.NXDOMAIN || (rcode == Rcode.NOERROR && answer.isEmpty())) {
      SOARecord soa = soa(authority);
      if (soa == null) {
        return null;
      }
      ttl = Math.min(maxNegativeTtl, minTtl(answer, minTtl(authority, Long.MAX_VALUE)));
    } else if (rcode == Rcode.NOERROR) {
      ttl = Math.min(maxTtl, minTtl(answer, minTtl(authority, Long.MAX_VALUE)));
    } else {
      return null;
    }
    return ttl > 0 ? new Decision(ttl, true) : null;
  }

  private static SOARecord soa(List<Record> authority) {
    for (Record record : authority) {
      if (record.getType() == Type.SOA) {
        return (SOARecord) record;
      }
    }
    return null;
  }

  /** The smallest TTL, an SOA counting with min(TTL, MINIMUM) (RFC 2308 §5). */
  private static long minTtl(List<Record> records, long start) {
    long min = start;
    for (Record record : records) {
      long ttl = record.getTTL();
      if (record instanceof SOARecord soa) {
        ttl = Math.min(ttl, soa.getMinimum());
      }
      min = Math.min(min, ttl);
    }
    return min;
  }
}
