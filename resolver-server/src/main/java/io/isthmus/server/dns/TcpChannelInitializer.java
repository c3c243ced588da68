package io.isthmus.server.dns;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * Sets up each accepted TCP connection, or closes it at once when the node's {@link TcpConnections}
 * caps (in total, per client address) are reached: RFC 7766 §6.2.2, the server protects itself, and
 * established connections keep being served. Thread-safe.
 */
@Sharable
final class TcpChannelInitializer extends ChannelInitializer<SocketChannel> {

  /** RFC 1035 §4.2.2 / RFC 7766 §8: a two-byte length before each message. */
  private static final int LENGTH_FIELD = 2;

  /**
   * Answers buffered for a client before it counts as not reading (reading from it pauses then): a
   * few dozen large answers, so a client reading at all never hits it.
   */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final QueryPipeline pipeline;
  private final long idleNanos;
  private final int maxInFlight;
  private final TcpConnections connections;

  TcpChannelInitializer(
      QueryPipeline pipeline, DnsServerOptions options, TcpConnections connections) {
    this.pipeline = pipeline;
    this.idleNanos = options.tcpIdleTimeout().toNanos();
    this.maxInFlight = options.maxTcpQueriesInFlight();
    this.connections = connections;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    InetAddress source = channel.remoteAddress().getAddress();
    if (connections.admit(source) != null) {
      channel.close();
      return;
    }
    channel.closeFuture().addListener(closed -> connections.release(source));
    channel
        .pipeline()
        .addLast(new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS))
        .addLast(new TcpFrameDecoder(idleNanos, connections))
        .addLast(new LengthFieldPrepender(LENGTH_FIELD))
        .addLast(new TcpHandler(pipeline, maxInFlight, idleNanos, connections));
  }
}
