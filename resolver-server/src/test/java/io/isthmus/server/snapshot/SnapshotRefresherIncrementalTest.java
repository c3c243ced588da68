package io.isthmus.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.Account;
import io.isthmus.config.ConfigChanges;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.Vpc;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.route.Resolution;
import io.isthmus.route.Resolver;
import io.isthmus.route.Snapshot;
import io.isthmus.route.SnapshotCompiler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The refresher on the embedded store: a write is served from the change log without a full load,
 * and when the log cannot bridge the gap, or applying it fails, the refresher loads everything and
 * serves the same answer, never a half-applied change.
 */
class SnapshotRefresherIncrementalTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Account OWNER = new Account("111111111111", "owner");
  private static final Vpc VPC =
      new Vpc("vpc-00000000000000001", OWNER.id(), "one", "us-east-1", List.of("10.1.0.0/16"));
  private static final HostedZone ZONE =
      new HostedZone("ZONE000000000001", "example.com.", OWNER.id(), null);
  private static final Name WWW = Name.fromConstantString("www.example.com.");

  @TempDir Path dataDir;
  private JdbcConfigStore store;
  private final SnapshotHolder holder = new SnapshotHolder();
  private final AtomicInteger loads = new AtomicInteger();
  private SnapshotRefresher refresher;

  @BeforeEach
  void openStore() {
    store = JdbcConfigStore.openEmbedded(dataDir);
    store.write(
        w -> {
          w.insertAccount(OWNER, "hash");
          w.insertVpc(VPC);
          w.insertZone(ZONE);
          w.putRecordSet(
              ZONE.id(),
              RecordSet.simple(
                  ZONE.name(), "SOA", 900, List.of("ns. hostmaster. 1 7200 900 1 60")));
          w.addAssociation(ZONE.id(), VPC.id());
          return null;
        });
  }

  @AfterEach
  void close() {
    if (refresher != null) {
      refresher.close();
    }
    store.close();
  }

  /** Starts a refresher on the store, its change log read through {@code changes}. */
  private void start(UnaryOperator<Optional<ConfigChanges>> changes) throws Exception {
    ConfigStore counted =
        (ConfigStore)
            Proxy.newProxyInstance(
                ConfigStore.class.getClassLoader(),
                new Class<?>[] {ConfigStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("load")) {
                    loads.incrementAndGet();
                  }
                  try {
                    Object result = method.invoke(store, args);
                    return method.getName().equals("changesSince")
                        ? changes.apply(((Optional<?>) result).map(ConfigChanges.class::cast))
                        : result;
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    refresher = new SnapshotRefresher(counted, holder, new SnapshotCompiler(CLOCK));
    refresher.start(POLL);
    assertThat(loads).as("the start loads everything").hasValue(1);
  }

  private void putWww(String address) {
    store.write(
        w -> {
          w.putRecordSet(ZONE.id(), RecordSet.simple(WWW.toString(), "A", 60, List.of(address)));
          return null;
        });
  }

  private List<String> servedWww() {
    awaitVersion(store.version());
    Snapshot snapshot = holder.current();
    Resolution resolution =
        (Resolution)
            new Resolver().resolve(snapshot, snapshot.vpcsById().get(VPC.id()), WWW, Type.A);
    return resolution.answer().stream().map(record -> record.rdataToString()).toList();
  }

  @Test
  void aWriteIsServedFromTheChangeLogWithoutAFullLoad() throws Exception {
    start(UnaryOperator.identity());

    putWww("10.0.0.1");
    assertThat(servedWww()).containsExactly("10.0.0.1");
    putWww("10.0.0.2");
    assertThat(servedWww()).containsExactly("10.0.0.2");

    assertThat(loads).hasValue(1);
  }

  @Test
  void whenTheLogCannotBridgeTheGapEverythingIsLoaded() throws Exception {
    start(changes -> Optional.empty());

    putWww("10.0.0.1");

    assertThat(servedWww()).containsExactly("10.0.0.1");
    assertThat(loads).hasValue(2);
  }

  @Test
  void aChangeThatCannotBeAppliedIsLoadedWholeInstead() throws Exception {
    // A log naming a zone the configuration does not hold: applying it fails half-way through.
    start(
        changes ->
            changes.map(
                real ->
                    new ConfigChanges(
                        real.fromVersion(),
                        real.version(),
                        null,
                        Map.of(),
                        Map.of("ZGONE00000000001", Map.of("x.gone.", List.of())))));

    putWww("10.0.0.1");

    assertThat(servedWww()).containsExactly("10.0.0.1");
    assertThat(loads).hasValue(2);
  }

  private void awaitVersion(long version) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (holder.version() < version) {
      assertThat(System.nanoTime())
          .as("version %d not served in 30 s", version)
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
