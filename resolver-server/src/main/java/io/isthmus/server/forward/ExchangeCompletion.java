package io.isthmus.server.forward;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;

/**
 * The single outcome of one exchange: the first of reply, timeout or error wins, then the timer is
 * cancelled and the exchange's resources released (a TCP connection closed, a pooled UDP socket's
 * ID freed, so a late reply finds no listener). Confined to the exchange's event loop.
 */
final class ExchangeCompletion {

  private final CompletableFuture<ExchangeOutcome> future = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private ScheduledFuture<?> timer;
  private Runnable release;
  private boolean done;

  /**
   * Starts the try timeout, counted from now (connecting included).
   *
   * @param release run once, when the outcome is known
   */
  void arm(EventLoop loop, long timeoutNanos, Runnable release) {
    this.release = release;
    this.timer =
        loop.schedule(
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
    return done;
  }

  CompletableFuture<ExchangeOutcome> future() {
    return future;
  }

  private void complete(ExchangeOutcome outcome) {
    if (done) {
      return;
    }
    done = true;
    if (timer != null) {
      timer.cancel(false);
    }
    // Released before the callers hear of it: a next try on the same socket may reuse the ID.
    if (release != null) {
      release.run();
    }
    future.complete(outcome);
  }
}
