package io.isthmus.server.forward;

import static io.isthmus.server.forward.FakeUpstream.answer;
import static io.isthmus.server.forward.FakeUpstream.reply;
import static io.isthmus.server.forward.FakeUpstream.withRecords;
import static io.isthmus.server.forward.ForwardCacheTest.name;
import static io.isthmus.server.forward.ForwardCacheTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.route.CacheStatus;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The forwarder against scripted upstreams on real loopback sockets: pass-through, source binding,
 * spoofing defence, TCP retry, target health, budgets, serve-stale and coalescing (spec §5).
 */
class ForwarderIT {

  /**
   * How late past its budget a forward may finish here. The budget is kept by a timer, and on a
   * busy machine (other integration tests run beside this class) the timer's thread can be late by
   * a few hundred milliseconds. A forward that ignored the budget would go round its silent targets
   * until the caller gave up, so a second of slack still tells the two apart.
   */
  private static final Duration SCHEDULING_SLACK = Duration.ofSeconds(1);

  /**
   * A network error that were taken for a timeout would keep the forward going round until the
   * default 4 s budget is spent; half of it tells the two apart on a busy machine too.
   */
  private static final Duration HALF_THE_DEFAULT_BUDGET =
      ForwarderOptions.defaults().overallBudget().dividedBy(2);

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
  void upstreamRcodesArePassedThroughAndAnswersCached() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    upstream.udp(
        (query, replies) -> {
          String qname = query.getQuestion().getName().toString();
          switch (qname) {
            case "nx.example.com." ->
                replies.send(
                    withRecords(
                        reply(query, Rcode.NXDOMAIN),
                        Section.AUTHORITY,
                        record(
                            "example.com. 3600 IN SOA ns1.example.com. h.example.com. 1 2 3 4 300")));
            case "refused.example.com." -> replies.send(reply(query, Rcode.REFUSED));
            case "fail.example.com." -> replies.send(reply(query, Rcode.SERVFAIL));
            default -> replies.send(answer(query, "192.0.2.1", "192.0.2.2"));
          }
        });
    Forwarder forwarder = forwarder(ForwarderOptions.defaults());
    List<InetSocketAddress> targets = List.of(upstream.address());

