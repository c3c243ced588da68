package io.isthmus.server.query;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What happened to one query: made once, after the response was produced (or the query dropped),
 * and handed to every {@link QueryObserver}. It holds only values the query path already had, so
 * making it formats nothing and copies nothing; the query log formats it later, on its own thread.
 *
 * <p>The account id and region of the VPC and the inbound endpoint the query arrived on are not
 * here: the query path does not have them at hand, and only the query log needs them, so its writer
 * looks them up in the snapshot ({@code querylog.QueryLogDirectory}).
 *
 * <p>Immutable: the answer list is the resolution's own unmodifiable list, kept by reference.
 *
 * @param timestampMillis when the query was received, epoch milliseconds (wall clock)
 * @param source the client's address
 * @param local the listener address the query arrived on
 * @param qname the question name as received (0x20 case kept), or null when none could be decoded
 * @param qtype the question type, or -1 when none could be decoded
 * @param qclass the question class, or -1 when none could be decoded
 * @param rcode the response's RCODE, or {@link #DROPPED} when no response was sent
 * @param answers the answer records sent (before truncation), for query logs
 * @param route what decided the query name, or null when the wire layer answered (FORMERR, CHAOS…)
 * @param routeId the zone or rule that decided, or null
 * @param vpcId the VPC the query was resolved for, or null (unknown source, wire-layer answers)
 * @param cache whether a forwarded answer came from the forwarder's cache
 * @param latencyNanos from receipt until the response was ready to be written
 * @param responseSize the response's size in bytes, 0 when dropped
 * @param edeCode the Extended DNS Error (RFC 8914) info code, or -1 for none
 */
public record QueryEvent(
    long timestampMillis,
    InetSocketAddress source,
    InetSocketAddress local,
    Transport transport,
    Name qname,
    int qtype,
    int qclass,
    int rcode,
    List<Record> answers,
    RouteKind route,
    String routeId,
    String vpcId,
    CacheStatus cache,
    long latencyNanos,
    int responseSize,
    int edeCode) {

  /** The {@link #rcode()} of a query that got no response (no header, QR=1, or a failed render). */
  public static final int DROPPED = -1;

  /** True when no response was sent. */
  public boolean dropped() {
    return rcode == DROPPED;
  }
}
