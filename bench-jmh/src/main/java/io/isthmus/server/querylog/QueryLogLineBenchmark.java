package io.isthmus.server.querylog;

import io.isthmus.config.Vpc;
import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.query.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The query log's two costs per logged query, without a disk: the copy into the query thread's ring
 * ({@code offer}, on the query path) and the line the writer thread makes of it ({@code format}).
 * The queries are shaped like the dnsperf {@code local} workload: 10,000 names of the bench zone,
 * each with its own one-A answer list, from one client on changing ports. In the package of the
 * classes it measures, which are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueryLogLineBenchmark {

  private static final String VPC_ID = "vpc-1f1cf398349978ed8";
  private static final List<QueryLogTarget> TARGETS =
      List.of(new QueryLogTarget("rqlc-1", null, "file:bench"));

  private QueryEvent[] events;
  private LoggedQuery[] slots;
  private QueryLogFormat format;
  private LoggedQueryRing ring;
  private final LineBuffer line = new LineBuffer(1024);
  private int next;

  @Setup
  public void setUp() throws Exception {
    Vpc vpc = new Vpc(VPC_ID, "949581958120", "bench", "us-east-1", List.of("127.0.0.0/8"));
    QueryLogDirectory directory =
        new QueryLogDirectory() {
          @Override
          public Vpc vpc(String vpcId) {
            return VPC_ID.equals(vpcId) ? vpc : null;
          }

          @Override
          public String inboundEndpointId(InetSocketAddress local) {
            return null;
          }
        };
    format = new QueryLogFormat(directory, "node-1");
    ring = new LoggedQueryRing(1024);
    InetSocketAddress local = new InetSocketAddress("127.0.0.1", 5353);
    InetAddress client = InetAddress.getByName("127.0.0.1");
    long now = System.currentTimeMillis();
    events = new QueryEvent[10_000];
    slots = new LoggedQuery[events.length];
    for (int i = 0; i < events.length; i++) {
      Name qname = Name.fromString("host" + i + ".app1.aws.example.");
      List<Record> answer =
          List.of(
              new ARecord(
                  qname,
                  DClass.IN,
                  300,
                  InetAddress.getByAddress(new byte[] {10, 1, (byte) (i / 256), (byte) i})));
      events[i] =
          new QueryEvent(
              now,
              new InetSocketAddress(client, 20_000 + i),
              local,
              Transport.UDP,
              qname,
              Type.A,
              DClass.IN,
              0,
              answer,
              RouteKind.HOSTED_ZONE,
              "ZAWU86RISYCA2JHO6EVMF",
              VPC_ID,
              CacheStatus.NONE,
              42_000,
              80,
              -1);
      slots[i] = new LoggedQuery();
      slots[i].fill(events[i], TARGETS);
    }
  }

  private int nextIndex() {
    int index = next;
    next = index + 1 == events.length ? 0 : index + 1;
    return index;
  }

  /** One line, with the writer's caches warm (the steady state of a busy log). */
  @Benchmark
  public int format() {
    line.clear();
    format.append(line, slots[nextIndex()]);
    return line.length();
  }

  /** The query path's part: copy into the ring (and the consumer's release, to keep room). */
  @Benchmark
  public boolean offer() {
    boolean accepted = ring.offer(events[nextIndex()], TARGETS);
    ring.peek();
    ring.release();
    return accepted;
  }
}
