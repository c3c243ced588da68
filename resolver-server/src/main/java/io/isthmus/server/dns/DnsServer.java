package io.isthmus.server.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listeners: UDP and TCP on every listen address, on the same port (spec §7). Queries are
 * answered inline on the event loops by a {@link QueryPipeline}. Thread-safe; {@link #close()} is
 * idempotent.
 *
 * <p>Listen on specific addresses, not the wildcard: a UDP reply leaves from the address the kernel
 * picks for the route back, and the resolver's {@code local} address is the bound one, which is
 * what identifies an inbound endpoint (spec §1).
 */
public final class DnsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

  /**
   * Read buffer per datagram. Netty's default (2048) would cut longer queries, which then fail to
   * parse; a query may legally be as large as a UDP payload.
   */
  private static final int MAX_DATAGRAM = 65535;

  /**
   * With epoll, the read buffer is cut into slots of this size and filled by one recvmmsg call, so
   * a burst of queries costs one system call instead of one each. A query longer than a slot is cut
   * short and then fails to parse (FORMERR): 4096 bytes is above the EDNS buffer size any client
   * offers (RFC 6891 section 6.2.5) and far above what a query carries.
   */
  private static final int MAX_QUERY_PER_SLOT = 4096;

  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final List<Channel> channels;
  private final List<InetSocketAddress> boundAddresses;
  private final AtomicBoolean closed;

  private DnsServer(
      EventLoopGroup group,
      boolean ownsGroup,
      List<Channel> channels,
      List<InetSocketAddress> boundAddresses,
      AtomicBoolean closed) {
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.channels = List.copyOf(channels);
    this.boundAddresses = List.copyOf(boundAddresses);
    this.closed = closed;
  }

  /**
   * Binds UDP and TCP on each address and starts serving. A port of 0 picks a free port that both
   * protocols share.
   *
   * @throws UncheckedIOException with a {@link BindException} cause when an address cannot be
   *     bound; nothing stays open then
   */
  public static DnsServer start(
      List<InetSocketAddress> listen, QueryPipeline pipeline, DnsServerOptions options) {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            options.eventLoopThreads(),
            new DefaultThreadFactory("isthmus-dns"),
            NettyPlatform.detect().ioHandlerFactory());
    return start(listen, pipeline, options, group, true, TcpConnections.of(options));
  }

  /**
   * As {@link #start(List, QueryPipeline, DnsServerOptions)}, on event loops shared with others
   * (the forwarder): one UDP socket per loop of {@code loops}; {@code options.eventLoopThreads()}
   * does not apply. Closing the server leaves the loops running.
   */
  public static DnsServer start(
      List<InetSocketAddress> listen,
      QueryPipeline pipeline,
      DnsServerOptions options,
      DnsEventLoops loops) {
    return start(listen, pipeline, options, loops, TcpConnections.of(options));
  }

  /**
   * As {@link #start(List, QueryPipeline, DnsServerOptions, DnsEventLoops)}, counting TCP
   * connections against {@code connections}, which other servers may share (then its caps, not
   * those of {@code options}, apply to all of them together).
   */
  public static DnsServer start(
      List<InetSocketAddress> listen,
      QueryPipeline pipeline,
      DnsServerOptions options,
      DnsEventLoops loops,
      TcpConnections connections) {
    return start(listen, pipeline, options, loops.group(), false, connections);
  }

  private static DnsServer start(
      List<InetSocketAddress> listen,
      QueryPipeline pipeline,
      DnsServerOptions options,
      EventLoopGroup group,
      boolean ownsGroup,
      TcpConnections connections) {
    NettyPlatform platform = NettyPlatform.detect();
    AtomicBoolean closed = new AtomicBoolean();
    Binder binder = new Binder(platform, group, pipeline, options, connections, closed);
    List<InetSocketAddress> bound = new ArrayList<>();
    try {
      for (InetSocketAddress address : listen) {
        bound.add(binder.bind(address));
      }
    } catch (RuntimeException e) {
      log.error("DNS server not started: {}", e.getMessage());
      closed.set(true);
      binder.channels().forEach(c -> c.close().awaitUninterruptibly());
      if (ownsGroup) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
      }
      throw e;
    }
    log.info(
        "DNS listening on {} over UDP and TCP ({}, {} event loops)",
        bound,
        platform.name(),
        countLoops(group));
    return new DnsServer(group, ownsGroup, binder.channels(), bound, closed);
  }

  private static int countLoops(EventLoopGroup group) {
    int loops = 0;
    for (EventExecutor ignored : group) {
      loops++;
    }
    return loops;
  }

  /** The addresses actually bound (port 0 replaced by the port chosen), in listen order. */
  public List<InetSocketAddress> boundAddresses() {
    return boundAddresses;
  }

  /** Stops accepting queries, lets the event loops finish what they are doing, and waits. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channels.forEach(c -> c.close().awaitUninterruptibly());
    if (ownsGroup) {
      group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }
    log.info("DNS listeners on {} closed", boundAddresses);
  }

  /** Binds one listen address at a time and remembers every channel it opened. Not thread-safe. */
  private static final class Binder {
    private final NettyPlatform platform;
    private final EventLoopGroup group;
    private final ServerBootstrap tcp;
    private final Bootstrap udp;
    private final int attempts;
    private final AtomicBoolean serverClosed;
    private final List<Channel> channels = new ArrayList<>();

    Binder(
        NettyPlatform platform,
        EventLoopGroup group,
        QueryPipeline pipeline,
        DnsServerOptions options,
        TcpConnections connections,
        AtomicBoolean serverClosed) {
      this.platform = platform;
      this.group = group;
      this.serverClosed = serverClosed;
      this.attempts = options.portBindAttempts();
      this.tcp =
          new ServerBootstrap()
              .group(group)
              .channel(platform.serverChannel())
              .option(ChannelOption.SO_BACKLOG, 1024)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, TcpChannelInitializer.WATER_MARK)
              .childHandler(new TcpChannelInitializer(pipeline, options, connections));
      Bootstrap datagram =
          new Bootstrap()
              .channel(platform.datagramChannel())
              .option(ChannelOption.SO_RCVBUF, options.udpReceiveBufferBytes())
              .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
              .handler(new UdpHandler(pipeline));
      if (platform.reusePort()) {
        datagram.option(EpollChannelOption.SO_REUSEPORT, true);
        datagram.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY_PER_SLOT);
      }
      this.udp = datagram;
    }

    List<Channel> channels() {
      return channels;
    }

    InetSocketAddress bind(InetSocketAddress address) {
      if (address.getPort() != 0) {
        Channel server = bindTcp(address);
        bindUdp(address, server);
        return (InetSocketAddress) server.localAddress();
      }
      // Port 0: TCP picks a free port, UDP follows; if UDP's port is taken, try another one.
      for (int attempt = 1; ; attempt++) {
        Channel server = bindTcp(address);
        InetSocketAddress chosen = (InetSocketAddress) server.localAddress();
        try {
          bindUdp(chosen, server);
          return chosen;
        } catch (UncheckedIOException udpFailed) {
          if (attempt >= attempts) {
            throw udpFailed;
          }
          log.debug("UDP port {} taken, trying another port ({})", chosen.getPort(), attempt);
        }
      }
    }

    private Channel bindTcp(InetSocketAddress address) {
      return awaitBind(tcp.bind(address), address, "TCP");
    }

    /**
     * With SO_REUSEPORT one socket per event loop, each pinned to its loop, so the kernel spreads
     * queries over all threads; without it a single socket. On failure every socket of this
     * address, the TCP one included, is closed again.
     */
    private void bindUdp(InetSocketAddress address, Channel server) {
      List<Channel> sockets = new ArrayList<>();
      try {
        if (platform.reusePort()) {
          for (EventExecutor loop : group) {
            sockets.add(awaitBind(udp.clone((EventLoop) loop).bind(address), address, "UDP"));
          }
        } else {
          sockets.add(awaitBind(udp.clone(group).bind(address), address, "UDP"));
        }
      } catch (UncheckedIOException e) {
        sockets.forEach(s -> s.close().awaitUninterruptibly());
        server.close().awaitUninterruptibly();
        throw e;
      }
      sockets.add(server);
      for (Channel channel : sockets) {
        // Netty closes a socket on some read errors; a listener that vanishes must not go
        // unnoticed.
        channel.closeFuture().addListener(f -> reportUnexpectedClose(channel));
        channels.add(channel);
      }
    }

    private void reportUnexpectedClose(Channel channel) {
      if (!serverClosed.get()) {
        log.error("DNS listener {} closed unexpectedly; it no longer answers", channel);
      }
    }

    private static Channel awaitBind(
        ChannelFuture future, InetSocketAddress address, String protocol) {
      future.awaitUninterruptibly();
      if (future.isSuccess()) {
        return future.channel();
      }
      BindException failure =
          new BindException(
              "Cannot bind DNS " + protocol + " listener on " + address + ": " + future.cause());
      failure.initCause(future.cause());
      throw new UncheckedIOException(failure);
    }
  }
}
