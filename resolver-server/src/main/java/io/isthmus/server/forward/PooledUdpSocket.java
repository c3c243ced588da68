package io.isthmus.server.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * One UDP socket of a {@link UdpSocketPool}: bound to a source address on a port the OS picks at
 * random (RFC 5452 §9.2), connected to one target, and carrying many queries at once, told apart by
 * their ID (each a random ID not in flight on this socket).
 *
 * <p>Connected, because then the kernel drops datagrams from any other address and reports ICMP
 * port unreachable as ECONNREFUSED, so a closed target port fails at once (EDE 23) instead of after
 * the try timeout. An unconnected Linux UDP socket sees ICMP errors only with IP_RECVERR and the
 * error queue, which Netty does not expose; and as one target is behind the socket, an ICMP error
 * fails exactly the queries to that target. The {@link ReplyValidator} checks every reply anyway.
 *
 * <p>Confined to its event loop.
 */
final class PooledUdpSocket extends SimpleChannelInboundHandler<DatagramPacket> {

  /** One query in flight: what its reply must echo, and how its exchange ends. */
  private record InFlight(OutboundQuery query, ExchangeCompletion completion) {}

  private static final int ID_SPACE = 0x10000;

  private final EventLoop loop;
  private final InetAddress source;
  private final InetSocketAddress target;
  private final ReplyValidator validator;
  private final SecureRandom random;
  private final Consumer<PooledUdpSocket> gone;
  private final long openedNanos = System.nanoTime();
  private final IntObjectMap<InFlight> inFlight = new IntObjectHashMap<>();
  private final List<InFlight> unsent = new ArrayList<>();
  private Channel channel;
  private boolean connected;
  private boolean retired;
  private int uses;

  private PooledUdpSocket(
      EventLoop loop,
      InetAddress source,
      InetSocketAddress target,
      ReplyValidator validator,
      SecureRandom random,
      Consumer<PooledUdpSocket> gone) {
    this.loop = loop;
    this.source = source;
    this.target = target;
    this.validator = validator;
    this.random = random;
    this.gone = gone;
  }

  /**
   * Opens a socket; queries may be sent at once (they wait for the bind).
   *
   * @param udp a bootstrap on {@code loop}
   * @param source the local address to bind, or null for any
   * @param gone told when the socket can take no more queries because it failed or closed
   */
  static PooledUdpSocket open(
      Bootstrap udp,
      EventLoop loop,
      InetAddress source,
      InetSocketAddress target,
      ReplyValidator validator,
      SecureRandom random,
      Consumer<PooledUdpSocket> gone) {
    PooledUdpSocket socket = new PooledUdpSocket(loop, source, target, validator, random, gone);
    Bootstrap bootstrap = udp.clone().handler(socket);
    ChannelFuture connect =
        source == null
            ? bootstrap.connect(target)
            : bootstrap.connect(target, new InetSocketAddress(source, 0));
    socket.channel = connect.channel();
    connect.addListener((ChannelFuture f) -> socket.connected(f));
    return socket;
  }

  /**
   * Sends a query for the question with a fresh ID and completes with the first valid reply, a
   * timeout or a network error; never exceptionally.
   */
  CompletableFuture<ExchangeOutcome> send(Name name, int type, int dclass, long timeoutNanos) {
    // At most 65535 uses per socket (UdpSocketPool), so a free ID always exists.
    int id;
    do {
      id = random.nextInt(ID_SPACE);
    } while (inFlight.containsKey(id));
    InFlight query =
        new InFlight(OutboundQuery.create(id, name, type, dclass), new ExchangeCompletion());
    inFlight.put(id, query);
    uses++;
    int sentId = id;
    query.completion().arm(loop, timeoutNanos, () -> release(sentId, query));
    if (connected) {
      write(query);
    } else {
      unsent.add(query);
    }
    return query.completion().future();
  }

  InetAddress source() {
    return source;
  }

  InetSocketAddress target() {
    return target;
  }

  /** Queries sent so far. */
  int uses() {
    return uses;
  }

  long ageNanos(long nowNanos) {
    return nowNanos - openedNanos;
  }

  /** Takes no more queries (the pool no longer hands it out) and closes after the last one. */
  void retire() {
    retired = true;
    if (inFlight.isEmpty()) {
      channel.close();
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    // A connected socket only receives from its peer; transports that leave the sender out of
    // such datagrams are covered by falling back to the peer address.
    InetSocketAddress sender =
        packet.sender() != null ? packet.sender() : (InetSocketAddress) channel.remoteAddress();
    ByteBuf content = packet.content();
    InFlight query =
        content.readableBytes() >= 2
            ? inFlight.get(content.getUnsignedShort(content.readerIndex()))
            : null;
    if (query == null) {
      validator.unmatched(target, sender, content.readableBytes());
      return;
    }
    var reply = validator.accept(query.query(), target, sender, content, OutboundQuery.UDP_PAYLOAD);
    if (reply != null) {
      query.completion().reply(reply);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof PortUnreachableException) {
      // Nothing listens on the target's port: every query to it fails alike. The socket itself
      // is sound and stays.
      failAll("port unreachable", true);
    } else {
      failAll(cause.toString(), true);
      gone.accept(this);
      retire();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    gone.accept(this);
    failAll("socket closed", false);
  }

  private void connected(ChannelFuture f) {
    if (f.isSuccess()) {
      connected = true;
      for (InFlight query : unsent) {
        write(query);
      }
      unsent.clear();
      return;
    }
    // Binding or connecting a UDP socket fails locally (no such source address, no route), never
    // because of the target.
    gone.accept(this);
    failAll("cannot send from " + source + ": " + f.cause(), false);
    channel.close();
  }

  private void write(InFlight query) {
    channel
        .writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(query.query().wire()), target))
        .addListener(
            (ChannelFuture w) -> {
              if (!w.isSuccess()) {
                // A pending ICMP error is also reported by the next send on a connected socket.
                Throwable cause = w.cause();
                query
                    .completion()
                    .fail(
                        cause instanceof PortUnreachableException
                            ? "port unreachable"
                            : cause.toString(),
                        true);
              }
            });
  }

  private void release(int id, InFlight query) {
    inFlight.remove(id, query);
    if (!connected) {
      unsent.remove(query);
    }
    if (retired && inFlight.isEmpty()) {
      channel.close();
    }
  }

  private void failAll(String reason, boolean targetFault) {
    // A copy: each failure releases its ID from the map.
    for (InFlight query : new ArrayList<>(inFlight.values())) {
      query.completion().fail(reason, targetFault);
    }
  }
}
