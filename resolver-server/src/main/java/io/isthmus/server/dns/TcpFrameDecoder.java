package io.isthmus.server.dns;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cuts a TCP stream into DNS messages (a two-byte length, then the message: RFC 1035 §4.2.2, RFC
 * 7766 §8) and closes the connection when a message that has begun does not arrive in full within
 * {@code messageTimeout}. The idle timeout alone would not do: a client trickling one byte now and
 * then is never idle, yet would hold the connection and its buffer forever (slowloris). The
 * deadline does not run out while the server itself has stopped reading (queries in flight at the
 * cap, or answers not yet written), since the client cannot finish the message then. One instance
 * per connection; used on its event loop only.
 */
final class TcpFrameDecoder extends LengthFieldBasedFrameDecoder {

  private static final int LENGTH_FIELD = 2;

  private final long messageTimeoutNanos;
  private final TcpConnections connections;
  private ScheduledFuture<?> deadline;

  TcpFrameDecoder(long messageTimeoutNanos, TcpConnections connections) {
    // The maximum counts the length field itself.
    super(Truncation.MAX_MESSAGE + LENGTH_FIELD, 0, LENGTH_FIELD, 0, LENGTH_FIELD);
    this.messageTimeoutNanos = messageTimeoutNanos;
    this.connections = connections;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    super.channelReadComplete(ctx);
    boolean partial = internalBuffer().isReadable();
    if (partial && deadline == null) {
      arm(ctx);
    } else if (!partial && deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void arm(ChannelHandlerContext ctx) {
    deadline =
        ctx.executor().schedule(() -> expire(ctx), messageTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void expire(ChannelHandlerContext ctx) {
    deadline = null;
    if (!ctx.channel().isActive() || !internalBuffer().isReadable()) {
      return;
    }
    if (!ctx.channel().config().isAutoRead()) {
      // We are not reading: the rest of the message may be waiting in the socket.
      arm(ctx);
      return;
    }
    connections.closedBecause(TcpConnections.Closing.SLOW_MESSAGE);
    ctx.close();
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