    ForwardResult answer = get(forwarder.forward(query("www.example.com.", targets)));
    assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.cache()).isEqualTo(CacheStatus.MISS);
    assertThat(answer.edeCode()).isEqualTo(-1);
    assertThat(answer.answer())
        .extracting(Record::rdataToString)
        .containsExactly("192.0.2.1", "192.0.2.2");
    ForwardResult hit = get(forwarder.forward(query("WWW.example.com.", targets)));
    assertThat(hit.cache()).isEqualTo(CacheStatus.HIT);
    assertThat(hit.answer())
        .extracting(Record::rdataToString)
        .containsExactly("192.0.2.1", "192.0.2.2");

    ForwardResult nxdomain = get(forwarder.forward(query("nx.example.com.", targets)));
    assertThat(nxdomain.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nxdomain.authority()).extracting(Record::getType).containsExactly(Type.SOA);
    assertThat(get(forwarder.forward(query("nx.example.com.", targets))).cache())
        .isEqualTo(CacheStatus.HIT);

    for (int i = 0; i < 2; i++) {
      ForwardResult refused = get(forwarder.forward(query("refused.example.com.", targets)));
      assertThat(refused.rcode()).isEqualTo(Rcode.REFUSED);
      assertThat(refused.cache()).isEqualTo(CacheStatus.MISS);
    }
    assertThat(upstream.receivedFor("refused.example.com.")).as("REFUSED is not cached").hasSize(2);

    ForwardResult servfail = get(forwarder.forward(query("fail.example.com.", targets)));
    assertThat(servfail.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(servfail.cache()).isEqualTo(CacheStatus.MISS);
    assertThat(servfail.edeCode()).isEqualTo(-1);
    assertThat(get(forwarder.forward(query("fail.example.com.", targets))).cache())
        .as("SERVFAIL is cached briefly")
        .isEqualTo(CacheStatus.HIT);
    assertThat(upstream.received()).hasSize(5);
  }

  @Test
  void queriesLeaveFromTheSourceAddressesWithVaryingPortsAndRandomIds() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    Forwarder forwarder = forwarder(ForwarderOptions.defaults());
    List<InetAddress> sources =
        List.of(InetAddress.getByName("127.0.0.55"), InetAddress.getByName("127.0.0.56"));
    int count = 64;

    for (int i = 0; i < count; i++) {
      ForwardQuery query =
          new ForwardQuery(
              "rule-1",
              name("host" + i + ".example.com."),
              Type.A,
              DClass.IN,
              List.of(upstream.address()),
              sources);
      assertThat(get(forwarder.forward(query)).rcode()).isEqualTo(Rcode.NOERROR);
    }

    List<FakeUpstream.Received> received = upstream.received();
    assertThat(received).hasSize(count);
    assertThat(received)
        .extracting(r -> r.sender().getAddress().getHostAddress())
        .as("round-robin over the outbound endpoint's addresses")
        .containsOnly("127.0.0.55", "127.0.0.56")
        .contains("127.0.0.55", "127.0.0.56");
    // Each query takes a random one of up to 16 pooled sockets per (loop, source, target), each
    // on an OS-chosen random port: 32 picks of 16 leave about 14 distinct ports per pool, and far
    // fewer would mean the sockets are not picked at random. That the ports keep changing over
    // time (retirement) is UdpSocketPoolIT's.
    assertThat(received.stream().map(r -> r.sender().getPort()).distinct().count())
        .isGreaterThanOrEqualTo(16);
    // Random 16-bit IDs: among 64 a repeat is possible (3 %), four are not.
    assertThat(received.stream().map(r -> r.query().getHeader().getID()).distinct().count())
        .isGreaterThanOrEqualTo(count - 3);
    for (FakeUpstream.Received r : received) {
      Message query = r.query();
      assertThat(query.getHeader().getFlag(Flags.RD)).isTrue();
      assertThat(query.getHeader().getFlag(Flags.QR)).isFalse();
      OPTRecord opt = query.getOPT();
      assertThat(opt).isNotNull();
      assertThat(opt.getPayloadSize()).isEqualTo(1232);
      assertThat(opt.getFlags() & ExtendedFlags.DO).as("no DO: we do no DNSSEC").isZero();
    }
  }

  @Test
  void aBlackHoledTargetIsMarkedDownAndThenNoLongerWaitedFor() throws Exception {
    FakeUpstream first = upstream("127.0.0.11");
    FakeUpstream second = upstream("127.0.0.12");
    FakeUpstream hole = upstream("127.0.0.13");
    hole.blackHole();
    Forwarder forwarder = forwarder(ForwarderOptions.defaults());
    List<InetSocketAddress> targets = List.of(first.address(), second.address(), hole.address());

    // Concurrent queries before any health is known: each picks a random first target, so the
    // black hole gets (many more than) the 3 timeouts that mark it DOWN. Each still succeeds.
    List<ForwardResult> warmUp = getAll(forwarder, "warm", 60, targets);
    assertThat(warmUp).extracting(ForwardResult::rcode).containsOnly(Rcode.NOERROR);
    assertThat(state(forwarder, hole.address()).state()).isEqualTo("DOWN");
    assertThat(state(forwarder, first.address()).state()).isEqualTo("UP");

    List<CompletableFuture<ForwardResult>> after = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      after.add(forwarder.forward(query("after" + i + ".example.com.", targets)));
    }
    for (CompletableFuture<ForwardResult> future : after) {
      assertThat(get(future).rcode()).isEqualTo(Rcode.NOERROR);
    }
    // None was sent to the hole first (and answered by the next target after a timeout).
    assertThat(hole.received()).noneMatch(r -> r.name().startsWith("after"));
  }

  @Test
  void allTargetsDownGivesServfailWithEde22WithinTheBudget() throws Exception {
    FakeUpstream a = upstream("127.0.0.11");
    FakeUpstream b = upstream("127.0.0.12");
    a.blackHole();
    b.blackHole();
    Duration budget = Duration.ofMillis(1200);
    Forwarder forwarder = forwarder(options(budget, 3, Duration.ofSeconds(1)));

    long start = System.nanoTime();
    ForwardResult result =
        forwarder
            .forward(query("www.example.com.", List.of(a.address(), b.address())))
            .get(budget.plus(SCHEDULING_SLACK).toMillis(), TimeUnit.MILLISECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(budget.plus(SCHEDULING_SLACK));
    assertThat(result.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(result.cache()).isEqualTo(CacheStatus.NONE);
    assertThat(result.edeCode()).isEqualTo(22);
    assertThat(result.edeText()).contains("127.0.0.11#", "127.0.0.12#");
    assertThat(result.answer()).isEmpty();
  }

  @Test
  void networkErrorsGiveServfailWithEde23WithoutWaiting() throws Exception {
    InetSocketAddress closedPort;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      closedPort = (InetSocketAddress) socket.getLocalSocketAddress();
    }
    FakeUpstream upstream = upstream("127.0.0.11");
    Forwarder forwarder = forwarder(ForwarderOptions.defaults());

    ForwardResult unreachable =
        forwarder
            .forward(query("www.example.com.", List.of(closedPort)))
            .get(HALF_THE_DEFAULT_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(unreachable.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(unreachable.edeCode()).as("ICMP port unreachable").isEqualTo(23);
    assertThat(unreachable.edeText()).contains("127.0.0.1#" + closedPort.getPort());

    // 192.0.2.77 (TEST-NET-1) is no address of this host: the source cannot be bound.
    ForwardQuery unbindable =
        new ForwardQuery(
            "rule-1",
            name("www.example.com."),
            Type.A,
            DClass.IN,
            List.of(upstream.address()),
            List.of(InetAddress.getByName("192.0.2.77")));
    ForwardResult bindFailure =
        forwarder
            .forward(unbindable)
            .get(HALF_THE_DEFAULT_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(bindFailure.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(bindFailure.edeCode()).isEqualTo(23);
    assertThat(bindFailure.edeText()).contains("192.0.2.77");
    assertThat(upstream.received()).isEmpty();
    assertThat(forwarder.targetStates())
        .as("our bind failure is not the target's fault")
        .noneMatch(s -> s.target().equals(upstream.address()) && s.consecutiveFailures() > 0);
  }

  @Test
  void expiredAnswersAreServedStaleWithEde3WhenNoTargetAnswers() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    upstream.udp(
        (query, replies) -> {
          Message reply = reply(query, Rcode.NOERROR);
          reply.addRecord(record("www.example.com. 60 IN CNAME web.example.com."), Section.ANSWER);
          reply.addRecord(record("web.example.com. 120 IN A 192.0.2.7"), Section.ANSWER);
          replies.send(reply);
        });
    Duration budget = Duration.ofMillis(600);
    Forwarder forwarder = forwarder(options(budget, 3, Duration.ofSeconds(1)));
    ForwardQuery query = query("www.example.com.", List.of(upstream.address()));
    assertThat(get(forwarder.forward(query)).cache()).isEqualTo(CacheStatus.MISS);

    upstream.blackHole();
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    long start = System.nanoTime();
    ForwardResult stale = get(forwarder.forward(query));

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(budget.plus(SCHEDULING_SLACK));
    assertThat(stale.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(stale.cache()).isEqualTo(CacheStatus.STALE);
    assertThat(stale.edeCode()).isEqualTo(3);
    assertThat(stale.answer())
        .extracting(Record::rdataToString)
        .containsExactly("web.example.com.", "192.0.2.7");
    assertThat(stale.answer()).extracting(Record::getTTL).containsOnly(30L);
    assertThat(upstream.received()).as("tried upstream before serving stale").hasSizeGreaterThan(1);

    now.addAndGet(Duration.ofDays(1).toNanos());
    ForwardResult gone = get(forwarder.forward(query));
    assertThat(gone.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(gone.edeCode()).isEqualTo(22);
  }

  @Test
  void spoofedRepliesAreIgnoredAndTheRealOneAccepted() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    upstream.udp(
        (query, replies) -> {
          Message wrongId = answer(query, "6.6.6.1");
          wrongId.getHeader().setID(query.getHeader().getID() ^ 0x5a5a);
          replies.send(wrongId);
          Message otherQuestion = reply(query, Rcode.NOERROR);
          otherQuestion.removeAllRecords(Section.QUESTION);
          otherQuestion.addRecord(
              Record.newRecord(name("bank.example.com."), Type.A, DClass.IN), Section.QUESTION);
          otherQuestion.addRecord(record("bank.example.com. 300 IN A 6.6.6.2"), Section.ANSWER);
          replies.send(otherQuestion);
          Message notAResponse = answer(query, "6.6.6.3");
          notAResponse.getHeader().unsetFlag(Flags.QR);
          replies.send(notAResponse);
          replies.sendFromAnotherPort(answer(query, "6.6.6.4"));
          replies.send(answer(query, "192.0.2.1"));
        });
    Forwarder forwarder = forwarder(patient());

    ForwardResult result =
        get(forwarder.forward(query("www.example.com.", List.of(upstream.address()))));

    assertThat(result.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(result.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.1");
    // The reply from another port is dropped by the kernel (connected pooled socket) or by us.
    assertThat(forwarder.droppedReplies()).isGreaterThanOrEqualTo(3);
    assertThat(upstream.received()).hasSize(1);
  }

  @Test
  void aTruncatedReplyIsRetriedOverTcpFromTheSameSource() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    upstream.udp(
        (query, replies) -> {
          Message truncated = reply(query, Rcode.NOERROR);
          truncated.getHeader().setFlag(Flags.TC);
          replies.send(truncated);
        });
    String[] many = IntStream.range(0, 100).mapToObj(i -> "10.0.0." + i).toArray(String[]::new);
    upstream.tcp(query -> answer(query, many));
    Forwarder forwarder = forwarder(patient());
    ForwardQuery query =
        new ForwardQuery(
            "rule-1",
            name("big.example.com."),
            Type.A,
            DClass.IN,
            List.of(upstream.address()),
            List.of(InetAddress.getByName("127.0.0.55")));

    ForwardResult result = get(forwarder.forward(query));

    assertThat(result.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(result.answer()).hasSize(100);
    assertThat(upstream.received())
        .extracting(FakeUpstream.Received::tcp)
        .containsExactly(false, true);
    assertThat(upstream.received().get(1).sender().getAddress().getHostAddress())
        .isEqualTo("127.0.0.55");
  }

  @Test
  void garbageAndOversizedRepliesAreIgnored() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    String[] many = IntStream.range(0, 100).mapToObj(i -> "10.0.0." + i).toArray(String[]::new);
    upstream.udp(
        (query, replies) -> {
          byte[] garbage = new byte[100];
          new java.util.Random(7).nextBytes(garbage);
          // Even with our ID in front it must not parse into anything accepted.
          garbage[0] = (byte) (query.getHeader().getID() >>> 8);
          garbage[1] = (byte) query.getHeader().getID();
          replies.send(garbage);
          replies.send(new byte[] {1, 2, 3});
          byte[] cut = answer(query, "6.6.6.6").toWire();
          replies.send(Arrays.copyOf(cut, cut.length - 3));
          Message oversized = answer(query, many);
          assertThat(oversized.toWire().length).isGreaterThan(1232);
          replies.send(oversized);
          replies.send(answer(query, "192.0.2.1"));
        });
    Forwarder forwarder = forwarder(ForwarderOptions.defaults());

    ForwardResult result =
        get(forwarder.forward(query("www.example.com.", List.of(upstream.address()))));

    assertThat(result.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.1");
    assertThat(forwarder.droppedReplies()).isEqualTo(4);
  }

  @Test
  void aSlowUpstreamBeyondTheBudgetGivesServfailWithinTheBudget() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    upstream.udp(
        (query, replies) -> replies.sendLater(answer(query, "192.0.2.1"), Duration.ofSeconds(3)));
    Duration budget = Duration.ofSeconds(1);
    Forwarder forwarder = forwarder(options(budget, 3, Duration.ofSeconds(1)));

    long start = System.nanoTime();
    ForwardResult result =
        forwarder
            .forward(query("slow.example.com.", List.of(upstream.address())))
            .get(budget.plus(SCHEDULING_SLACK).toMillis(), TimeUnit.MILLISECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(budget.plus(SCHEDULING_SLACK));
    assertThat(result.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(result.edeCode()).isEqualTo(22);
  }

  @Test
  void concurrentIdenticalQueriesShareOneUpstreamQuery() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    upstream.udp(
        (query, replies) -> replies.sendLater(answer(query, "192.0.2.1"), Duration.ofMillis(300)));
    Forwarder forwarder = forwarder(patient());
    List<InetSocketAddress> targets = List.of(upstream.address());
    String[] spellings = {
      "www.example.com.", "WWW.example.com.", "www.EXAMPLE.com.", "Www.Example.Com."
    };

    List<CompletableFuture<ForwardResult>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(forwarder.forward(query(spellings[i % spellings.length], targets)));
    }
    for (CompletableFuture<ForwardResult> future : futures) {
      ForwardResult result = get(future);
      assertThat(result.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(result.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.1");
    }

    assertThat(upstream.received()).hasSize(1);
    assertThat(get(forwarder.forward(query("www.example.com.", targets))).cache())
        .isEqualTo(CacheStatus.HIT);
    assertThat(upstream.received()).hasSize(1);
  }

  @Test
  void manyConcurrentDifferentQueriesAreEachAnsweredWithTheirOwnAnswer() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    // Replies in random order, so that queries sharing a pooled socket are answered out of order.
    upstream.udp(
        (query, replies) -> {
          String qname = query.getQuestion().getName().toString();
          int i = Integer.parseInt(qname.substring(1, qname.indexOf('.')));
          replies.sendLater(
              answer(query, "10.0." + (i / 256) + "." + (i % 256)),
              Duration.ofMillis(ThreadLocalRandom.current().nextInt(100)));
        });
    Forwarder forwarder = forwarder(ForwarderOptions.defaults());

    List<ForwardResult> results = getAll(forwarder, "q", 500, List.of(upstream.address()));

    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(results.get(i).answer())
          .extracting(Record::rdataToString)
          .containsExactly("10.0." + (i / 256) + "." + (i % 256));
    }
  }

  @Test
  void aProbeBringsADownTargetBackUp() throws Exception {
    FakeUpstream upstream = upstream("127.0.0.11");
    upstream.blackHole();
    Forwarder forwarder = forwarder(options(Duration.ofMillis(600), 1, Duration.ofMillis(50)));
    List<InetSocketAddress> targets = List.of(upstream.address());

    ForwardResult failed = get(forwarder.forward(query("probe.example.com.", targets)));
    assertThat(failed.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(state(forwarder, upstream.address()).state()).isEqualTo("DOWN");

    int before = upstream.received().size();
    upstream.udp((query, replies) -> replies.send(answer(query, "192.0.2.1")));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> state(forwarder, upstream.address()).state().equals("UP"));

    List<FakeUpstream.Received> probes =
        upstream.received().subList(before, upstream.received().size());
    assertThat(probes).isNotEmpty();
    assertThat(probes).extracting(FakeUpstream.Received::name).containsOnly("probe.example.com.");
    TargetState up = state(forwarder, upstream.address());
    assertThat(up.consecutiveFailures()).isZero();
    assertThat(up.srttMicros()).isPositive();
    assertThat(get(forwarder.forward(query("probe.example.com.", targets))).rcode())
        .isEqualTo(Rcode.NOERROR);
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

  private static ForwarderOptions options(
      Duration budget, int failuresToMarkDown, Duration probeInterval) {
    ForwarderOptions d = ForwarderOptions.defaults();
    return new ForwarderOptions(
        budget,
        d.minTryTimeout(),
        d.maxTryTimeout(),
        d.maxCacheEntries(),
        d.maxTtl(),
        d.maxNegativeTtl(),
        d.servfailTtl(),
        d.staleWindow(),
        failuresToMarkDown,
        probeInterval);
  }

  /**
   * The defaults, but a try waits at least 2 s before the next one: for tests that count the
   * queries the upstream received, where a try timed out only because the machine was busy (other
   * test classes run beside this one) would add a query of its own.
   */
  private static ForwarderOptions patient() {
    ForwarderOptions d = ForwarderOptions.defaults();
    return new ForwarderOptions(
        d.overallBudget(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        d.maxCacheEntries(),
        d.maxTtl(),
        d.maxNegativeTtl(),
        d.servfailTtl(),
        d.staleWindow(),
        d.failuresToMarkDown(),
        d.probeInterval());
  }

  private static ForwardQuery query(String name, List<InetSocketAddress> targets) {
    return new ForwardQuery("rule-1", name(name), Type.A, DClass.IN, targets, List.of());
  }

  private static List<ForwardResult> getAll(
      Forwarder forwarder, String prefix, int count, List<InetSocketAddress> targets)
      throws Exception {
    List<CompletableFuture<ForwardResult>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(forwarder.forward(query(prefix + i + ".example.com.", targets)));
    }
    List<ForwardResult> results = new ArrayList<>();
    for (CompletableFuture<ForwardResult> future : futures) {
      results.add(get(future));
    }
    return results;
  }

  private static ForwardResult get(CompletableFuture<ForwardResult> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  private static TargetState state(Forwarder forwarder, InetSocketAddress target) {
    return forwarder.targetStates().stream()
        .filter(s -> s.target().equals(target))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no state for " + target));
  }
}
