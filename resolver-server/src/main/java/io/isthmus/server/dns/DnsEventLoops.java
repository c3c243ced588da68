package io.isthmus.server.dns;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops shared by the DNS listeners and the forwarder. A forwarded query is sent, its
 * reply read and the client answered all on the loop that read the query: no hand-off between
 * threads, each of which costs a wake-up (a write to an eventfd and a return from epoll_wait) on
 * the way out and again on the way back. Thread-safe; {@link #close()} is idempotent.
 */
public final class DnsEventLoops implements AutoCloseable {
  private final EventLoopGroup group;

  public DnsEventLoops(int threads) {
    this.group =
        new MultiThreadIoEventLoopGroup(
            threads,
            new DefaultThreadFactory("isthmus-dns"),
            NettyPlatform.detect().ioHandlerFactory());
  }

  public EventLoopGroup group() {
    return group;
  }

  /** Lets the loops finish what they are doing, then stops them. */
  @Override
  public void close() {
    group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
  }
}
