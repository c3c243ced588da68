package io.isthmus.server.forward;

import static io.isthmus.server.forward.FakeUpstream.answer;
import static io.isthmus.server.forward.FakeUpstream.reply;
import static io.isthmus.server.forward.FakeUpstream.withRecords;
import static io.isthmus.server.forward.ForwardCacheTest.name;
import static io.isthmus.server.forward.ForwardCacheTest.record;
import static io.isthmus.server.forward.ReplyScrubberTest.shown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.route.CacheStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A lying upstream on a real loopback socket, through the real forwarder: whatever it adds to an
 * answer, only the chain of the question inside its bailiwick reaches the client or the cache. Each
 * test asks again for the victim name afterwards: it must go upstream (nothing poisoned was cached)
 * and get the honest answer.
 */
class LyingUpstreamIT {

  private static final String RULE = "rule-corp";
  private static final Name CORP = name("corp.example.");

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;
  private FakeUpstream upstream;
  private Forwarder forwarder;

  @BeforeEach
  void start() throws IOException {
    upstream = FakeUpstream.start("127.77.0.11");
    resources.add(upstream);
    forwarder = new Forwarder(ForwarderOptions.defaults(), ticker);
    resources.add(forwarder);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void unrelatedAnswerRecordsNeverReachTheClientOrTheCache() throws Exception {
    upstream.udp(
        (query, replies) -> {
          if (asked(query).equals("www.corp.example.")) {
            replies.send(
                withRecords(
                    answer(query, "10.0.0.1"),
                    Section.ANSWER,
                    record("victim.corp.example. 86400 IN A 6.6.6.6"),
                    record("bank.example. 86400 IN A 6.6.6.6")));
          } else {
            replies.send(answer(query, "10.0.0.99"));
          }
        });

    ForwardResult result = ask("www.corp.example.", Type.A);
    assertThat(shown(result.answer())).containsExactly("www.corp.example. A 10.0.0.1");
    assertThat(shown(ask("www.corp.example.", Type.A).answer()))
        .as("the cached answer is the scrubbed one")
        .containsExactly("www.corp.example. A 10.0.0.1");

    ForwardResult victim = ask("victim.corp.example.", Type.A);
    assertThat(victim.cache()).as("asked upstream, not from the cache").isEqualTo(CacheStatus.MISS);
    assertThat(shown(victim.answer())).containsExactly("victim.corp.example. A 10.0.0.99");
    assertThat(upstream.receivedFor("victim.corp.example.")).hasSize(1);
    assertThat(forwarder.scrubbedRecords()).isEqualTo(2);
  }

  @Test
  void aCnameOutOfTheBailiwickEndsTheAnswerAndItsTargetsRecordsAreDropped() throws Exception {
    upstream.udp(
        (query, replies) -> {
          if (asked(query).equals("www.corp.example.")) {
            replies.send(
                withRecords(
                    reply(query, Rcode.NOERROR),
                    Section.ANSWER,
                    record("www.corp.example. 300 IN CNAME login.bank.example."),
                    record("login.bank.example. 86400 IN A 6.6.6.6")));
          } else {
            replies.send(answer(query, "192.0.2.80"));
          }
        });

    ForwardResult result = ask("www.corp.example.", Type.A);
    assertThat(result.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(shown(result.answer()))
        .containsExactly("www.corp.example. CNAME login.bank.example.");
    assertThat(result.continueAt()).isEqualTo(name("login.bank.example."));
    ForwardResult hit = ask("www.corp.example.", Type.A);
    assertThat(hit.cache()).isEqualTo(CacheStatus.HIT);
    assertThat(hit.continueAt())
        .as("a hit continues as the miss did")
        .isEqualTo(result.continueAt());

    // The victim, asked of the same upstream in another scope: never answered from the lie.
    ForwardQuery victim =
        new ForwardQuery(
            ".",
            name("login.bank.example."),
            Type.A,
            DClass.IN,
            List.of(upstream.address()),
            List.of(),
            Name.root);
    ForwardResult honest = get(forwarder.forward(victim));
    assertThat(honest.cache()).isEqualTo(CacheStatus.MISS);
    assertThat(shown(honest.answer())).containsExactly("login.bank.example. A 192.0.2.80");
  }

  @Test
  void poisonedAuthorityAndAdditionalSectionsAreDropped() throws Exception {
    upstream.udp(
        (query, replies) -> {
          Message reply = answer(query, "10.0.0.1");
          if (asked(query).equals("www.corp.example.")) {
            withRecords(
                reply,
                Section.AUTHORITY,
                record("bank.example. 86400 IN NS ns.attacker.example."),
                record("victim.corp.example. 86400 IN NS ns.attacker.example."),
                record("corp.example. 300 IN NS ns1.corp.example."),
                record(
                    "corp.example. 86400 IN SOA ns.attacker.example. h.attacker.example. 1 2 3 4 86400"));
            withRecords(
                reply,
                Section.ADDITIONAL,
                record("ns.attacker.example. 86400 IN A 6.6.6.6"),
                record("victim.corp.example. 86400 IN A 6.6.6.6"),
                record("ns1.corp.example. 300 IN A 10.0.0.53"));
          } else if (query.getQuestion().getType() == Type.NS) {
            reply = reply(query, Rcode.NOERROR);
            withRecords(
                reply, Section.ANSWER, record(asked(query) + " 300 IN NS ns.honest.example."));
          } else {
            reply = answer(query, "10.0.0.99");
          }
          replies.send(reply);
        });

    ForwardResult result = ask("www.corp.example.", Type.A);
    assertThat(shown(result.answer())).containsExactly("www.corp.example. A 10.0.0.1");
    assertThat(shown(result.authority()))
        .as("only the NS of the answer's zone, inside the bailiwick; no SOA in a positive answer")
        .containsExactly("corp.example. NS ns1.corp.example.");
    assertThat(shown(ask("www.corp.example.", Type.A).authority()))
        .containsExactly("corp.example. NS ns1.corp.example.");

    ForwardResult victimNs = ask("victim.corp.example.", Type.NS);
    assertThat(victimNs.cache()).isEqualTo(CacheStatus.MISS);
    assertThat(shown(victimNs.answer()))
        .containsExactly("victim.corp.example. NS ns.honest.example.");
    ForwardResult victimA = ask("victim.corp.example.", Type.A);
    assertThat(victimA.cache()).isEqualTo(CacheStatus.MISS);
    assertThat(shown(victimA.answer())).containsExactly("victim.corp.example. A 10.0.0.99");
    ForwardResult zoneNs = ask("corp.example.", Type.NS);
    assertThat(zoneNs.cache())
        .as("an authority section is never served as an answer")
        .isEqualTo(CacheStatus.MISS);
    assertThat(shown(zoneNs.answer())).containsExactly("corp.example. NS ns.honest.example.");
  }

  @Test
  void anAnswerToAnotherQuestionFillsNoEntry() throws Exception {
    upstream.udp(
        (query, replies) -> {
          if (asked(query).equals("www.corp.example.")) {
            // First a reply to another question (dropped by the validator), then one that
            // repeats our question but answers another name and type.
            Message other = new Message(query.getHeader().getID());
            other.getHeader().setFlag(org.xbill.DNS.Flags.QR);
            other.addRecord(
                Record.newRecord(name("victim.corp.example."), Type.A, DClass.IN),
                Section.QUESTION);
            other.addRecord(record("victim.corp.example. 86400 IN A 6.6.6.6"), Section.ANSWER);
            replies.send(other);
            replies.send(
                withRecords(
                    reply(query, Rcode.NOERROR),
                    Section.ANSWER,
                    record("victim.corp.example. 86400 IN A 6.6.6.6"),
                    record("www.corp.example. 86400 IN AAAA 2001:db8::666")));
          } else {
            replies.send(answer(query, "10.0.0.99"));
          }
        });

    ForwardResult result = ask("www.corp.example.", Type.A);
    assertThat(result.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(result.answer()).isEmpty();
    assertThat(forwarder.droppedReplies()).as("the reply to another question").isEqualTo(1);

    ForwardResult victim = ask("victim.corp.example.", Type.A);
    assertThat(victim.cache()).isEqualTo(CacheStatus.MISS);
    assertThat(shown(victim.answer())).containsExactly("victim.corp.example. A 10.0.0.99");
    assertThat(ask("www.corp.example.", Type.AAAA).cache())
        .as("the AAAA that came with the A question is not the AAAA question's entry")
        .isEqualTo(CacheStatus.MISS);
  }

  @Test
  void aSecondReplyRacingTheFirstChangesNothing() throws Exception {
    upstream.udp(
        (query, replies) -> {
          replies.send(answer(query, "10.0.0.1"));
          replies.send(
              withRecords(
                  answer(query, "6.6.6.6"),
                  Section.ANSWER,
                  record("victim.corp.example. 86400 IN A 6.6.6.6")));
        });

    ForwardResult first = ask("www.corp.example.", Type.A);
    assertThat(shown(first.answer())).containsExactly("www.corp.example. A 10.0.0.1");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(forwarder.droppedReplies()).isEqualTo(1));

    ForwardResult again = ask("www.corp.example.", Type.A);
    assertThat(again.cache()).isEqualTo(CacheStatus.HIT);
    assertThat(shown(again.answer())).containsExactly("www.corp.example. A 10.0.0.1");
    upstream.udp((query, replies) -> replies.send(answer(query, "10.0.0.99")));
    ForwardResult victim = ask("victim.corp.example.", Type.A);
    assertThat(victim.cache()).isEqualTo(CacheStatus.MISS);
    assertThat(shown(victim.answer())).containsExactly("victim.corp.example. A 10.0.0.99");
  }

  @Test
  void aCnameLoopInTheUpstreamsAnswerIsServfailAndNotCached() throws Exception {
    upstream.udp(
        (query, replies) ->
            replies.send(
                withRecords(
                    reply(query, Rcode.NOERROR),
                    Section.ANSWER,
                    record("a.corp.example. 300 IN CNAME b.corp.example."),
                    record("b.corp.example. 300 IN CNAME a.corp.example."))));

    ForwardResult result = ask("a.corp.example.", Type.A);
    assertThat(result.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(result.edeCode()).isEqualTo(0);
    assertThat(result.edeText()).contains("loop");
    assertThat(ask("a.corp.example.", Type.A).cache()).isEqualTo(CacheStatus.MISS);
    assertThat(upstream.receivedFor("a.corp.example.")).hasSize(2);
  }

  @Test
  void upstreamExtendedErrorsReachTheClientAndStayWithTheCachedAnswer() throws Exception {
    upstream.udp(
        (query, replies) -> {
          Message reply =
              withRecords(
                  reply(query, Rcode.NXDOMAIN),
                  Section.AUTHORITY,
                  record("corp.example. 300 IN SOA ns1.corp.example. h.corp.example. 1 2 3 4 60"));
          reply.addRecord(
              new OPTRecord(
                  1232,
                  0,
                  0,
                  0,
                  List.<EDNSOption>of(new ExtendedErrorCodeOption(15, "blocked by policy"))),
              Section.ADDITIONAL);
          replies.send(reply);
        });

    ForwardResult miss = ask("ads.corp.example.", Type.A);
    assertThat(miss.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(miss.edeCode()).as("no EDE of our own").isEqualTo(-1);
    assertThat(miss.upstreamErrors())
        .extracting(ExtendedErrorCodeOption::getErrorCode, ExtendedErrorCodeOption::getText)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(15, "blocked by policy"));
    ForwardResult hit = ask("ads.corp.example.", Type.A);
    assertThat(hit.cache()).isEqualTo(CacheStatus.HIT);
    assertThat(hit.upstreamErrors())
        .extracting(ExtendedErrorCodeOption::getErrorCode)
        .containsExactly(15);
  }

  private ForwardResult ask(String qname, int type) throws Exception {
    return get(
        forwarder.forward(
            new ForwardQuery(
                RULE, name(qname), type, DClass.IN, List.of(upstream.address()), List.of(), CORP)));
  }

  private static String asked(Message query) {
    return query.getQuestion().getName().toString().toLowerCase(java.util.Locale.ROOT);
  }

  static ForwardResult get(CompletableFuture<ForwardResult> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }
}
