package io.isthmus.server.forward;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * The single outcome of one exchange: the first of reply, timeout or error wins, then the timer is
 * cancelled and the socket closed (one socket per query, so a late reply finds no listener).
 * Confined to the channel's event loop.
 */
final class ExchangeCompletion {

  private final CompletableFuture<ExchangeOutcome> future = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private Channel channel;
  private ScheduledFuture<?> timer;

  /** Starts the try timeout for {@code channel}, counted from now (binding included). */
  void arm(Channel channel, long timeoutNanos) {
    this.channel = channel;
    this.timer =
        channel
            .eventLoop()
            .schedule(
                () -> complete(new ExchangeOutcome.Timeout()), timeoutNanos, TimeUnit.NANOSECONDS);
  }

  void reply(Message message) {
    // Round-trip time from the start of the exchange: a connect (TCP) is part of what a client
    // waits for. Network timing is real time, not the cache's injected ticker.
    complete(new ExchangeOutcome.Reply(message, System.nanoTime() - startNanos));
  }

  void fail(String reason, boolean targetFault) {
    complete(new ExchangeOutcome.NetworkError(reason, targetFault));
  }

  boolean isDone() {
    return future.isDone();
  }

  CompletableFuture<ExchangeOutcome> future() {
    return future;
  }

  private void complete(ExchangeOutcome outcome) {
    if (!future.complete(outcome)) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    if (channel != null) {
      channel.close();
    }
  }
}
