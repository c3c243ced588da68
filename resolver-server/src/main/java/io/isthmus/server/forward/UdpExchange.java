package io.isthmus.server.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * One query over UDP on its own new socket: bound to the source address with port 0, so the OS
 * picks a random ephemeral port (RFC 5452 §9.2), and connected to the target. Connecting makes the
 * kernel drop datagrams from other addresses and report ICMP port unreachable (which an unconnected
 * socket never sees); the {@link ReplyValidator} still checks the sender. Confined to its event
 * loop; one instance per exchange.
 */
final class UdpExchange extends SimpleChannelInboundHandler<DatagramPacket> {

  private final OutboundQuery query;
  private final InetSocketAddress target;
  private final ReplyValidator validator;
  private final ExchangeCompletion completion = new ExchangeCompletion();

  private UdpExchange(OutboundQuery query, InetSocketAddress target, ReplyValidator validator) {
    this.query = query;
    this.target = target;
    this.validator = validator;
  }

  /**
   * Sends {@code query} and completes with the first valid reply, a timeout or a network error;
   * never exceptionally.
   *
   * @param source the local address to bind, or null for any
   */
  static CompletableFuture<ExchangeOutcome> start(
      Bootstrap udp,
      InetAddress source,
      InetSocketAddress target,
      OutboundQuery query,
      long timeoutNanos,
      ReplyValidator validator) {
    UdpExchange exchange = new UdpExchange(query, target, validator);
    Bootstrap bootstrap = udp.clone().handler(exchange);
    ChannelFuture connect =
        source == null
            ? bootstrap.connect(target)
            : bootstrap.connect(target, new InetSocketAddress(source, 0));
    exchange.completion.arm(connect.channel(), timeoutNanos);
    connect.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            // Binding or connecting a UDP socket fails locally (no such source address, no
            // route), never because of the target.
            exchange.completion.fail("cannot send from " + source + ": " + f.cause(), false);
          } else if (!exchange.completion.isDone()) {
            f.channel()
                .writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(query.wire()), target));
          }
        });
    return exchange.completion.future();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    // A connected socket only receives from its peer; transports that leave the sender out of
    // such datagrams are covered by falling back to the peer address.
    InetSocketAddress sender =
        packet.sender() != null
            ? packet.sender()
            : (InetSocketAddress) ctx.channel().remoteAddress();
    Message reply =
        validator.accept(query, target, sender, packet.content(), OutboundQuery.UDP_PAYLOAD);
    if (reply != null) {
      completion.reply(reply);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof PortUnreachableException) {
      completion.fail("port unreachable", true);
    } else {
      completion.fail(cause.toString(), true);
    }
  }
}
