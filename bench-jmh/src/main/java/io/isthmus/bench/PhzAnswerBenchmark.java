package io.isthmus.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
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
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A private-zone answer from wire bytes in to wire bytes out, through the same pipeline the Netty
 * handlers call (decode, admit, VPC, route, zone answer, finish, render), without the sockets. The
 * zone is shaped like the dnsperf bench zone: 10,000 A names and 1,000 CNAMEs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PhzAnswerBenchmark {
  /** A (positive answer), NX (NXDOMAIN + SOA), CNAME (alias chased to its A). */
  @Param({"A", "NX", "CNAME"})
  String kind;

  private QueryPipeline pipeline;
  private byte[][] queries;
  private int next;
  private final InetSocketAddress source = new InetSocketAddress("127.0.0.1", 40000);
  private final InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8053);

  @Setup
  public void setUp() throws Exception {
    String origin = "app1.aws.example.";
    List<RecordSet> sets = new ArrayList<>(ApexRecords.defaults(origin));
    for (int i = 0; i < 10_000; i++) {
      sets.add(
          RecordSet.simple(
              "host" + i + "." + origin, "A", 300, List.of("10.1." + (i / 256) + "." + (i % 256))));
    }
    for (int i = 0; i < 1_000; i++) {
      sets.add(
          RecordSet.simple(
              "alias" + i + "." + origin, "CNAME", 300, List.of("host" + i + "." + origin)));
    }
    HostedZone zone = new HostedZone("ZBENCH0000000001", origin, "111111111111", null);
    Vpc vpc =
        new Vpc(
            "vpc-00000000000000001", "111111111111", "bench", "us-east-1", List.of("127.0.0.0/8"));
    SnapshotHolder holder = new SnapshotHolder();
    holder.publish(
        new SnapshotCompiler(Clock.systemUTC())
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

    Random random = new Random(7);
    queries = new byte[1024][];
    for (int i = 0; i < queries.length; i++) {
      String name =
          switch (kind) {
            case "A" -> "host" + random.nextInt(10_000);
            case "NX" -> "nohost" + random.nextInt(10_000);
            default -> "alias" + random.nextInt(1_000);
          };
      Message query =
          Message.newQuery(
              Record.newRecord(Name.fromString(name + "." + origin), Type.A, DClass.IN));
      query.addRecord(new OPTRecord(1232, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
      queries[i] = query.toWire();
    }
    if (pipeline.process(queries[0], source, local, Transport.UDP).join() == null) {
      throw new IllegalStateException("benchmark query not answered");
    }
  }

  @Benchmark
  public byte[] answer() {
    return pipeline
        .process(queries[next++ & (queries.length - 1)], source, local, Transport.UDP)
        .join();
  }
}
