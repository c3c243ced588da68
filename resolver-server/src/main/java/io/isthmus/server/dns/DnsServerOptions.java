package io.isthmus.server.dns;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning knobs of {@link DnsServer}. Immutable.
 *
 * @param eventLoopThreads event-loop threads; with epoll also the number of UDP sockets per listen
 *     address (one per thread, SO_REUSEPORT)
 * @param udpReceiveBufferBytes SO_RCVBUF of UDP sockets; spec §7 asks for 4 MiB because the 208 KiB
 *     default drops queries under bursts (the kernel caps it at net.core.rmem_max)
 * @param tcpIdleTimeout a TCP connection with no traffic and no query in flight for this long is
 *     closed (RFC 7766 §6.2.3); so is one whose message has not arrived in full this long after its
 *     first bytes (slowloris), and one that could not be written to for this long (a client that
 *     does not read its answers)
 * @param maxTcpConnections open TCP connections across all listeners; beyond it new ones are closed
 *     at once (RFC 7766 §6.2.2: servers must protect themselves)
 * @param portBindAttempts for a listen address with port 0: how many TCP ports to try before giving
 *     up when UDP cannot take the port TCP got
 * @param maxTcpConnectionsPerSource open TCP connections from one client address; beyond it its new
 *     ones are closed at once (RFC 7766 §6.2.2: servers MAY limit connections per client)
 * @param maxTcpQueriesInFlight queries of one connection being answered at once (forwarded ones
 *     waiting for an upstream); at the cap the server stops reading from the connection until an
 *     answer is written
 */
public record DnsServerOptions(
    int eventLoopThreads,
    int udpReceiveBufferBytes,
    Duration tcpIdleTimeout,
    int maxTcpConnections,
    int portBindAttempts,
    int maxTcpConnectionsPerSource,
    int maxTcpQueriesInFlight) {

  public DnsServerOptions {
    Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
    if (eventLoopThreads < 1
        || udpReceiveBufferBytes < 1
        || tcpIdleTimeout.isNegative()
        || tcpIdleTimeout.isZero()
        || maxTcpConnections < 1
        || portBindAttempts < 1
        || maxTcpConnectionsPerSource < 1
        || maxTcpQueriesInFlight < 1) {
      throw new IllegalArgumentException("DNS server options must be positive: " + this);
    }
  }

  /** The five knobs of old; 64 connections per source and 100 queries in flight each. */
  public DnsServerOptions(
      int eventLoopThreads,
      int udpReceiveBufferBytes,
      Duration tcpIdleTimeout,
      int maxTcpConnections,
      int portBindAttempts) {
    this(
        eventLoopThreads,
        udpReceiveBufferBytes,
        tcpIdleTimeout,
        maxTcpConnections,
        portBindAttempts,
        64,
        100);
  }

  /**
   * One thread per processor, 4 MiB UDP buffers, 10 s TCP idle timeout, 1024 connections, 64 per
   * source, 100 queries in flight per connection.
   */
  public static DnsServerOptions defaults() {
    return new DnsServerOptions(
        Runtime.getRuntime().availableProcessors(),
        4 * 1024 * 1024,
        Duration.ofSeconds(10),
        1024,
        5);
  }

  public DnsServerOptions withEventLoopThreads(int threads) {
    return new DnsServerOptions(
        threads,
        udpReceiveBufferBytes,
        tcpIdleTimeout,
        maxTcpConnections,
        portBindAttempts,
        maxTcpConnectionsPerSource,
        maxTcpQueriesInFlight);
  }

  public DnsServerOptions withTcpIdleTimeout(Duration timeout) {
    return new DnsServerOptions(
        eventLoopThreads,
        udpReceiveBufferBytes,
        timeout,
        maxTcpConnections,
        portBindAttempts,
        maxTcpConnectionsPerSource,
        maxTcpQueriesInFlight);
  }

  public DnsServerOptions withMaxTcpConnections(int max) {
    return new DnsServerOptions(
        eventLoopThreads,
        udpReceiveBufferBytes,
        tcpIdleTimeout,
        max,
        portBindAttempts,
        maxTcpConnectionsPerSource,
        maxTcpQueriesInFlight);
  }

  public DnsServerOptions withMaxTcpConnectionsPerSource(int max) {
    return new DnsServerOptions(
        eventLoopThreads,
        udpReceiveBufferBytes,
        tcpIdleTimeout,
        maxTcpConnections,
        portBindAttempts,
        max,
        maxTcpQueriesInFlight);
  }

  public DnsServerOptions withMaxTcpQueriesInFlight(int max) {
    return new DnsServerOptions(
        eventLoopThreads,
        udpReceiveBufferBytes,
        tcpIdleTimeout,
        maxTcpConnections,
        portBindAttempts,
        maxTcpConnectionsPerSource,
        max);
  }
}
