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
