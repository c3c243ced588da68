package io.isthmus.server.forward;

import io.isthmus.server.dns.NettyPlatform;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Opens the client sockets of the forwarder on its event loop: UDP first, TCP after truncation.
 * Thread-safe (the bootstraps are only cloned).
 */
final class Exchanger {

  /**
   * Read buffer per datagram: the largest possible, so that an oversized reply is seen whole and
   * dropped by the {@link ReplyValidator} rather than cut by the kernel into something parseable.
   */
  private static final int MAX_DATAGRAM = 65535;

  private final Bootstrap udp;
  private final Bootstrap tcp;
  private final ReplyValidator validator;

  Exchanger(NettyPlatform platform, EventLoop loop, ReplyValidator validator) {
    this.validator = validator;
    this.udp =
        new Bootstrap()
            .group(loop)
            .channel(platform.datagramChannel())
            .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
    this.tcp =
        new Bootstrap()
            .group(loop)
            .channel(platform.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true);
  }

  /** See {@link UdpExchange#start}. */
  CompletableFuture<ExchangeOutcome> udp(
      InetAddress source, InetSocketAddress target, OutboundQuery query, long timeoutNanos) {
    return UdpExchange.start(udp, source, target, query, timeoutNanos, validator);
  }

  /** See {@link TcpExchange#start}. */
  CompletableFuture<ExchangeOutcome> tcp(
      InetAddress source, InetSocketAddress target, OutboundQuery query, long timeoutNanos) {
    return TcpExchange.start(tcp, source, target, query, timeoutNanos, validator);
  }
}
