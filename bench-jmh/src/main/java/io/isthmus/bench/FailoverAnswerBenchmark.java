package io.isthmus.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.route.Resolver;
import io.isthmus.route.SnapshotCompiler;
import io.isthmus.server.dns.QueryPipeline;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.forward.ForwarderOptions;
import io.isthmus.server.query.Transport;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotQueryResolver;
import io.isthmus.zone.ApexRecords;
import io.isthmus.zone.HealthSignal;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * "Health never slows a query": the same wire-to-wire pipeline as {@link PhzAnswerBenchmark},
 * answering a simple name, a failover name whose primary stays healthy, and a failover name whose
 * primary's health check flips every 100 ms on another thread (as the monitor would write it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FailoverAnswerBenchmark {
  @Param({"SIMPLE", "FAILOVER", "FAILOVER_FLIPPING"})
  String kind;

  /** A health slot as the health table keeps it: one volatile boolean. */
  static final class Slot implements HealthSignal {
    volatile boolean healthy = true;

    @Override
    public boolean healthy() {
      return healthy;
    }
  }

  private final Slot slot = new Slot();
  private Thread flipper;
  private QueryPipeline pipeline;
  private byte[] query;
  private final InetSocketAddress source = new InetSocketAddress("127.0.0.1", 40000);
  private final InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8053);

  @Setup
  public void setUp() throws Exception {
    String origin = "app1.aws.example.";
    List<RecordSet> sets = new ArrayList<>(ApexRecords.defaults(origin));
    sets.add(RecordSet.simple("simple." + origin, "A", 10, List.of("10.1.0.1")));
    sets.add(routed("db." + origin, "primary", "PRIMARY", "10.1.0.20", "check-1"));
    sets.add(routed("db." + origin, "secondary", "SECONDARY", "10.2.0.20", null));
    HostedZone zone = new HostedZone("ZBENCH0000000001", origin, "111111111111", null);
    Vpc vpc =
        new Vpc(
            "vpc-00000000000000001", "111111111111", "bench", "us-east-1", List.of("127.0.0.0/8"));
    SnapshotHolder holder = new SnapshotHolder();
    holder.publish(
        new SnapshotCompiler(Clock.systemUTC(), Set.of(), id -> slot)
            .compile(
                ConfigData.ofZones(
                    1, List.of(vpc), List.of(new ZoneData(zone, sets, List.of(vpc.id()))))));
    pipeline =
        new QueryPipeline(
            "bench",
            new SnapshotQueryResolver(
                holder,
                new Resolver(),
                new Forwarder(ForwarderOptions.defaults(), Ticker.systemTicker())));
    String name = kind.equals("SIMPLE") ? "simple." : "db.";
    Message message =
        Message.newQuery(Record.newRecord(Name.fromString(name + origin), Type.A, DClass.IN));
    message.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    query = message.toWire();
    if (pipeline.process(query, source, local, Transport.UDP).join() == null) {
      throw new IllegalStateException("benchmark query not answered");
    }
    if (kind.equals("FAILOVER_FLIPPING")) {
      flipper =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Thread.sleep(100);
                    slot.healthy = !slot.healthy;
                  }
                } catch (InterruptedException stop) {
                  Thread.currentThread().interrupt();
                }
              },
              "health-flipper");
      flipper.setDaemon(true);
      flipper.start();
    }
  }

  @TearDown
  public void tearDown() {
    if (flipper != null) {
      flipper.interrupt();
    }
  }

  private static RecordSet routed(
      String name, String id, String role, String address, String checkId) {
    return RecordSet.routed(
        name,
        "A",
        10L,
        List.of(address),
        id,
        new RoutingPolicy.Failover(RoutingPolicy.Role.valueOf(role)),
        checkId);
  }

  @Benchmark
  public byte[] answer() {
    return pipeline.process(query, source, local, Transport.UDP).join();
  }
}
