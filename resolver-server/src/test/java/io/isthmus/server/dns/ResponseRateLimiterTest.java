package io.isthmus.server.dns;

import static io.isthmus.server.dns.ResponseRateLimiter.Decision.DROP;
import static io.isthmus.server.dns.ResponseRateLimiter.Decision.SEND;
import static io.isthmus.server.dns.ResponseRateLimiter.Decision.SLIP;
import static io.isthmus.server.dns.WireFixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.server.dns.ResponseRateLimiter.Category;
import io.isthmus.server.dns.ResponseRateLimiter.Decision;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The RRL accounting with a hand-driven clock: rates, window, slip, tuples, prefixes, bounds. */
class ResponseRateLimiterTest {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;
  private static final InetAddress CLIENT = addr("10.1.2.3");
  private static final int NAME = 0x1234_5678;
  private static final int A = 1 << 16 | 1;

  /** The limiter's clock; starts far from zero, like System.nanoTime. */
  private long now = 123_456_789_000L;

  private ResponseRateLimiter limiter(RateLimitOptions options) {
    return limiter(options, address -> false);
  }

  private ResponseRateLimiter limiter(RateLimitOptions options, Predicate<InetAddress> exempt) {
    return new ResponseRateLimiter(options, exempt, () -> now, 42);
  }

  /** Rate 5, slip 0 (drop only), window 15: BIND's tuples and prefixes. */
  private static RateLimitOptions five() {
    return withSlip(RateLimitOptions.of(5), 0);
  }

  private static RateLimitOptions withSlip(RateLimitOptions o, int slip) {
    return new RateLimitOptions(
        o.responsesPerSecond(),
        o.nodataPerSecond(),
        o.nxdomainsPerSecond(),
        o.errorsPerSecond(),
        slip,
        o.windowSeconds(),
        o.ipv4PrefixLength(),
        o.ipv6PrefixLength(),
        o.tableSize(),
        o.logOnly());
  }

  private static Decision ask(ResponseRateLimiter limiter) {
    return limiter.check(CLIENT, Category.RESPONSE, NAME, A);
  }

