package io.isthmus.bench;

import io.isthmus.route.SuffixMap;
import java.util.HashMap;
import java.util.Map;
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
import org.xbill.DNS.Name;

/**
 * The route lookup ("most specific wins") against the number of zones in one VPC and the number of
 * labels in the query name. Zones are three or four labels deep, as private zones are.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteLookupBenchmark {
  @Param({"10", "1000", "100000"})
  int zones;

  @Param({"4", "8"})
  int queryLabels;

  private SuffixMap<Name> routes;
  private Name[] queries;
  private int next;

  @Setup
  public void setUp() throws Exception {
    Map<Name, Name> byDomain = new HashMap<>();
    for (int i = 0; i < zones; i++) {
      Name zone =
          Name.fromString(
              i % 2 == 0 ? "z" + i + ".aws.customer.local." : "z" + i + ".customer.local.");
      byDomain.put(zone, zone);
    }
    routes = SuffixMap.of(byDomain);
    Random random = new Random(42);
    queries = new Name[4096];
    for (int i = 0; i < queries.length; i++) {
      int zone = random.nextInt(zones);
      StringBuilder name = new StringBuilder();
      String suffix =
          zone % 2 == 0 ? "z" + zone + ".aws.customer.local." : "z" + zone + ".customer.local.";
      int zoneLabels = suffix.split("\\.").length;
      for (int l = zoneLabels; l < queryLabels; l++) {
        name.append("h").append(random.nextInt(1000)).append('.');
      }
      queries[i] = Name.fromString(name + suffix);
    }
  }

  @Benchmark
  public Name longestMatch() {
    Name query = queries[next++ & (queries.length - 1)];
    return routes.longestMatch(query);
  }
}
