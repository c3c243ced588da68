package io.isthmus.server.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.route.CacheStatus;
import io.isthmus.zone.WireSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The forwarder's cache on a fake clock: TTL ageing, RFC 2308 negative caching, serve-stale. */
class ForwardCacheTest {

  private static final CacheKey KEY = new CacheKey("rule-1", name("www.example.com."), Type.A, 1);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ForwardCache cache = new ForwardCache(ForwarderOptions.defaults(), now::get);

  @Test
  void hitsCarryTheRemainingTtlOnEveryRecord() {
    cache.store(
        KEY,
        Rcode.NOERROR,
        List.of(
            record("www.example.com. 300 IN A 192.0.2.1"),
            record("www.example.com. 600 IN A 192.0.2.2")),
        List.of(record("example.com. 900 IN NS ns1.example.com.")));

    assertThat(ttls(cache.fresh(KEY).orElseThrow())).containsOnly(300L);
    advance(Duration.ofSeconds(100));
    ForwardResult hit = cache.fresh(KEY).orElseThrow();
    assertThat(hit.cache()).isEqualTo(CacheStatus.HIT);
    assertThat(hit.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(hit.answer())
        .extracting(Record::rdataToString)
        .containsExactly("192.0.2.1", "192.0.2.2");
    assertThat(ttls(hit)).containsOnly(200L);
    advance(Duration.ofMillis(199_500));
    assertThat(ttls(cache.fresh(KEY).orElseThrow())).as("never below 0").containsOnly(0L);
    advance(Duration.ofMillis(500));
    assertThat(cache.fresh(KEY)).as("expired: never fresh again").isEmpty();
  }

  @Test
  void aScrubbedReplysContinuationAndUpstreamErrorsComeBackOnHitsAndStaleAnswers() {
    ScrubbedReply scrubbed =
        new ScrubbedReply(
            Rcode.NOERROR,
            List.of(record("www.example.com. 300 IN CNAME login.bank.example.")),
            List.of(),
            List.of(),
            ScrubbedReply.Ending.LEFT_BAILIWICK,
            name("login.bank.example."),
            List.of(new org.xbill.DNS.ExtendedErrorCodeOption(15, "blocked")),
            1);
    cache.store(KEY, scrubbed);

    ForwardResult hit = cache.fresh(KEY).orElseThrow();
    assertThat(hit.continueAt()).isEqualTo(name("login.bank.example."));
    assertThat(hit.upstreamErrors()).hasSize(1);
    advance(Duration.ofSeconds(301));
    ForwardResult stale = cache.stale(KEY).orElseThrow();
    assertThat(stale.continueAt()).isEqualTo(name("login.bank.example."));
    assertThat(stale.upstreamErrors().get(0).getErrorCode()).isEqualTo(15);
  }

  @Test
  void hitsWithinOneSecondShareTheirCopiesAndTheNextSecondGetsNewOnes() {
    cache.store(
        KEY, Rcode.NOERROR, List.of(record("www.example.com. 300 IN A 192.0.2.1")), List.of());
    advance(Duration.ofMillis(1_200));
    Record first = cache.fresh(KEY).orElseThrow().answer().get(0);
    advance(Duration.ofMillis(300));
    Record sameSecond = cache.fresh(KEY).orElseThrow().answer().get(0);
    assertThat(sameSecond).isSameAs(first);
    assertThat(sameSecond.getTTL()).isEqualTo(298L);
    advance(Duration.ofMillis(600));
    Record nextSecond = cache.fresh(KEY).orElseThrow().answer().get(0);
    assertThat(nextSecond).isNotSameAs(first);
    assertThat(nextSecond.getTTL()).isEqualTo(297L);
    // The pre-rendered sections carry the same records with the same remaining TTL.
    ForwardResult hit = cache.fresh(KEY).orElseThrow();
    assertThat(hit.answerWire()).isEqualTo(WireSection.withOwners(hit.answer()));
    assertThat(hit.authorityWire()).isEqualTo(WireSection.withOwners(hit.authority()));
  }

  @Test
  void positiveTtlIsCappedAtMaxTtl() {
    cache.store(
        KEY, Rcode.NOERROR, List.of(record("www.example.com. 604800 IN A 192.0.2.1")), List.of());

    assertThat(ttls(cache.fresh(KEY).orElseThrow())).containsOnly(86_400L);
    advance(Duration.ofDays(1));
    assertThat(cache.fresh(KEY)).isEmpty();
  }

  @Test
  void negativeTtlIsTheSmallerOfSoaTtlAndMinimum() {
    CacheKey other = new CacheKey("rule-1", name("other.example.com."), Type.A, DClass.IN);
    cache.store(KEY, Rcode.NXDOMAIN, List.of(), List.of(soa(3600, 300)));
    cache.store(other, Rcode.NOERROR, List.of(), List.of(soa(60, 900)));

    ForwardResult nxdomain = cache.fresh(KEY).orElseThrow();
    assertThat(nxdomain.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nxdomain.answer()).isEmpty();
    assertThat(ttls(nxdomain)).containsOnly(300L);
    ForwardResult nodata = cache.fresh(other).orElseThrow();
    assertThat(nodata.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ttls(nodata)).containsOnly(60L);

    advance(Duration.ofSeconds(60));
    assertThat(cache.fresh(other)).isEmpty();
    assertThat(ttls(cache.fresh(KEY).orElseThrow())).containsOnly(240L);
  }

  @Test
  void negativeTtlIsCappedAtMaxNegativeTtl() {
    cache.store(KEY, Rcode.NXDOMAIN, List.of(), List.of(soa(86_400, 86_400)));

    assertThat(ttls(cache.fresh(KEY).orElseThrow())).containsOnly(10_800L);
  }

  @Test
  void negativeAnswersWithoutSoaAreNotCached() {
    cache.store(KEY, Rcode.NXDOMAIN, List.of(), List.of());
    assertThat(cache.fresh(KEY)).isEmpty();

    // NOERROR, no answer, no SOA: a referral, not a negative answer.
    cache.store(
        KEY, Rcode.NOERROR, List.of(), List.of(record("example.com. 300 IN NS ns1.example.com.")));
    assertThat(cache.fresh(KEY)).isEmpty();
    assertThat(cache.stale(KEY)).isEmpty();
  }

  @Test
  void servfailIsCachedForFiveSecondsAndNeverServedStale() {
    cache.store(KEY, Rcode.SERVFAIL, List.of(), List.of());

    advance(Duration.ofMillis(4_999));
    assertThat(cache.fresh(KEY).orElseThrow().rcode()).isEqualTo(Rcode.SERVFAIL);
    advance(Duration.ofMillis(1));
    assertThat(cache.fresh(KEY)).isEmpty();
    assertThat(cache.stale(KEY)).isEmpty();
  }

  @Test
  void refusedAndZeroTtlAnswersAreNotCached() {
    cache.store(KEY, Rcode.REFUSED, List.of(), List.of());
    assertThat(cache.fresh(KEY)).isEmpty();

    cache.store(
        KEY, Rcode.NOERROR, List.of(record("www.example.com. 0 IN A 192.0.2.1")), List.of());
    assertThat(cache.fresh(KEY)).isEmpty();
    assertThat(cache.stale(KEY)).isEmpty();
  }

  @Test
  void expiredAnswersAreStaleWithinTheWindowOnly() {
    cache.store(
        KEY, Rcode.NOERROR, List.of(record("www.example.com. 60 IN A 192.0.2.1")), List.of());

    advance(Duration.ofSeconds(60));
    assertThat(cache.fresh(KEY)).isEmpty();
    ForwardResult stale = cache.stale(KEY).orElseThrow();
    assertThat(stale.cache()).isEqualTo(CacheStatus.STALE);
    assertThat(stale.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.1");
    assertThat(ttls(stale)).containsOnly(30L);

    advance(Duration.ofDays(1).minusNanos(1));
    assertThat(cache.stale(KEY)).isPresent();
    advance(Duration.ofNanos(1));
    assertThat(cache.stale(KEY)).isEmpty();
    assertThat(cache.size()).as("evicted, not just hidden").isZero();
  }

  @Test
  void aNewAnswerReplacesAStaleOne() {
    cache.store(
        KEY, Rcode.NOERROR, List.of(record("www.example.com. 60 IN A 192.0.2.1")), List.of());
    advance(Duration.ofSeconds(61));
    cache.store(
        KEY, Rcode.NOERROR, List.of(record("www.example.com. 60 IN A 192.0.2.9")), List.of());

    ForwardResult hit = cache.fresh(KEY).orElseThrow();
    assertThat(hit.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.9");
    assertThat(ttls(hit)).containsOnly(60L);
  }

  @Test
  void keysIgnoreNameCaseButSeparateScopesAndTypes() {
    ForwardQuery upper =
        new ForwardQuery(
            "rule-1", name("WWW.Example.COM."), Type.A, DClass.IN, List.of(), List.of());
    cache.store(
        CacheKey.of(upper),
        Rcode.NOERROR,
        List.of(record("WWW.Example.COM. 300 IN A 192.0.2.1")),
        List.of());

    assertThat(cache.fresh(KEY)).isPresent();
    assertThat(cache.fresh(new CacheKey(".", KEY.name(), Type.A, DClass.IN))).isEmpty();
    assertThat(cache.fresh(new CacheKey("rule-1", KEY.name(), Type.AAAA, DClass.IN))).isEmpty();
    assertThat(cache.fresh(KEY).orElseThrow().answer().get(0).getName())
        .as("records keep the upstream's case")
        .hasToString("WWW.Example.COM.");
  }

  @Test
  void entriesAreBounded() {
    ForwarderOptions defaults = ForwarderOptions.defaults();
    ForwarderOptions small =
        new ForwarderOptions(
            defaults.overallBudget(),
            defaults.minTryTimeout(),
            defaults.maxTryTimeout(),
            10,
            defaults.maxTtl(),
            defaults.maxNegativeTtl(),
            defaults.servfailTtl(),
            defaults.staleWindow(),
            defaults.failuresToMarkDown(),
            defaults.probeInterval());
    ForwardCache bounded = new ForwardCache(small, now::get);

    for (int i = 0; i < 100; i++) {
      CacheKey key = new CacheKey(".", name("host" + i + ".example.com."), Type.A, DClass.IN);
      bounded.store(
          key,
          Rcode.NOERROR,
          List.of(record("host" + i + ".example.com. 300 IN A 192.0.2.1")),
          List.of());
    }

    assertThat(bounded.size()).isLessThanOrEqualTo(10);
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  private static List<Long> ttls(ForwardResult result) {
    return java.util.stream.Stream.concat(result.answer().stream(), result.authority().stream())
        .map(Record::getTTL)
        .toList();
  }

  private static Record soa(long ttl, long minimum) {
    return record(
        "example.com. "
            + ttl
            + " IN SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 "
            + minimum);
  }

  static Record record(String text) {
    try {
      org.xbill.DNS.Tokenizer tokenizer = new org.xbill.DNS.Tokenizer(text);
      Name owner = Name.fromString(tokenizer.getString(), Name.root);
      long ttl = tokenizer.getTTL();
      int dclass = DClass.value(tokenizer.getString());
      int type = Type.value(tokenizer.getString());
      return Record.fromString(owner, type, dclass, ttl, tokenizer, Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
