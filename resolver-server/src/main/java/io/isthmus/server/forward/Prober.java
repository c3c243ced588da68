package io.isthmus.server.forward;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Brings DOWN targets back: one query to each DOWN target a probe interval after the previous probe
 * ended (so at most one in flight per target); any valid reply, whatever its RCODE, marks it UP.
 * Client queries meanwhile avoid the target, so its recovery costs them nothing. Runs on its {@link
 * Exchanger}'s event loop.
 */
final class Prober {

  private static final Logger log = LoggerFactory.getLogger(Prober.class);

  /** When no question failed yet: ". NS" is answered by any recursive server, cheaply. */
  private static final TargetHealth.Probe ROOT_NS =
      new TargetHealth.Probe(Name.root, Type.NS, DClass.IN, null);

  private final EventLoop loop;
  private final TargetSelector selector;
  private final Exchanger exchanger;
  private final long intervalNanos;
  private final Set<InetSocketAddress> probing = new HashSet<>();

  Prober(TargetSelector selector, Exchanger exchanger, Duration interval) {
    this.loop = exchanger.loop();
    this.selector = selector;
    this.exchanger = exchanger;
    this.intervalNanos = interval.toNanos();
  }

  /** Starts probing {@code target} unless it is probed already; from any forwarder loop. */
  void watch(InetSocketAddress target) {
    try {
      loop.execute(() -> startProbing(target));
    } catch (RejectedExecutionException closing) {
      // The forwarder is closing: nothing left to probe for.
    }
  }

  private void startProbing(InetSocketAddress target) {
    if (probing.add(target)) {
      log.warn(
          "Forward target {} is DOWN; probing it every {} ms", target, intervalNanos / 1_000_000);
      schedule(target);
    }
  }

  private void schedule(InetSocketAddress target) {
    try {
      loop.schedule(() -> probe(target), intervalNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      probing.remove(target);
    }
  }

  private void probe(InetSocketAddress target) {
    if (!selector.isDown(target)) {
      // A client query (all targets were DOWN) already brought it back.
      probing.remove(target);
      return;
    }
    TargetHealth.Probe question = selector.probeQuestion(target);
    if (question == null) {
      question = ROOT_NS;
    }
    TargetHealth.Probe asked = question;
    // The target's own try timeout: long enough for its RTT, short enough that the next probe
    // follows soon after the interval.
    exchanger
        .udp(
            question.source(),
            target,
            question.name(),
            question.type(),
            question.dclass(),
            selector.tryTimeoutNanos(target))
        .whenComplete(
            (outcome, error) -> {
              if (outcome instanceof ExchangeOutcome.Reply reply) {
                selector.replied(target, reply.rttNanos());
                probing.remove(target);
                log.info("Forward target {} is UP again", target);
              } else {
                selector.failed(target, asked);
                schedule(target);
              }
            });
  }
}
