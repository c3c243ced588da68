package io.isthmus.bench;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.InsufficientData;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.health.HealthListener;
import io.isthmus.health.HealthMonitor;
import io.isthmus.health.HealthTable;
import io.isthmus.health.alarm.AlarmEvaluation;
import io.isthmus.health.alarm.AlarmEvaluator;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.metric.SeriesKey;
import io.isthmus.health.probe.ProbeResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One period's evaluation of many METRIC checks: what the health monitor does at each period
 * boundary. Each check has its own series with 4 points in each of its 3 periods of 60 s (plus one
 * in the current period, which does not count); a third of the alarms breach. One operation
 * evaluates every check once: divide by {@code checks} for the cost of one check.
 *
 * <ul>
 *   <li>{@code monitor}: {@link HealthMonitor#evaluateNow()}: store query, alarm, status tracking.
 *   <li>{@code alarmOnly}: {@link AlarmEvaluator#evaluate} over points already fetched.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricCheckEvaluationBenchmark {
  private static final String ACCOUNT = "111111111111";
  private static final Instant NOW = Instant.parse("2024-01-01T12:00:30Z");

  @Param({"10000"})
  int checks;

  private ScheduledExecutorService scheduler;
  private HealthMonitor monitor;
  private MetricAlarm[] alarms;
  private List<List<DataPoint>> fetched;

  @Setup
  public void setUp() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    MetricStore store = new MetricStore(clock, checks, MetricStore.DEFAULT_MAX_POINTS_PER_SERIES);
    List<HealthCheck> list = new ArrayList<>(checks);
    alarms = new MetricAlarm[checks];
    fetched = new ArrayList<>(checks);
    for (int i = 0; i < checks; i++) {
      Map<String, String> dimensions = Map.of("InstanceId", "i-" + i);
      List<DataPoint> points = new ArrayList<>();
      // Three complete periods before 12:00 and one point in the current one.
      for (int s = -180; s < 30; s += 15) {
        if (s >= 0 && s % 30 != 0) {
          continue;
        }
        points.add(
            new DataPoint(NOW.minusSeconds(30).plusSeconds(s), (i % 3 == 0 ? 90 : 10) + s % 7));
      }
      store.put(ACCOUNT, "App", "CPUUtilization", dimensions, points);
      alarms[i] =
          new MetricAlarm(
              "App",
              "CPUUtilization",
              dimensions,
              Statistic.AVERAGE,
              60,
              3,
              2,
              Comparison.GREATER_THAN_THRESHOLD,
              80);
      list.add(
          new HealthCheck(
              "hc-" + i,
              ACCOUNT,
              HealthCheck.Type.METRIC,
              alarms[i],
              null,
              null,
              null,
              30,
              3,
              InsufficientData.LAST_KNOWN_STATUS,
              false,
              false));
      AlarmEvaluator.Window window = AlarmEvaluator.window(alarms[i], NOW);
      fetched.add(
          store.points(
              new SeriesKey(ACCOUNT, "App", "CPUUtilization", dimensions),
              window.from(),
              window.to()));
    }
    scheduler = Executors.newSingleThreadScheduledExecutor();
    monitor =
        new HealthMonitor(
            store,
            new HealthTable(),
            check -> CompletableFuture.completedFuture(ProbeResult.failure("not probed")),
            scheduler,
            clock,
            HealthListener.NONE);
    monitor.update(list);
  }

  @TearDown
  public void tearDown() {
    monitor.close();
    scheduler.shutdownNow();
  }

  @Benchmark
  public CompletableFuture<Void> monitor() {
    return monitor.evaluateNow();
  }

  @Benchmark
  public void alarmOnly(Blackhole blackhole) {
    for (int i = 0; i < alarms.length; i++) {
      AlarmEvaluation evaluation = AlarmEvaluator.evaluate(alarms[i], fetched.get(i), NOW);
      blackhole.consume(evaluation);
    }
  }
}
