package io.isthmus.server.forward;

import io.isthmus.server.dns.NettyPlatform;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Name;

/**
 * The client side of the forwarder on one of its event loops: UDP through the loop's {@link
 * UdpSocketPool}, TCP (after truncation) on a new connection per query. Everything it returns
 * completes on its loop; call it from that loop only.
 */
final class Exchanger {

  /**
   * Read buffer per datagram: the largest possible, so that an oversized reply is seen whole and
   * dropped by the {@link ReplyValidator} rather than cut by the kernel into something parseable.
   */
  private static final int MAX_DATAGRAM = 65535;

  /** Bytes of kernel receive buffer per pooled socket (capped by net.core.rmem_max). */
  private static final int RECEIVE_BUFFER = 1 << 20;

  private final EventLoop loop;
  private final Bootstrap tcp;
  private final ReplyValidator validator;
  private final UdpSocketPool pool;

  Exchanger(NettyPlatform platform, EventLoop loop, ReplyValidator validator, SecureRandom random) {
    this.loop = loop;
    this.validator = validator;
    this.pool =
        new UdpSocketPool(
            udpBootstrap(platform, loop),
            loop,
            validator,
            random,
            UdpSocketPool.SOCKETS_PER_TARGET,
            UdpSocketPool.MAX_QUERIES,
            UdpSocketPool.MAX_AGE);
    this.tcp =
        new Bootstrap()
            .group(loop)
            .channel(platform.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true);
  }

  /** How the pooled UDP sockets are made. */
  static Bootstrap udpBootstrap(NettyPlatform platform, EventLoop loop) {
    return new Bootstrap()
        .group(loop)
        .channel(platform.datagramChannel())
        .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
        // Each socket carries replies to many queries at once: room for a burst of them.
        .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER);
  }

  EventLoop loop() {
    return loop;
  }

  /**
   * Asks {@code target} the question over UDP with a fresh random ID; see {@link
   * PooledUdpSocket#send}.
   *
   * @param source the local address to send from, or null for any
   */
  CompletableFuture<ExchangeOutcome> udp(
      InetAddress source,
      InetSocketAddress target,
      Name name,
      int type,
      int dclass,
      long timeoutNanos) {
    return pool.exchange(source, target, name, type, dclass, timeoutNanos);
  }

  /** Retires the pooled sockets of targets not in {@code inUse}; on this exchanger's loop. */
  void retainTargets(Set<InetSocketAddress> inUse) {
    pool.retain(inUse);
  }

  /** See {@link UdpSocketPool#liveSockets}; on this exchanger's loop. */
  int liveSockets() {
    return pool.liveSockets();
  }

  /** See {@link TcpExchange#start}. */
  CompletableFuture<ExchangeOutcome> tcp(
      InetAddress source, InetSocketAddress target, OutboundQuery query, long timeoutNanos) {
    return TcpExchange.start(tcp, source, target, query, timeoutNanos, validator);
  }
}
