package io.isthmus.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.Account;
import io.isthmus.config.ConfigChanges;
import io.isthmus.config.ConfigData;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.Vpc;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.route.Forwarding;
import io.isthmus.route.Outcome;
import io.isthmus.route.Resolution;
import io.isthmus.route.Resolver;
import io.isthmus.route.Snapshot;
import io.isthmus.route.SnapshotCompiler;
import io.isthmus.route.VpcRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The incremental path of a node, end to end through the embedded store: after every write, the
 * served configuration brought up to date from the change log ({@link ConfigChanges#applyTo}) and
 * compiled incrementally ({@link SnapshotCompiler#apply}) must equal, data and answer by answer, a
 * full load compiled from scratch. The writes are random: record sets put and deleted at names of
 * every depth (wildcards and empty non-terminals among them) in nested zones, and now and then a
 * structure change (an association, a new zone).
 */
class IncrementalRefreshProperties {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC);
  private static final Account OWNER = new Account("111111111111", "owner");
  private static final Vpc ONE =
      new Vpc("vpc-00000000000000001", OWNER.id(), "one", "us-east-1", List.of("10.1.0.0/16"));
  private static final Vpc TWO =
      new Vpc("vpc-00000000000000002", OWNER.id(), "two", "us-east-1", List.of("10.2.0.0/16"));
  private static final HostedZone PARENT =
      new HostedZone("ZPARENT000000001", "example.com.", OWNER.id(), null);
  private static final HostedZone CHILD =
      new HostedZone("ZCHILD0000000001", "sub.example.com.", OWNER.id(), null);
  private static final HostedZone LATE =
      new HostedZone("ZLATE00000000001", "late.example.com.", OWNER.id(), null);

  /** Names relative to a zone: the apex, deep names, a wildcard and names below it. */
  private static final List<String> LABELS =
      List.of("www", "a.b.c", "b.c", "x.a.b.c", "*", "*.w", "q.w", "deep.q.w", "mail", "c");

  private static final List<String> TYPES = List.of("A", "TXT", "MX");

  /** One write of the random sequence. */
  private record Step(int kind, int zone, int label, int type, int value) {}

  @Provide
  Arbitrary<List<Step>> writes() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 19),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, LABELS.size() - 1),
            Arbitraries.integers().between(0, TYPES.size() - 1),
            Arbitraries.integers().between(1, 250))
        .as(Step::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(30);
  }

  @Property(tries = 12)
  void incrementalEqualsFullAfterEveryWrite(@ForAll("writes") List<Step> steps) throws IOException {
    Path dir = Files.createTempDirectory("isthmus-incremental");
    try (JdbcConfigStore store = JdbcConfigStore.openEmbedded(dir)) {
      write(
          store,
          w -> {
            w.insertAccount(OWNER, "hash");
            w.insertVpc(ONE);
            w.insertVpc(TWO);
            for (HostedZone zone : List.of(PARENT, CHILD)) {
              w.insertZone(zone);
              apex(zone).forEach(set -> w.putRecordSet(zone.id(), set));
              w.addAssociation(zone.id(), ONE.id());
            }
          });
      SnapshotCompiler incremental = new SnapshotCompiler(CLOCK);
      ConfigData served = store.load();
      Snapshot snapshot = incremental.compile(served);
      for (Step step : steps) {
        write(store, w -> apply(store, w, step));
        ConfigChanges changes = store.changesSince(served.version()).orElseThrow();
        served = changes.applyTo(served);
        snapshot = incremental.apply(served, changes);

        ConfigData full = store.load();
        assertThat(served).isEqualTo(full);
        assertThat(answers(snapshot)).isEqualTo(answers(new SnapshotCompiler(CLOCK).compile(full)));
      }
    } finally {
      delete(dir);
    }
  }

  private static void write(JdbcConfigStore store, Consumer<ConfigWriter> work) {
    store.write(
        w -> {
          work.accept(w);
          return null;
        });
  }

  private static List<RecordSet> apex(HostedZone zone) {
    return List.of(
        RecordSet.simple(zone.name(), "SOA", 900, List.of("ns. hostmaster. 1 7200 900 1 60")),
        RecordSet.simple(zone.name(), "NS", 172800, List.of("ns1.example.net.")));
  }

  /** Kinds 0–13 put, 14–17 delete, 18 toggles zone TWO's association, 19 adds the late zone. */
  private static void apply(JdbcConfigStore store, ConfigWriter w, Step step) {
    List<HostedZone> zones = new ArrayList<>(List.of(PARENT, CHILD));
    boolean late = store.zone(LATE.id()).isPresent();
    if (late) {
      zones.add(LATE);
    }
    HostedZone zone = zones.get(step.zone() % zones.size());
    String name = LABELS.get(step.label()) + "." + zone.name();
    String type = TYPES.get(step.type());
    if (step.kind() < 14) {
      w.putRecordSet(zone.id(), RecordSet.simple(name, type, step.value(), List.of(rdata(step))));
    } else if (step.kind() < 18) {
      RecordSetKey key = new RecordSetKey(name, type, null);
      if (store.recordSets(zone.id()).stream().anyMatch(set -> set.key().equals(key))) {
        w.deleteRecordSet(zone.id(), key);
      }
    } else if (step.kind() == 18) {
      if (store.associatedVpcIds(zone.id()).contains(TWO.id())) {
        w.removeAssociation(zone.id(), TWO.id());
      } else {
        w.addAssociation(zone.id(), TWO.id());
      }
    } else if (!late) {
      w.insertZone(LATE);
      apex(LATE).forEach(set -> w.putRecordSet(LATE.id(), set));
      w.putRecordSet(
          LATE.id(), RecordSet.simple("www." + LATE.name(), "A", 60, List.of("10.9.9.9")));
      w.addAssociation(LATE.id(), TWO.id());
    }
  }

  private static String rdata(Step step) {
    return switch (TYPES.get(step.type())) {
      case "A" -> "10.0." + step.zone() + "." + step.value();
      case "TXT" -> "\"v" + step.value() + "\"";
      default -> step.value() + " mx" + step.value() + ".example.net.";
    };
  }

  /**
   * Every answer of both VPCs for every name of the pool in every zone, names below them, and every
   * type asked: rcode, answer and authority as dig would show them.
   */
  private static Map<String, String> answers(Snapshot snapshot) {
    Resolver resolver = new Resolver();
    Map<String, String> answers = new TreeMap<>();
    for (Vpc vpc : List.of(ONE, TWO)) {
      VpcRoutes routes = snapshot.vpcsById().get(vpc.id());
      for (HostedZone zone : List.of(PARENT, CHILD, LATE)) {
        List<String> names = new ArrayList<>(List.of(zone.name(), "nx." + zone.name()));
        for (String label : LABELS) {
          String name = label + "." + zone.name();
          names.add(name.replace("*", "any"));
          names.add("below." + name.replace("*", "any"));
        }
        for (String name : names) {
          for (int type : new int[] {Type.A, Type.TXT, Type.MX, Type.SOA, Type.ANY}) {
            Outcome outcome =
                resolver.resolve(snapshot, routes, Name.fromConstantString(name), type);
            answers.put(vpc.id() + " " + name + " " + Type.string(type), render(outcome));
          }
        }
      }
    }
    return answers;
  }

  private static String render(Outcome outcome) {
    if (outcome instanceof Forwarding forwarding) {
      return "forward " + forwarding.scope();
    }
    Resolution resolution = (Resolution) outcome;
    return resolution.rcode() + " " + resolution.answer() + " " + resolution.authority();
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
