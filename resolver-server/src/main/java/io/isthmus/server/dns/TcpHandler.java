package io.isthmus.server.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS-over-TCP messages (RFC 7766), one length-delimited frame at a time, inline on the
 * event loop. Pipelined queries are answered in arrival order (allowed by RFC 7766 §6.2.1.1, which
 * also permits out of order) and flushed once per read batch. When the client stops reading,
 * reading from it pauses too, so a slow reader cannot make us buffer without bound. Stateless.
 */
@Sharable
final class TcpHandler extends SimpleChannelInboundHandler<ByteBuf> {

  private static final Logger log = LoggerFactory.getLogger(TcpHandler.class);

  private final QueryPipeline pipeline;

  TcpHandler(QueryPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] query = ByteBufUtil.getBytes(frame);
    CompletableFuture<byte[]> response =
        pipeline.process(
            query,
            (InetSocketAddress) ctx.channel().remoteAddress(),
            (InetSocketAddress) ctx.channel().localAddress(),
            Transport.TCP);
    // A dropped query (no header, QR=1) gets no answer; the connection stays usable.
    if (response.isDone()) {
      byte[] bytes = response.join();
      if (bytes != null) {
        ctx.write(Unpooled.wrappedBuffer(bytes));
      }
    } else {
      // RFC 7766 §7: answers on one connection may come back out of order.
      response.thenAccept(
          bytes -> {
            if (bytes != null) {
              ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
            }
          });
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      // RFC 7766 §6.2.3: the server closes idle connections.
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Counted (isthmus.dns.listener.errors), logged only at debug: clients can cause these at will.
    pipeline.listenerError(Transport.TCP);
    log.debug("TCP connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
