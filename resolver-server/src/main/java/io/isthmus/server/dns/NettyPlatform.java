package io.isthmus.server.dns;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ResourceLeakDetector;

/**
 * The Netty transport in use: native epoll where it loads (Linux), NIO elsewhere. Only epoll sets
 * SO_REUSEPORT, which lets the kernel spread one UDP port over one socket per event loop.
 * Immutable. Public for the forwarder's client sockets ({@code io.isthmus.server.forward}).
 */
public record NettyPlatform(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends DatagramChannel> datagramChannel,
    Class<? extends ServerSocketChannel> serverChannel,
    Class<? extends SocketChannel> socketChannel,
    boolean reusePort) {

  /** Netty's own switch; set it on the command line to turn leak detection back on. */
  private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

  /**
   * Netty's default leak detection takes a stack trace for one buffer in 128: measurable at 100,000
   * queries a second (about 0.6 % of the CPU in a profile under dnsperf). The DNS path's buffers
   * are released by Netty itself; tests keep detection on. Called once by the application's main.
   */
  public static void disableLeakDetectionUnlessAsked() {
    if (System.getProperty(LEAK_DETECTION) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  public static NettyPlatform detect() {
    if (Epoll.isAvailable()) {
      return new NettyPlatform(
          "epoll",
          EpollIoHandler.newFactory(),
          EpollDatagramChannel.class,
          EpollServerSocketChannel.class,
          EpollSocketChannel.class,
          true);
    }
    return new NettyPlatform(
        "nio",
        NioIoHandler.newFactory(),
        NioDatagramChannel.class,
        NioServerSocketChannel.class,
        NioSocketChannel.class,
        false);
  }
}
