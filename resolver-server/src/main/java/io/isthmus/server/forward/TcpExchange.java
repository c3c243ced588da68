package io.isthmus.server.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * One query over TCP, after a truncated UDP reply (RFC 7766 §5: a TC reply is retried over TCP). A
 * new connection from the same source address (port 0) per query, closed after the reply; with the
 * RFC 1035 §4.2.2 two-byte length framing. Confined to its event loop; one instance per exchange.
 */
final class TcpExchange extends SimpleChannelInboundHandler<ByteBuf> {

  /** RFC 1035 §4.2.2: a two-byte length, then at most 65535 bytes of message. */
  private static final int LENGTH_FIELD = 2;

  private static final int MAX_MESSAGE = 65535;

  private final OutboundQuery query;
  private final InetSocketAddress target;
  private final ReplyValidator validator;
  private final ExchangeCompletion completion = new ExchangeCompletion();

  private TcpExchange(OutboundQuery query, InetSocketAddress target, ReplyValidator validator) {
    this.query = query;
    this.target = target;
    this.validator = validator;
  }

  /**
   * Connects, sends {@code query} and completes with the first valid reply, a timeout or a network
   * error; never exceptionally.
   *
   * @param source the local address to bind, or null for any
   */
  static CompletableFuture<ExchangeOutcome> start(
      Bootstrap tcp,
      InetAddress source,
      InetSocketAddress target,
      OutboundQuery query,
      long timeoutNanos,
      ReplyValidator validator) {
    TcpExchange exchange = new TcpExchange(query, target, validator);
    Bootstrap bootstrap =
        tcp.clone()
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast(
                            new LengthFieldBasedFrameDecoder(
                                MAX_MESSAGE + LENGTH_FIELD, 0, LENGTH_FIELD, 0, LENGTH_FIELD))
                        .addLast(new LengthFieldPrepender(LENGTH_FIELD))
                        .addLast(exchange);
                  }
                });
    ChannelFuture connect =
        source == null
            ? bootstrap.connect(target)
            : bootstrap.connect(target, new InetSocketAddress(source, 0));
    Channel channel = connect.channel();
    exchange.completion.arm(channel.eventLoop(), timeoutNanos, channel::close);
    connect.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            exchange.completion.fail("TCP connect failed: " + f.cause(), true);
          } else if (!exchange.completion.isDone()) {
            f.channel().writeAndFlush(Unpooled.wrappedBuffer(query.wire()));
          }
        });
    return exchange.completion.future();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    Message reply =
        validator.accept(
            query, target, (InetSocketAddress) ctx.channel().remoteAddress(), frame, MAX_MESSAGE);
    if (reply != null) {
      completion.reply(reply);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    completion.fail("TCP connection closed without a reply", true);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    completion.fail("TCP: " + cause, true);
  }
}
