package io.isthmus.server.dns;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sets up each accepted TCP connection, or closes it at once when {@code maxConnections} are
 * already open (RFC 7766 §6.2.2: the server limits concurrent connections). The count covers all
 * listeners of one server. Thread-safe.
 */
@Sharable
final class TcpChannelInitializer extends ChannelInitializer<SocketChannel> {

  /** RFC 1035 §4.2.2 / RFC 7766 §8: a two-byte length, then at most 65535 bytes of message. */
  private static final int LENGTH_FIELD = 2;

  private final TcpHandler handler;
  private final long idleNanos;
  private final int maxConnections;
  private final AtomicInteger open = new AtomicInteger();

  TcpChannelInitializer(QueryPipeline pipeline, DnsServerOptions options) {
    this.handler = new TcpHandler(pipeline);
    this.idleNanos = options.tcpIdleTimeout().toNanos();
    this.maxConnections = options.maxTcpConnections();
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      channel.close();
      return;
    }
    channel.closeFuture().addListener(closed -> open.decrementAndGet());
    channel
        .pipeline()
        .addLast(new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS))
        // The decoder's maximum counts the length field itself.
        .addLast(
            new LengthFieldBasedFrameDecoder(
                Truncation.MAX_MESSAGE + LENGTH_FIELD, 0, LENGTH_FIELD, 0, LENGTH_FIELD))
        .addLast(new LengthFieldPrepender(LENGTH_FIELD))
        .addLast(handler);
  }
}
