package io.isthmus.server.dns;

import io.isthmus.server.query.Transport;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers UDP queries inline on the event loop: the pipeline is in memory and never blocks.
 * Responses are written as they are made and flushed once per read batch, which lets epoll send
 * them with one sendmmsg. Stateless, so one instance serves every UDP socket.
 */
@Sharable
final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  private static final Logger log = LoggerFactory.getLogger(UdpHandler.class);

  private final QueryPipeline pipeline;

  UdpHandler(QueryPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    // One copy in: dnsjava parses byte arrays. The response is wrapped, not copied.
    byte[] query = ByteBufUtil.getBytes(packet.content());
    InetSocketAddress client = packet.sender();
    CompletableFuture<byte[]> response =
        pipeline.process(query, client, packet.recipient(), Transport.UDP);
    if (response.isDone()) {
      // Local answers: written now, flushed once per read batch.
      byte[] bytes = response.join();
      if (bytes != null) {
        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(bytes), client));
      }
    } else {
      // Forwarded: completes on the forwarder's thread; Netty hands the write to our loop.
      response.thenAccept(
          bytes -> {
            if (bytes != null) {
              ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), client));
            }
          });
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Counted (isthmus.dns.listener.errors), logged only at debug: clients can cause these at will.
    pipeline.listenerError(Transport.UDP);
    // A UDP socket serves every client: one bad send (e.g. an ICMP error surfacing) must not
    // close it.
    log.debug("UDP socket {}: {}", ctx.channel().localAddress(), cause.toString());
  }
}