  private static List<Decision> ask(ResponseRateLimiter limiter, int times) {
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      decisions.add(ask(limiter));
    }
    return decisions;
  }

  @Nested
  class TokenBucket {
    @Test
    void aBurstOfOneSecondsWorthIsSentThenTheRestIsDropped() {
      ResponseRateLimiter limiter = limiter(five());
      assertThat(ask(limiter, 5)).containsOnly(SEND);
      assertThat(ask(limiter)).isEqualTo(DROP);
      assertThat(limiter.drops()).isEqualTo(1);
      assertThat(limiter.slips()).isZero();
    }

    @Test
    void oneCreditComesBackAfterOneIntervalNotBefore() {
      ResponseRateLimiter onTime = limiter(five());
      ask(onTime, 5);
      now += 200 * MS;
      assertThat(ask(onTime)).isEqualTo(SEND);
      assertThat(ask(onTime)).isEqualTo(DROP);

      ResponseRateLimiter early = limiter(five());
      ask(early, 5);
      now += 200 * MS - 1_000;
      assertThat(ask(early)).isEqualTo(DROP);
    }

    @Test
    void aClientAtExactlyTheRateIsNeverLimited() {
      ResponseRateLimiter limiter = limiter(five());
      for (int i = 0; i < 300; i++) {
        assertThat(ask(limiter)).as("response %d", i).isEqualTo(SEND);
        now += 200 * MS;
      }
    }

    @Test
    void creditIsCappedAtOneSecondsWorthAfterAQuietSpell() {
      ResponseRateLimiter limiter = limiter(five());
      ask(limiter);
      now += 60 * SECOND;
      assertThat(ask(limiter, 5)).containsOnly(SEND);
      assertThat(ask(limiter)).isEqualTo(DROP);
    }

    @Test
    void aClientThatKeepsFloodingWaitsOutTheWindow() {
      // Debt is floored at window × rate: after any flood the client is answered again once it
      // has been quiet for window + 1/rate seconds (15.2 s), not later and not earlier.
      ResponseRateLimiter limiter = limiter(five());
      ask(limiter, 10_000);
      now += 15_200 * MS;
      assertThat(ask(limiter)).isEqualTo(SEND);

      ResponseRateLimiter early = limiter(five());
      ask(early, 10_000);
      now += 15_200 * MS - 1_000;
      assertThat(ask(early)).isEqualTo(DROP);
    }

    @Test
    void limitedResponsesCountAgainstTheClientToo() {
      // BIND's "averaged over window": sending at twice the rate for a while leaves a debt.
      ResponseRateLimiter limiter = limiter(five());
      for (int i = 0; i < 50; i++) {
        ask(limiter);
        now += 100 * MS;
      }
      // 5 s at 10/s: 9 sent, 41 limited, and each limited one debited too. Were they not, the
      // balance would be back above one credit half a second later.
      now += 400 * MS;
      assertThat(ask(limiter)).isEqualTo(DROP);
    }

    @Test
    void aRateOfZeroLeavesTheCategoryUnlimited() {
      ResponseRateLimiter limiter =
          limiter(new RateLimitOptions(0, 5, 5, 5, 0, 15, 24, 56, 64, false));
      assertThat(ask(limiter, 1_000)).containsOnly(SEND);
      assertThat(limiter.drops()).isZero();
    }
  }

  @Nested
  class Slips {
    private List<Decision> limitedRun(int slip) {
      ResponseRateLimiter limiter = limiter(withSlip(RateLimitOptions.of(5), slip));
      ask(limiter, 5);
      return ask(limiter, 6);
    }

    @Test
    void everyNthLimitedResponseSlipsStartingWithTheFirst() {
      assertThat(limitedRun(0)).containsExactly(DROP, DROP, DROP, DROP, DROP, DROP);
      assertThat(limitedRun(1)).containsExactly(SLIP, SLIP, SLIP, SLIP, SLIP, SLIP);
      assertThat(limitedRun(2)).containsExactly(SLIP, DROP, SLIP, DROP, SLIP, DROP);
      assertThat(limitedRun(3)).containsExactly(SLIP, DROP, DROP, SLIP, DROP, DROP);
    }

    @Test
    void theSlipCountRestartsOnceTheBalanceIsFullAgain() {
      ResponseRateLimiter limiter = limiter(withSlip(RateLimitOptions.of(5), 3));
      ask(limiter, 5);
      assertThat(ask(limiter)).isEqualTo(SLIP);
      now += 20 * SECOND;
      ask(limiter, 5);
      assertThat(ask(limiter, 2)).containsExactly(SLIP, DROP);
      assertThat(limiter.slips()).isEqualTo(2);
      assertThat(limiter.drops()).isEqualTo(1);
    }

    @Test
    void errorsAreNeverSlipped() {
      ResponseRateLimiter limiter = limiter(withSlip(RateLimitOptions.of(5), 1));
      for (int i = 0; i < 5; i++) {
        assertThat(limiter.check(CLIENT, Category.ERROR, 0, 0)).isEqualTo(SEND);
      }
      assertThat(limiter.check(CLIENT, Category.ERROR, 0, 0)).isEqualTo(DROP);
      assertThat(limiter.slips()).isZero();
    }
  }

  @Nested
  class Tuples {
    @Test
    void categoriesHaveTheirOwnRatesAndBalances() {
      ResponseRateLimiter limiter =
          limiter(new RateLimitOptions(5, 3, 2, 1, 0, 15, 24, 56, 64, false));
      ask(limiter, 5);
      assertThat(ask(limiter)).isEqualTo(DROP);
      assertThat(limiter.check(CLIENT, Category.NXDOMAIN, NAME, 0)).isEqualTo(SEND);
      assertThat(limiter.check(CLIENT, Category.NXDOMAIN, NAME, 0)).isEqualTo(SEND);
      assertThat(limiter.check(CLIENT, Category.NXDOMAIN, NAME, 0)).isEqualTo(DROP);
      for (int i = 0; i < 3; i++) {
        assertThat(limiter.check(CLIENT, Category.NODATA, NAME, 0)).isEqualTo(SEND);
      }
      assertThat(limiter.check(CLIENT, Category.NODATA, NAME, 0)).isEqualTo(DROP);
      assertThat(limiter.check(CLIENT, Category.ERROR, 0, 0)).isEqualTo(SEND);
      assertThat(limiter.check(CLIENT, Category.ERROR, 0, 0)).isEqualTo(DROP);
    }

    @Test
    void eachNameAndTypeHasItsOwnBalance() {
      ResponseRateLimiter limiter = limiter(five());
      ask(limiter, 6);
      assertThat(limiter.check(CLIENT, Category.RESPONSE, NAME + 1, A)).isEqualTo(SEND);
      assertThat(limiter.check(CLIENT, Category.RESPONSE, NAME, 28 << 16 | 1)).isEqualTo(SEND);
      assertThat(ask(limiter)).isEqualTo(DROP);
    }

    @Test
    void ipv4ClientsShareTheirSlash24() {
      ResponseRateLimiter limiter = limiter(five());
      ask(limiter, 5);
      assertThat(limiter.check(addr("10.1.2.200"), Category.RESPONSE, NAME, A)).isEqualTo(DROP);
      assertThat(limiter.check(addr("10.1.3.3"), Category.RESPONSE, NAME, A)).isEqualTo(SEND);
    }

    @Test
    void theIpv4PrefixLengthIsConfigurable() {
      ResponseRateLimiter limiter =
          limiter(new RateLimitOptions(5, 5, 5, 5, 0, 15, 32, 56, 64, false));
      ask(limiter, 5);
      assertThat(limiter.check(addr("10.1.2.4"), Category.RESPONSE, NAME, A)).isEqualTo(SEND);
      assertThat(ask(limiter)).isEqualTo(DROP);
    }

    @Test
    void aSlashZeroPrefixCountsEveryClientTogether() {
      ResponseRateLimiter limiter =
          limiter(new RateLimitOptions(5, 5, 5, 5, 0, 15, 0, 0, 64, false));
      ask(limiter, 5);
      assertThat(limiter.check(addr("192.0.2.1"), Category.RESPONSE, NAME, A)).isEqualTo(DROP);
      assertThat(limiter.check(addr("2001:db8::1"), Category.RESPONSE, NAME, A)).isEqualTo(SEND);
    }

    @Test
    void ipv6ClientsShareTheirSlash56() {
      ResponseRateLimiter limiter = limiter(five());
      InetAddress client = addr("2001:db8:0:ff00::1");
      for (int i = 0; i < 5; i++) {
        assertThat(limiter.check(client, Category.RESPONSE, NAME, A)).isEqualTo(SEND);
      }
      assertThat(limiter.check(addr("2001:db8:0:ffff::2"), Category.RESPONSE, NAME, A))
          .isEqualTo(DROP);
      assertThat(limiter.check(addr("2001:db8:0:fe00::1"), Category.RESPONSE, NAME, A))
          .isEqualTo(SEND);
      assertThat(limiter.check(addr("2001:db8:0:100::1"), Category.RESPONSE, NAME, A))
          .isEqualTo(SEND);
    }

    @Test
    void longIpv6PrefixesReachIntoTheLowHalf() {
      ResponseRateLimiter limiter =
          limiter(new RateLimitOptions(5, 5, 5, 5, 0, 15, 24, 120, 64, false));
      for (int i = 0; i < 5; i++) {
        limiter.check(addr("2001:db8::1:0:0:1"), Category.RESPONSE, NAME, A);
      }
      assertThat(limiter.check(addr("2001:db8::1:0:0:ff"), Category.RESPONSE, NAME, A))
          .isEqualTo(DROP);
      assertThat(limiter.check(addr("2001:db8::1:0:1:1"), Category.RESPONSE, NAME, A))
          .isEqualTo(SEND);
    }
  }

  @Nested
  class Switches {
    @Test
    void exemptClientsAreNeverLimitedNorCounted() {
      ResponseRateLimiter limiter = limiter(five(), CLIENT::equals);
      assertThat(ask(limiter, 100)).containsOnly(SEND);
      assertThat(limiter.drops() + limiter.slips() + limiter.logOnlyLimited()).isZero();
      assertThat(limiter.check(addr("10.1.2.4"), Category.RESPONSE, NAME, A)).isEqualTo(SEND);
    }

    @Test
    void logOnlySendsEverythingAndCountsWhatWouldBeLimited() {
      ResponseRateLimiter limiter =
          limiter(new RateLimitOptions(5, 5, 5, 5, 2, 15, 24, 56, 64, true));
      assertThat(ask(limiter, 9)).containsOnly(SEND);
      assertThat(limiter.logOnlyLimited()).isEqualTo(4);
      assertThat(limiter.drops()).isZero();
      assertThat(limiter.slips()).isZero();
    }

    @Test
    void offSendsEverything() {
      assertThat(ResponseRateLimiter.OFF.enabled()).isFalse();
      for (int i = 0; i < 100; i++) {
        assertThat(ResponseRateLimiter.OFF.check(CLIENT, Category.ERROR, 0, 0)).isEqualTo(SEND);
      }
      assertThat(ResponseRateLimiter.OFF.drops()).isZero();
    }
  }

  @Nested
  class Table {
    @Test
    void theTableSizeIsAPowerOfTwoFixedForLife() {
      assertThat(limiter(withTable(16)).tableSize()).isEqualTo(16);
      assertThat(limiter(withTable(17)).tableSize()).isEqualTo(32);
      assertThat(limiter(withTable(65_536)).tableSize()).isEqualTo(65_536);
    }

    @Test
    void aSpoofedFloodNeitherGrowsTheTableNorFreesALimitedClient() {
      ResponseRateLimiter limiter = limiter(withTable(16));
      ask(limiter, 6);
      // 10,000 sources from distinct /24s, one response each, at the same instant: each new tuple
      // takes the least indebted slot of its probe window, never the limited client's.
      for (int i = 0; i < 10_000; i++) {
        InetAddress spoofed = addr("100." + (i >> 8 & 0xFF) + "." + (i & 0xFF) + ".1");
        assertThat(limiter.check(spoofed, Category.RESPONSE, NAME, A)).isEqualTo(SEND);
      }
      assertThat(limiter.tableSize()).isEqualTo(16);
      assertThat(ask(limiter)).isEqualTo(DROP);
    }

    @Test
    void expiredTuplesMakeRoomForNewOnes() {
      ResponseRateLimiter limiter = limiter(withTable(16));
      for (int i = 0; i < 64; i++) {
        limiter.check(addr("100.0." + i + ".1"), Category.RESPONSE, NAME, A);
      }
      now += 2 * SECOND;
      ask(limiter, 5);
      assertThat(ask(limiter)).isEqualTo(DROP);
    }

    private RateLimitOptions withTable(int size) {
      return new RateLimitOptions(5, 5, 5, 5, 0, 15, 24, 56, size, false);
    }
  }

  @Nested
  class Options {
    @Test
    void bindsDefaults() {
      RateLimitOptions o = RateLimitOptions.of(7);
      assertThat(o).isEqualTo(new RateLimitOptions(7, 7, 7, 7, 2, 15, 24, 56, 65_536, false));
    }

    @Test
    void boundsAreInclusiveAndMessagesNameTheKey() {
      new RateLimitOptions(
          RateLimitOptions.MAX_RATE,
          0,
          0,
          0,
          10,
          3600,
          32,
          128,
          RateLimitOptions.MAX_TABLE_SIZE,
          false);
      new RateLimitOptions(0, 0, 0, 0, 0, 1, 0, 0, 16, false);
      assertRejected(
          () -> new RateLimitOptions(-1, 0, 0, 0, 2, 15, 24, 56, 64, false),
          "isthmus.dns.rrl.responses-per-second");
      assertRejected(
          () -> new RateLimitOptions(0, 1_000_001, 0, 0, 2, 15, 24, 56, 64, false),
          "isthmus.dns.rrl.nodata-per-second");
      assertRejected(
          () -> new RateLimitOptions(0, 0, -1, 0, 2, 15, 24, 56, 64, false),
          "isthmus.dns.rrl.nxdomains-per-second");
      assertRejected(
          () -> new RateLimitOptions(0, 0, 0, -1, 2, 15, 24, 56, 64, false),
          "isthmus.dns.rrl.errors-per-second");
      assertRejected(
          () -> new RateLimitOptions(0, 0, 0, 0, 11, 15, 24, 56, 64, false),
          "isthmus.dns.rrl.slip");
      assertRejected(
          () -> new RateLimitOptions(0, 0, 0, 0, -1, 15, 24, 56, 64, false),
          "isthmus.dns.rrl.slip");
      assertRejected(
          () -> new RateLimitOptions(0, 0, 0, 0, 2, 0, 24, 56, 64, false),
          "isthmus.dns.rrl.window");
      assertRejected(
          () -> new RateLimitOptions(0, 0, 0, 0, 2, 3601, 24, 56, 64, false),
          "isthmus.dns.rrl.window");
      assertRejected(
          () -> new RateLimitOptions(0, 0, 0, 0, 2, 15, 33, 56, 64, false),
          "isthmus.dns.rrl.ipv4-prefix-length");
      assertRejected(
          () -> new RateLimitOptions(0, 0, 0, 0, 2, 15, 24, 129, 64, false),
          "isthmus.dns.rrl.ipv6-prefix-length");
      assertRejected(
          () -> new RateLimitOptions(0, 0, 0, 0, 2, 15, 24, 56, 15, false),
          "isthmus.dns.rrl.table-size");
    }

    private void assertRejected(Runnable make, String key) {
      assertThatThrownBy(make::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key);
    }
  }
}
