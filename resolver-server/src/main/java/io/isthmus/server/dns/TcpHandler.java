package io.isthmus.server.dns;

import io.isthmus.server.query.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the DNS-over-TCP messages of one connection (RFC 7766), inline on its event loop, and
 * keeps what the connection can cost bounded:
 *
 * <ul>
 *   <li>At most {@code maxInFlight} queries are being answered at once (forwarded ones wait for an
 *       upstream). At the cap the server stops reading from the socket; messages of the last read
 *       wait here, in order, and are answered as earlier answers are written. Nothing is dropped,
 *       and what waits is bounded by one read.
 *   <li>When the client does not read its answers and the socket's write buffer passes its high
 *       water mark, reading pauses too; if it stays unwritable for {@code stallNanos}, the
 *       connection is closed.
 *   <li>Idle (RFC 7766 §6.2.3): closed when the idle timeout passes without traffic, unless a query
 *       is still in flight (its answer will be traffic).
 * </ul>
 *
 * <p>Pipelined queries are answered in arrival order when local and as they complete when forwarded
 * (RFC 7766 §6.2.1.1 allows both), and flushed once per read batch. One instance per connection;
 * its state is touched on the connection's event loop only.
 */
final class TcpHandler extends SimpleChannelInboundHandler<ByteBuf> {

  private static final Logger log = LoggerFactory.getLogger(TcpHandler.class);

  private final QueryPipeline pipeline;
  private final int maxInFlight;
  private final long stallNanos;
  private final TcpConnections connections;
  private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
  private int inFlight;
  private ScheduledFuture<?> unwritableDeadline;

  TcpHandler(QueryPipeline pipeline, int maxInFlight, long stallNanos, TcpConnections connections) {
    this.pipeline = pipeline;
    this.maxInFlight = maxInFlight;
    this.stallNanos = stallNanos;
    this.connections = connections;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] query = ByteBufUtil.getBytes(frame);
    if (inFlight >= maxInFlight || !waiting.isEmpty()) {
      waiting.add(query);
      updateReading(ctx);
      return;
    }
    answer(ctx, query);
  }

  private void answer(ChannelHandlerContext ctx, byte[] query) {
    CompletableFuture<byte[]> response =
        pipeline.process(
            query,
            (InetSocketAddress) ctx.channel().remoteAddress(),
            (InetSocketAddress) ctx.channel().localAddress(),
            Transport.TCP);
    // A dropped query (no header, QR=1) gets no answer; the connection stays usable.
    if (response.isDone()) {
      write(ctx, response.join());
      return;
    }
    inFlight++;
    updateReading(ctx);
    // The pipeline's futures never complete exceptionally. The state of this connection is the
    // event loop's: a completion elsewhere hops onto it.
    response.thenAccept(
        bytes -> {
          if (ctx.executor().inEventLoop()) {
            answered(ctx, bytes);
          } else {
            ctx.executor().execute(() -> answered(ctx, bytes));
          }
        });
  }

  private void answered(ChannelHandlerContext ctx, byte[] bytes) {
    inFlight--;
    write(ctx, bytes);
    while (inFlight < maxInFlight && !waiting.isEmpty()) {
      answer(ctx, waiting.poll());
    }
    ctx.flush();
    updateReading(ctx);
  }

  private static void write(ChannelHandlerContext ctx, byte[] bytes) {
    if (bytes != null) {
      ctx.write(Unpooled.wrappedBuffer(bytes));
    }
  }

  /** Reads while the client reads its answers and this connection has room for more queries. */
  private void updateReading(ChannelHandlerContext ctx) {
    ChannelConfig config = ctx.channel().config();
    boolean read = ctx.channel().isWritable() && inFlight < maxInFlight && waiting.isEmpty();
    if (config.isAutoRead() != read) {
      config.setAutoRead(read);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateReading(ctx);
    if (!ctx.channel().isWritable()) {
      if (unwritableDeadline == null) {
        unwritableDeadline =
            ctx.executor().schedule(() -> stalled(ctx), stallNanos, TimeUnit.NANOSECONDS);
      }
    } else if (unwritableDeadline != null) {
      unwritableDeadline.cancel(false);
      unwritableDeadline = null;
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void stalled(ChannelHandlerContext ctx) {
    unwritableDeadline = null;
    if (ctx.channel().isActive() && !ctx.channel().isWritable()) {
      connections.closedBecause(TcpConnections.Closing.SLOW_READER);
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      // RFC 7766 §6.2.3: the server closes idle connections; one still owing an answer is not idle.
      if (inFlight == 0 && waiting.isEmpty()) {
        connections.closedBecause(TcpConnections.Closing.IDLE);
        ctx.close();
      }
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    waiting.clear();
    if (unwritableDeadline != null) {
      unwritableDeadline.cancel(false);
      unwritableDeadline = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Counted (isthmus.dns.listener.errors), logged only at debug: clients can cause these at will.
    pipeline.listenerError(Transport.TCP);
    log.debug("TCP connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
