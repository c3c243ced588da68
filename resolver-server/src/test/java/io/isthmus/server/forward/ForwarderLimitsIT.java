package io.isthmus.server.forward;

import static io.isthmus.server.forward.FakeUpstream.answer;
import static io.isthmus.server.forward.FakeUpstream.reply;
import static io.isthmus.server.forward.ForwardCacheTest.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.route.CacheStatus;
import io.isthmus.server.metrics.ForwardTargetMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The forwarder's resource limits against scripted upstreams on real loopback sockets: the caps on
 * outstanding upstream queries answer at once instead of queueing, every way a try ends gives its
 * slot back, and the targets' state is bounded and pruned.
 */
class ForwarderLimitsIT {

  /** Long enough that the capped queries below are answered while the slots are still held. */
  private static final Duration BUDGET = Duration.ofSeconds(2);

  /** "At once": well within the budget that a queued query would have waited. */
  private static final long AT_ONCE_MILLIS = BUDGET.toMillis() / 4;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void aSilentTargetAtItsCapFailsNewNamesAtOnceWhileOtherTargetsServe() throws Exception {
    FakeUpstream silent = upstream("127.77.0.1");
    silent.blackHole();
    FakeUpstream good = upstream("127.77.0.2");
    FakeUpstream otherRule = upstream("127.77.0.3");
    Forwarder forwarder = forwarder(limits(100, 3, 100));
    List<InetSocketAddress> onlySilent = List.of(silent.address());

    List<CompletableFuture<ForwardResult>> filling = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      filling.add(forwarder.forward(query("fill" + i + ".example.com.", onlySilent)));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.outstanding(silent.address()) == 3);

