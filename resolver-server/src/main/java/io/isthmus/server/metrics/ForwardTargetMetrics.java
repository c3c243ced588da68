package io.isthmus.server.metrics;

import io.isthmus.server.forward.TargetState;
import io.isthmus.server.query.AddressText;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-target meters of the forwarder, tagged {@code target} ({@code ip:port}; targets are bounded
 * by the configuration, never by queries): {@code isthmus.dns.forward.target.rtt} (smoothed RTT in
 * seconds, NaN before the first reply), {@code isthmus.dns.forward.target.state} (1 UP, 0 DOWN) and
 * {@code isthmus.dns.forward.target.timeouts} (timeouts and network errors). A target the forwarder
 * forgot (no rule uses it any more, {@code Forwarder#retainTargets}) loses its meters at the next
 * sample, so they are as bounded as the forwarder's state.
 *
 * <p>The forwarder reports only each target's current run of consecutive failures ({@link
 * TargetState#consecutiveFailures()}), so the timeouts counter is derived from it at each {@link
 * #sample()}: a run that grew adds the growth, a run that restarted (a reply came in between) adds
 * its new length. Failures of a run that ended between two samples are missed: the counter is a
 * lower bound, exact while a target keeps failing.
 *
 * <p>Thread-safe: {@link #sample()} is synchronized (called by its own scheduler thread once {@link
 * #start started}, off the query path); the gauges read volatile fields.
 */
public final class ForwardTargetMetrics implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ForwardTargetMetrics.class);

  private final MeterRegistry registry;
  private final Supplier<List<TargetState>> states;
  private final Map<InetSocketAddress, Tracked> tracked = new HashMap<>(); // guarded by this
  private ScheduledExecutorService scheduler; // guarded by this

  /**
   * @param states the forwarder's view of its targets, e.g. {@code forwarder::targetStates}
   */
  public ForwardTargetMetrics(MeterRegistry registry, Supplier<List<TargetState>> states) {
    this.registry = registry;
    this.states = states;
  }

  /** Samples now and then every {@code period} on a daemon thread, until {@link #close()}. */
  public synchronized ForwardTargetMetrics start(Duration period) {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "isthmus-target-metrics");
                thread.setDaemon(true);
                return thread;
              });
      scheduler.scheduleWithFixedDelay(
          this::sampleQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // A failed sample must not cancel the schedule: the next one retries.
      log.warn("Sampling the forwarder's targets failed", e);
    }
  }

  /**
   * Reads the targets' states: new targets get their meters, known ones their new values, and
   * targets no longer reported lose theirs.
   */
  public synchronized void sample() {
    Set<InetSocketAddress> seen = new HashSet<>();
    for (TargetState state : states.get()) {
      seen.add(state.target());
      Tracked target = tracked.get(state.target());
      if (target == null) {
        target = new Tracked(state);
        tracked.put(state.target(), target);
        register(target, tag(state.target()));
      }
      target.update(state);
    }
    Iterator<Tracked> it = tracked.values().iterator();
    while (it.hasNext()) {
      Tracked target = it.next();
      if (!seen.contains(target.last.target())) {
        target.meters.forEach(registry::remove);
        it.remove();
      }
    }
  }

  /** Targets with meters now; for tests. */
  synchronized int trackedTargets() {
    return tracked.size();
  }

  private void register(Tracked target, String tag) {
    target.meters.add(
        Gauge.builder("isthmus.dns.forward.target.rtt", target, Tracked::rttSeconds)
            .description("Smoothed round-trip time of a forwarding target")
            .baseUnit("seconds")
            .tag("target", tag)
            .strongReference(true)
            .register(registry));
    target.meters.add(
        Gauge.builder("isthmus.dns.forward.target.state", target, Tracked::up)
            .description("1 while a forwarding target is UP, 0 while DOWN")
            .tag("target", tag)
            .strongReference(true)
            .register(registry));
    target.meters.add(
        FunctionCounter.builder("isthmus.dns.forward.target.timeouts", target, Tracked::failures)
            .description(
                "Timeouts and network errors of a forwarding target (sampled, a lower bound)")
            .tag("target", tag)
            .register(registry));
  }

  private static String tag(InetSocketAddress target) {
    String host = AddressText.of(target.getAddress());
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + target.getPort();
  }

  /** One target's latest state and its derived failure count. */
  private static final class Tracked {
    private final List<Meter> meters = new ArrayList<>(3); // guarded by the enclosing instance
    private volatile TargetState last;
    private volatile long failures;
    private int lastRun; // guarded by the enclosing instance

    Tracked(TargetState first) {
      this.last = first;
    }

    void update(TargetState state) {
      int run = state.consecutiveFailures();
      // Written only by sample(), under the enclosing lock; read by gauges.
      failures += run >= lastRun ? run - lastRun : run;
      lastRun = run;
      last = state;
    }

    double rttSeconds() {
      long micros = last.srttMicros();
      return micros < 0 ? Double.NaN : micros / 1_000_000.0;
    }

    double up() {
      return "UP".equals(last.state()) ? 1 : 0;
    }

    double failures() {
      return failures;
    }
  }
}
