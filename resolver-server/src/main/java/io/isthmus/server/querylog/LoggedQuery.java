package io.isthmus.server.querylog;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.query.Transport;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What the query log keeps of one {@link QueryEvent}: a reusable slot of a {@link LoggedQueryRing},
 * filled on the query path and read by the writer thread.
 *
 * <p>It exists for the cost of the hand-over between threads, measured under load: the writer
 * thread reading each event's objects (the event, its queue node, the client's socket address and
 * the address inside it), all freshly written by another core, cost more than formatting the line.
 * Here the query thread copies the primitives into a slot it wrote before, and the writer reads one
 * small object; only the question name and references into the snapshot are kept as references.
 *
 * <p>Not thread-safe by itself: the ring's release and acquire order the producer's writes before
 * the consumer's reads.
 */
final class LoggedQuery {

  long timestampMillis;
  Name qname;
  int qtype;
  int qclass;
  int rcode;
  List<Record> answers;

  /**
   * {@code System.identityHashCode(answers)}, taken on the query thread, whose cache holds the
   * answer it just sent: the writer finds the list's formatted text by it without reading the list.
   */
  int answersHash;

  /** 0 for no source, 4 for {@link #sourceV4}, 16 for {@link #sourceV6}. */
  int sourceLength;

  int sourceV4;
  byte[] sourceV6;
  int sourcePort;
  InetSocketAddress local;
  Transport transport;
  RouteKind route;
  String routeId;
  String vpcId;
  CacheStatus cache;
  long latencyNanos;
  List<QueryLogTarget> targets;

  /** A slot holding {@code event}, outside any ring (tests, tools). */
  static LoggedQuery of(QueryEvent event) {
    LoggedQuery query = new LoggedQuery();
    query.fill(event, List.of());
    return query;
  }

  /** Copies {@code event} in; called by the ring's producer. */
  void fill(QueryEvent event, List<QueryLogTarget> targets) {
    timestampMillis = event.timestampMillis();
    qname = event.qname();
    qtype = event.qtype();
    qclass = event.qclass();
    rcode = event.rcode();
    answers = event.answers();
    answersHash = answers.isEmpty() ? 0 : System.identityHashCode(answers);
    InetSocketAddress source = event.source();
    if (source == null) {
      sourceLength = 0;
    } else {
      byte[] address = source.getAddress().getAddress();
      if (address.length == 4) {
        sourceLength = 4;
        sourceV4 =
            (address[0] & 0xff) << 24
                | (address[1] & 0xff) << 16
                | (address[2] & 0xff) << 8
                | (address[3] & 0xff);
      } else {
        sourceLength = 16;
        if (sourceV6 == null) {
          sourceV6 = new byte[16];
        }
        System.arraycopy(address, 0, sourceV6, 0, 16);
      }
      sourcePort = source.getPort();
    }
    local = event.local();
    transport = event.transport();
    route = event.route();
    routeId = event.routeId();
    vpcId = event.vpcId();
    cache = event.cache();
    latencyNanos = event.latencyNanos();
    this.targets = targets;
  }

  /** Drops the references, so a consumed slot keeps no name, answer or snapshot object alive. */
  void clear() {
    qname = null;
    answers = null;
    local = null;
    routeId = null;
    vpcId = null;
    targets = null;
  }

  boolean dropped() {
    return rcode == QueryEvent.DROPPED;
  }

  /** The source address as an {@link InetAddress} (the slow path: IPv6 and tests). */
  InetAddress sourceAddress() {
    try {
      if (sourceLength == 4) {
        return Inet4Address.getByAddress(
            new byte[] {
              (byte) (sourceV4 >>> 24),
              (byte) (sourceV4 >>> 16),
              (byte) (sourceV4 >>> 8),
              (byte) sourceV4
            });
      }
      return sourceLength == 16 ? InetAddress.getByAddress(sourceV6.clone()) : null;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
    }
  }
}