    ForwardResult capped =
        forwarder
            .forward(query("new.example.com.", onlySilent))
            .get(AT_ONCE_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(capped.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(capped.edeCode()).isEqualTo(22);
    assertThat(capped.edeText())
        .isEqualTo("127.77.0.1#" + silent.address().getPort() + ": too many queries outstanding");
    assertThat(filling).as("answered before the queries ahead of it").noneMatch(f -> f.isDone());
    assertThat(silent.receivedFor("new.example.com.")).as("never sent").isEmpty();
    assertThat(forwarder.limitedByTarget()).isEqualTo(1);
    assertThat(forwarder.limitedByTotal()).isZero();

    // The same rule's other target has room: the saturated one is skipped, whatever the order.
    List<InetSocketAddress> bothOfTheRule = List.of(silent.address(), good.address());
    for (int i = 0; i < 8; i++) {
      ForwardResult served =
          get(forwarder.forward(query("both" + i + ".example.com.", bothOfTheRule)));
      assertThat(served.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(served.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.1");
    }
    assertThat(silent.received())
        .extracting(FakeUpstream.Received::name)
        .allMatch(n -> n.startsWith("fill"));
    // Another rule's target is not affected at all.
    assertThat(
            get(forwarder.forward(query("www.other.example.", List.of(otherRule.address()))))
                .rcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(forwarder.limitedByTarget()).isEqualTo(1);

    // The silent queries run out of budget; their slots come back.
    for (CompletableFuture<ForwardResult> future : filling) {
      ForwardResult timedOut = get(future);
      assertThat(timedOut.rcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(timedOut.edeCode()).isEqualTo(22);
      assertThat(timedOut.edeText()).startsWith("no reply from 127.77.0.1#");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.outstanding() == 0);
    assertThat(forwarder.outstanding(silent.address())).isZero();
    silent.udp((query, replies) -> replies.send(answer(query, "192.0.2.9")));
    ForwardResult back = get(forwarder.forward(query("again.example.com.", onlySilent)));
    assertThat(back.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(back.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.9");
  }

  @Test
  void theTotalCapAnswersAnyNewMissAtOnceWithEde14() throws Exception {
    FakeUpstream silent = upstream("127.77.0.4");
    silent.blackHole();
    FakeUpstream good = upstream("127.77.0.5");
    Forwarder forwarder = forwarder(limits(2, 100, 100));

    List<CompletableFuture<ForwardResult>> filling = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      filling.add(
          forwarder.forward(query("fill" + i + ".example.com.", List.of(silent.address()))));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.outstanding() == 2);

    ForwardResult capped =
        forwarder
            .forward(query("www.example.net.", List.of(good.address())))
            .get(AT_ONCE_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(capped.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(capped.edeCode()).isEqualTo(14);
    assertThat(capped.edeText()).isEqualTo(Forwarder.SATURATED_TEXT);
    assertThat(capped.cache()).isEqualTo(CacheStatus.NONE);
    assertThat(filling).noneMatch(f -> f.isDone());
    assertThat(good.received()).as("never sent").isEmpty();
    assertThat(forwarder.limitedByTotal()).isEqualTo(1);
    assertThat(forwarder.limitedByTarget()).isZero();
    assertThat(forwarder.outstanding()).as("a refused miss holds no slot").isEqualTo(2);

    for (CompletableFuture<ForwardResult> future : filling) {
      assertThat(get(future).edeCode()).isEqualTo(22);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.outstanding() == 0);
    assertThat(get(forwarder.forward(query("www.example.net.", List.of(good.address())))).rcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aCappedQueryWithAnExpiredAnswerIsServedStale() throws Exception {
    // Per target (EDE 22 inside the stale answer's text), then the total (EDE 14's text).
    for (ForwarderOptions options : List.of(limits(100, 1, 100), limits(1, 100, 100))) {
      FakeUpstream upstream = upstream("127.77.0.6");
      Forwarder forwarder = forwarder(options);
      List<InetSocketAddress> targets = List.of(upstream.address());
      assertThat(get(forwarder.forward(query("cached.example.com.", targets))).cache())
          .isEqualTo(CacheStatus.MISS);
      now.addAndGet(Duration.ofSeconds(301).toNanos());
      upstream.blackHole();
      CompletableFuture<ForwardResult> filling =
          forwarder.forward(query("fill.example.com.", targets));
      await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.outstanding() == 1);

      ForwardResult stale =
          forwarder
              .forward(query("cached.example.com.", targets))
              .get(AT_ONCE_MILLIS, TimeUnit.MILLISECONDS);

      assertThat(stale.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(stale.cache()).isEqualTo(CacheStatus.STALE);
      assertThat(stale.edeCode()).isEqualTo(3);
      assertThat(stale.edeText())
          .startsWith("stale answer: ")
          .contains(
              options.maxOutstanding() == 1
                  ? Forwarder.SATURATED_TEXT
                  : "too many queries outstanding");
      assertThat(stale.answer()).extracting(Record::getTTL).containsExactly(30L);
      assertThat(filling.isDone()).isFalse();
      assertThat(upstream.receivedFor("cached.example.com.")).hasSize(1);
      get(filling);
      await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.outstanding() == 0);
    }
  }

  @Test
  void everyWayATryEndsGivesItsSlotBackExactlyOnce() throws Exception {
    FakeUpstream replying = upstream("127.77.0.7");
    FakeUpstream silent = upstream("127.77.0.8");
    silent.blackHole();
    FakeUpstream truncating = upstream("127.77.0.9");
    truncating.udp(
        (query, replies) -> {
          Message truncated = reply(query, Rcode.NOERROR);
          truncated.getHeader().setFlag(Flags.TC);
          replies.send(truncated);
        });
    FakeUpstream truncatingTcpCloses = upstream("127.77.0.10");
    truncatingTcpCloses.udp(
        (query, replies) -> {
          Message truncated = reply(query, Rcode.NOERROR);
          truncated.getHeader().setFlag(Flags.TC);
          replies.send(truncated);
        });
    truncatingTcpCloses.tcp(query -> null);
    InetSocketAddress closedPort;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.77.0.11", 0))) {
      closedPort = (InetSocketAddress) socket.getLocalSocketAddress();
    }
    // One slot per target: a single leaked slot would refuse every later query to that target.
    Forwarder forwarder = forwarder(limits(1000, 1, 100));
    List<InetSocketAddress> all =
        List.of(
            replying.address(),
            silent.address(),
            truncating.address(),
            truncatingTcpCloses.address(),
            closedPort);

    for (int round = 0; round < 3; round++) {
      List<CompletableFuture<ForwardResult>> futures = new ArrayList<>();
      for (InetSocketAddress target : all) {
        for (int i = 0; i < 4; i++) {
          futures.add(
              forwarder.forward(query("r" + round + "-" + i + ".example.com.", List.of(target))));
        }
        // Several targets in one query: each try takes and gives back its own target's slot.
        futures.add(forwarder.forward(query("mixed" + round + ".example.com.", all)));
      }
      for (CompletableFuture<ForwardResult> future : futures) {
        get(future);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.outstanding() == 0);
      for (InetSocketAddress target : all) {
        assertThat(forwarder.outstanding(target)).as("slots of " + target).isZero();
      }
    }
    assertThat(
            get(forwarder.forward(query("last1.example.com.", List.of(replying.address()))))
                .rcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(
            get(forwarder.forward(query("last2.example.com.", List.of(truncating.address()))))
                .rcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(truncating.received()).extracting(FakeUpstream.Received::tcp).contains(true);
    assertThat(get(forwarder.forward(query("last3.example.com.", List.of(closedPort)))).edeCode())
        .as("a network error, not a saturated target")
        .isEqualTo(23);
  }

  @Test
  void retainTargetsForgetsTheStateSocketsAndMetersOfUnusedTargets() throws Exception {
    FakeUpstream a = upstream("127.77.0.12");
    FakeUpstream b = upstream("127.77.0.13");
    Forwarder forwarder = forwarder(limits(100, 10, 100));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ForwardTargetMetrics metrics = new ForwardTargetMetrics(registry, forwarder::targetStates);
    get(forwarder.forward(query("www.a.example.", List.of(a.address()))));
    get(forwarder.forward(query("www.b.example.", List.of(b.address()))));
    metrics.sample();
    assertThat(forwarder.targetStates())
        .extracting(TargetState::target)
        .containsExactlyInAnyOrder(a.address(), b.address());
    assertThat(forwarder.liveSockets()).isEqualTo(2);
    assertThat(registry.find("isthmus.dns.forward.target.state").gauges()).hasSize(2);

    // a's rule deleted: b is still used (by another rule, or the default upstreams).
    forwarder.retainTargets(Set.of(b.address()));
    metrics.sample();

    assertThat(forwarder.targetStates())
        .extracting(TargetState::target)
        .containsExactly(b.address());
    assertThat(forwarder.liveSockets()).isEqualTo(1);
    assertThat(registry.find("isthmus.dns.forward.target.state").gauges())
        .singleElement()
        .satisfies(g -> assertThat(g.getId().getTag("target")).isEqualTo(tag(b.address())));

    forwarder.retainTargets(Set.of());
    assertThat(forwarder.trackedTargets()).isZero();
    assertThat(forwarder.liveSockets()).isZero();
    // A target in use again starts afresh.
    assertThat(get(forwarder.forward(query("www2.a.example.", List.of(a.address())))).rcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(forwarder.trackedTargets()).isEqualTo(1);
  }

  @Test
  void theNumberOfTargetsWithStateIsBoundedAbsolutely() throws Exception {
    Forwarder forwarder = forwarder(limits(100, 10, 2));
    for (int i = 0; i < 4; i++) {
      FakeUpstream upstream = upstream("127.77.1." + (i + 1));
      ForwardResult result =
          get(forwarder.forward(query("www" + i + ".example.com.", List.of(upstream.address()))));
      assertThat(result.rcode())
          .as("a target beyond the bound is still used")
          .isEqualTo(Rcode.NOERROR);
    }
    assertThat(forwarder.trackedTargets()).isEqualTo(2);
    assertThat(forwarder.targetStates()).hasSize(2);
  }

  private static String tag(InetSocketAddress target) {
    return target.getAddress().getHostAddress() + ":" + target.getPort();
  }

  private FakeUpstream upstream(String ip) throws IOException {
    FakeUpstream upstream = FakeUpstream.start(ip);
    resources.add(upstream);
    return upstream;
  }

  private Forwarder forwarder(ForwarderOptions options) {
    Forwarder forwarder = new Forwarder(options, ticker);
    resources.add(forwarder);
    return forwarder;
  }

  private static ForwarderOptions limits(int total, int perTarget, int maxTargets) {
    ForwarderOptions d = ForwarderOptions.defaults();
    return new ForwarderOptions(
            BUDGET,
            d.minTryTimeout(),
            d.maxTryTimeout(),
            d.maxCacheEntries(),
            d.maxTtl(),
            d.maxNegativeTtl(),
            d.servfailTtl(),
            d.staleWindow(),
            d.failuresToMarkDown(),
            d.probeInterval())
        .withLimits(total, perTarget, maxTargets);
  }

  private static ForwardQuery query(String name, List<InetSocketAddress> targets) {
    return new ForwardQuery("rule-1", name(name), Type.A, DClass.IN, targets, List.of());
  }

  private static ForwardResult get(CompletableFuture<ForwardResult> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }
}
