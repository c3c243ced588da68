package io.isthmus.server.dns;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The TCP connections of the DNS listeners (BIND's {@code tcp-clients}, RFC 7766 §6.2.2): a cap on
 * open connections in total and per client address, and counts of the connections refused and of
 * those closed for misbehaving. One instance may serve several {@link DnsServer}s, so the cap
 * covers the node's resolver listeners and inbound endpoints together.
 *
 * <p>Touched once per connection, never per query. Thread-safe: the per-address counts live in a
 * {@link ConcurrentHashMap} whose entries go away with the address's last connection, so it holds
 * at most as many entries as there are open connections.
 */
public final class TcpConnections {

  /** Why a new connection was closed at once. */
  public enum Rejection {
    /** {@code maxConnections} open already. */
    TOTAL_LIMIT,
    /** {@code maxConnectionsPerSource} open from the same address already. */
    SOURCE_LIMIT
  }

  /** Why an established connection was closed by the server. */
  public enum Closing {
    /** No traffic and no query in flight for the idle timeout (RFC 7766 §6.2.3). */
    IDLE,
    /** A message begun but not completed within the idle timeout (slowloris). */
    SLOW_MESSAGE,
    /** Answers could not be written for the idle timeout: the client does not read them. */
    SLOW_READER
  }

  private final int maxConnections;
  private final int maxConnectionsPerSource;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
  private final LongAdder[] rejected = adders(Rejection.values().length);
  private final LongAdder[] closed = adders(Closing.values().length);

  public TcpConnections(int maxConnections, int maxConnectionsPerSource) {
    if (maxConnections < 1 || maxConnectionsPerSource < 1) {
      throw new IllegalArgumentException(
          "TCP connection caps must be positive: "
              + maxConnections
              + ", "
              + maxConnectionsPerSource);
    }
    this.maxConnections = maxConnections;
    this.maxConnectionsPerSource = maxConnectionsPerSource;
  }

  /** The caps of {@code options}. */
  public static TcpConnections of(DnsServerOptions options) {
    return new TcpConnections(options.maxTcpConnections(), options.maxTcpConnectionsPerSource());
  }

  /**
   * Counts a new connection from {@code source} in, or says why it must be closed (and counts
   * that). Each admitted connection must be {@link #release released} once when it closes.
   *
   * @return null when admitted
   */
  Rejection admit(InetAddress source) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return reject(Rejection.TOTAL_LIMIT);
    }
    boolean[] admitted = {false};
    perSource.compute(
        source,
        (address, count) -> {
          int current = count == null ? 0 : count;
          if (current >= maxConnectionsPerSource) {
            return count;
          }
          admitted[0] = true;
          return current + 1;
        });
    if (!admitted[0]) {
      open.decrementAndGet();
      return reject(Rejection.SOURCE_LIMIT);
    }
    return null;
  }

  private Rejection reject(Rejection reason) {
    rejected[reason.ordinal()].increment();
    return reason;
  }

  /** An admitted connection from {@code source} closed. */
  void release(InetAddress source) {
    perSource.computeIfPresent(source, (address, count) -> count <= 1 ? null : count - 1);
    open.decrementAndGet();
  }

  void closedBecause(Closing reason) {
    closed[reason.ordinal()].increment();
  }

  /** Connections open now ({@code isthmus_dns_tcp_connections}). */
  public int open() {
    return open.get();
  }

  /** Connections from {@code source} open now. */
  public int open(InetAddress source) {
    return perSource.getOrDefault(source, 0);
  }

  /** New connections closed at once ({@code isthmus_dns_tcp_rejected_total{reason}}). */
  public long rejected(Rejection reason) {
    return rejected[reason.ordinal()].sum();
  }

  /** Established connections closed by the server ({@code isthmus_dns_tcp_closed_total}). */
  public long closed(Closing reason) {
    return closed[reason.ordinal()].sum();
  }

  private static LongAdder[] adders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }
}
