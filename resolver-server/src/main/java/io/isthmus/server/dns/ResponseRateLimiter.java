package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Response rate limiting (RRL) of UDP answers, with BIND 9's semantics: a spoofed-source flood
 * cannot turn this server into an amplifier, and one client cannot take more than its share, while
 * a real client that is limited still gets every {@code slip}-th answer as TC=1 and retries over
 * TCP, which is never limited (the escape hatch).
 *
 * <p><b>What is counted together</b> (BIND's tuples, {@code lib/dns/rrl.c}): the client's prefix
 * (/24 IPv4, /56 IPv6 by default) and the response's identity —
 *
 * <ul>
 *   <li>a positive answer: the query name and type, at {@code responses-per-second};
 *   <li>NODATA and NXDOMAIN: the zone, i.e. the owner of the SOA in the authority section (the
 *       query name when there is none), at {@code nodata-per-second} / {@code
 *       nxdomains-per-second}, so that random names under one zone cannot dodge the limit;
 *   <li>any other RCODE: the prefix alone, at {@code errors-per-second}. Errors are never slipped,
 *       only dropped (BIND: some error responses cannot be slipped).
 * </ul>
 *
 * <p><b>Accounting.</b> Each tuple has a balance that earns {@code rate} credits a second, is
 * capped at {@code rate} (one second of burst), and is debited one credit per response — also for
 * responses that were limited — down to a floor of {@code -window × rate}. A response is sent while
 * the balance before it is at least one. A client that keeps sending faster than its rate therefore
 * stays limited, and must be quiet for up to {@code window} seconds before it is answered again
 * (BIND's "averaged over window"). The balance is kept as the time at which it will be full again
 * (a theoretical arrival time), so one 64-bit word holds it exactly without any per-second sweep.
 *
 * <p><b>Memory and speed.</b> One fixed table of {@code tableSize} 64-bit slots, shared by all
 * event loops and never grown: a flood from spoofed sources overwrites slots, first those whose
 * balance is full again (they carry no information), else the least indebted of a probe window of
 * four. Each slot packs a 16-bit fingerprint of the tuple's hash, the slip counter and the time,
 * and is updated with one compare-and-set: no lock, no allocation (for IPv4 clients; an IPv6
 * address is copied by the JDK to read its bits). A per-loop table would avoid the compare-and-set,
 * but SO_REUSEPORT spreads one client's queries over the loops by source port, so each loop would
 * see only part of a client's traffic and the client could get the rate once per loop. The shared
 * table's compare-and-set contends only when two loops answer the same tuple at the same instant;
 * two different tuples whose hashes agree on the slot and the fingerprint share a balance (about
 * one in 16,000 lookups when the table is full), which can only limit, never amplify. The hash is
 * salted per instance so such collisions cannot be planned.
 *
 * <p>Thread-safe.
 */
public final class ResponseRateLimiter {

  private static final Logger log = LoggerFactory.getLogger(ResponseRateLimiter.class);

  /** What to do with one response. */
  public enum Decision {
    SEND,
    DROP,
    /** Send a TC=1 answer without records instead ({@link Slip}). */
    SLIP
  }

  /** The kinds of response that are counted apart, each at its own rate. */
  enum Category {
    RESPONSE,
    NODATA,
    NXDOMAIN,
    ERROR
  }

  /** Time unit of the table: 2^6 ns, so that 44 bits of it span 13 days. */
  private static final int UNIT_SHIFT = 6;

  static final long UNITS_PER_SECOND = 1_000_000_000L >> UNIT_SHIFT;

  private static final int TIME_BITS = 44;
  private static final long TIME_MASK = (1L << TIME_BITS) - 1;
  private static final int SLIP_SHIFT = TIME_BITS;
  private static final long SLIP_MASK = 0xF;
  private static final int FINGERPRINT_SHIFT = 48;

  /** Consecutive slots looked at for a tuple; a few share one or two cache lines. */
  static final int PROBES = 4;

  /** Compare-and-set attempts before giving up and sending (two loops racing on one slot). */
  private static final int ATTEMPTS = 8;

  private static final Category[] CATEGORIES = Category.values();

  /**
   * Whether {@link Inet4Address#hashCode()} is the address as an int, as it is in OpenJDK: then an
   * IPv4 client's prefix is read without copying its bytes. Checked once, not assumed.
   */
  private static final boolean HASH_IS_ADDRESS = hashIsAddress();

  /**
   * Rate limiting switched off: every response is sent and nothing is counted. Declared after the
   * constants its construction reads.
   */
  public static final ResponseRateLimiter OFF = new ResponseRateLimiter();

  private final boolean enabled;
  private final AtomicLongArray slots;
  private final int mask;
  private final long[] interval = new long[CATEGORIES.length];
  private final long[] burst = new long[CATEGORIES.length];
  private final long[] maxDebt = new long[CATEGORIES.length];
  private long longestDebt;
  private final int slip;
  private final boolean logOnly;
  private final int ipv4Mask;
  private final long ipv6MaskHigh;
  private final long ipv6MaskLow;
  private final Predicate<InetAddress> exempt;
  private final LongSupplier nanoTime;
  private final long origin;
  private final long salt;
  private final LongAdder drops = new LongAdder();
  private final LongAdder slips = new LongAdder();
  private final LongAdder logOnlyLimited = new LongAdder();

  private ResponseRateLimiter() {
    this.enabled = false;
    this.slots = new AtomicLongArray(0);
    this.mask = 0;
    this.slip = 0;
    this.logOnly = false;
    this.ipv4Mask = 0;
    this.ipv6MaskHigh = 0;
    this.ipv6MaskLow = 0;
    this.exempt = address -> true;
    this.nanoTime = () -> 0;
    this.origin = 0;
    this.salt = 0;
  }

  /**
   * @param exempt clients never limited ({@code exempt-clients}); asked only for UDP responses
   * @param nanoTime a monotonic nanosecond clock ({@code System::nanoTime}; a fake one in tests)
   */
  public ResponseRateLimiter(
      RateLimitOptions options, Predicate<InetAddress> exempt, LongSupplier nanoTime) {
    this(options, exempt, nanoTime, ThreadLocalRandom.current().nextLong());
  }

  ResponseRateLimiter(
      RateLimitOptions options, Predicate<InetAddress> exempt, LongSupplier nanoTime, long salt) {
    this.enabled = true;
    int size = Integer.highestOneBit(options.tableSize() - 1) << 1;
    this.slots = new AtomicLongArray(size);
    this.mask = size - 1;
    setRate(Category.RESPONSE, options.responsesPerSecond(), options.windowSeconds());
    setRate(Category.NODATA, options.nodataPerSecond(), options.windowSeconds());
    setRate(Category.NXDOMAIN, options.nxdomainsPerSecond(), options.windowSeconds());
    setRate(Category.ERROR, options.errorsPerSecond(), options.windowSeconds());
    this.slip = options.slip();
    this.logOnly = options.logOnly();
    int v4 = options.ipv4PrefixLength();
    this.ipv4Mask = v4 == 0 ? 0 : -1 << (32 - v4);
    int v6 = options.ipv6PrefixLength();
    this.ipv6MaskHigh = v6 == 0 ? 0 : v6 >= 64 ? -1L : -1L << (64 - v6);
    this.ipv6MaskLow = v6 <= 64 ? 0 : v6 == 128 ? -1L : -1L << (128 - v6);
    this.exempt = Objects.requireNonNull(exempt, "exempt");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.origin = nanoTime.getAsLong();
    this.salt = salt;
  }

  /**
   * One credit costs {@code interval} time units; the balance is full one second ({@code rate}
   * credits) ahead, and may fall {@code window} seconds further behind.
   */
  private void setRate(Category category, int rate, int windowSeconds) {
    if (rate == 0) {
      return;
    }
    long step = Math.max(1, Math.round((double) UNITS_PER_SECOND / rate));
    interval[category.ordinal()] = step;
    burst[category.ordinal()] = step * rate;
    maxDebt[category.ordinal()] = step * rate * (1L + windowSeconds);
    longestDebt = Math.max(longestDebt, maxDebt[category.ordinal()]);
  }

  /** False for {@link #OFF}. */
  public boolean enabled() {
    return enabled;
  }

  /** Slots in the table: fixed for the limiter's lifetime. */
  int tableSize() {
    return slots.length();
  }

  /**
   * Decides about one UDP response to {@code client}: the answer to {@code query} resolved as
   * {@code resolution}.
   */
  Decision check(InetAddress client, Query query, Resolution resolution) {
    if (!enabled) {
      return Decision.SEND;
    }
    Record question = query == null ? null : query.question();
    int rcode = resolution.rcode();
    if (rcode == Rcode.NOERROR && !resolution.answer().isEmpty()) {
      return check(
          client,
          Category.RESPONSE,
          question == null ? 0 : question.getName().hashCode(),
          question == null ? 0 : question.getType() << 16 | question.getDClass());
    }
    if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
      Name zone = zoneOf(resolution.authority(), question);
      return check(
          client,
          rcode == Rcode.NOERROR ? Category.NODATA : Category.NXDOMAIN,
          zone == null ? 0 : zone.hashCode(),
          0);
    }
    return check(client, Category.ERROR, 0, 0);
  }

  /** The owner of the SOA in the authority section, else the question name (or null). */
  private static Name zoneOf(List<Record> authority, Record question) {
    for (int i = 0; i < authority.size(); i++) {
      Record record = authority.get(i);
      if (record.getType() == Type.SOA) {
        return record.getName();
      }
    }
    return question == null ? null : question.getName();
  }

  /**
   * The accounting itself: the tuple is the client's prefix, the category, and {@code nameHash} and
   * {@code discriminator} (query type and class) where the category uses them.
   */
  Decision check(InetAddress client, Category category, int nameHash, int discriminator) {
    int c = category.ordinal();
    long step = interval[c];
    if (!enabled || step == 0 || exempt.test(client)) {
      return Decision.SEND;
    }
    long hash = hash(client, c, nameHash, discriminator);
    Decision decision = account(hash, c, step, now());
    if (decision == Decision.SEND) {
      return decision;
    }
    return limited(decision, client, category);
  }

  private long now() {
    return ((nanoTime.getAsLong() - origin) >>> UNIT_SHIFT) & TIME_MASK;
  }

  private Decision account(long hash, int category, long step, long now) {
    long fingerprint = hash >>> FINGERPRINT_SHIFT;
    int home = (int) hash & mask;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int slot = -1;
      long word = 0;
      int victim = home;
      long victimWord = 0;
      long victimDebt = Long.MAX_VALUE;
      for (int i = 0; i < PROBES; i++) {
        int probe = (home + i) & mask;
        long w = slots.get(probe);
        if (w >>> FINGERPRINT_SHIFT == fingerprint) {
          slot = probe;
          word = w;
          break;
        }
        long debt = debt(w, now, longestDebt);
        if (debt < victimDebt) {
          victim = probe;
          victimWord = w;
          victimDebt = debt;
        }
      }
      boolean found = slot >= 0;
      if (!found) {
        slot = victim;
        word = victimWord;
      }
      long debt = found ? debt(word, now, maxDebt[category]) : 0;
      // BIND resets the slip counter when the balance is full again.
      long slipCount = debt == 0 ? 0 : word >>> SLIP_SHIFT & SLIP_MASK;
      long newDebt = debt + step;
      Decision decision = Decision.SEND;
      if (newDebt > burst[category]) {
        newDebt = Math.min(newDebt, maxDebt[category]);
        decision = Decision.DROP;
        if (slip != 0 && category != Category.ERROR.ordinal()) {
          // BIND's order: the first limited response of a run slips, then slip - 1 are dropped.
          if (slipCount++ == 0) {
            decision = Decision.SLIP;
          }
          if (slipCount >= slip) {
            slipCount = 0;
          }
        }
      }
      long updated =
          fingerprint << FINGERPRINT_SHIFT
              | slipCount << SLIP_SHIFT
              | ((now + newDebt) & TIME_MASK);
      if (slots.compareAndSet(slot, word, updated)) {
        return decision;
      }
    }
    return Decision.SEND;
  }

  /**
   * How far ahead of {@code now} the slot's balance is full again, in time units; 0 when it is full
   * (or the slot is empty). A value beyond {@code max} can only be a slot last written half a
   * time-wrap ago (13 days), and counts as full too.
   */
  private static long debt(long word, long now, long max) {
    long ahead = ((word & TIME_MASK) - now) << (64 - TIME_BITS) >> (64 - TIME_BITS);
    return ahead <= 0 || ahead > max ? 0 : ahead;
  }

  private Decision limited(Decision decision, InetAddress client, Category category) {
    LongAdder counter = logOnly ? logOnlyLimited : decision == Decision.DROP ? drops : slips;
    counter.increment();
    long total = counter.sum();
    // Powers of two only: a flood must not become a flood of log lines.
    if (Long.bitCount(total) == 1) {
      log.info(
          "Response rate limiting{}: {} {} responses so far; latest: {} to {}",
          logOnly ? " (log only, nothing withheld)" : "",
          total,
          logOnly ? "would-be-limited" : decision == Decision.DROP ? "dropped" : "slipped",
          category.name(),
          client.getHostAddress());
    }
    return logOnly ? Decision.SEND : decision;
  }

  private long hash(InetAddress client, int category, int nameHash, int discriminator) {
    long high;
    long low;
    long family;
    if (client instanceof Inet4Address) {
      int address = HASH_IS_ADDRESS ? client.hashCode() : toInt(client.getAddress());
      high = (address & ipv4Mask) & 0xFFFF_FFFFL;
      low = 0;
      family = 4;
    } else {
      byte[] address = client.getAddress();
      high = toLong(address, 0) & ipv6MaskHigh;
      low = toLong(address, 8) & ipv6MaskLow;
      family = 6;
    }
    long identity = (family << 56 | (long) category << 48) ^ ((long) discriminator << 16);
    long h =
        salt
            ^ high * 0x9E37_79B9_7F4A_7C15L
            ^ low * 0xC2B2_AE3D_27D4_EB4FL
            ^ identity * 0x1656_67B1_9E37_79F9L
            ^ (nameHash & 0xFFFF_FFFFL) * 0x27D4_EB2F_1656_67C5L;
    // A 64-bit finalizer (MurmurHash3's constants): every input bit moves the slot and fingerprint.
    h ^= h >>> 33;
    h *= 0xFF51_AFD7_ED55_8CCDL;
    h ^= h >>> 33;
    h *= 0xC4CE_B9FE_1A85_EC53L;
    h ^= h >>> 33;
    return h;
  }

  /** Responses dropped ({@code isthmus_dns_rrl_total{action="drop"}}). */
  public long drops() {
    return drops.sum();
  }

  /** Responses replaced by a TC=1 answer ({@code action="slip"}). */
  public long slips() {
    return slips.sum();
  }

  /** Responses that would have been dropped or slipped, sent because of log-only. */
  public long logOnlyLimited() {
    return logOnlyLimited.sum();
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  private static long toLong(byte[] b, int from) {
    long value = 0;
    for (int i = from; i < from + 8; i++) {
      value = value << 8 | (b[i] & 0xFF);
    }
    return value;
  }

  private static boolean hashIsAddress() {
    try {
      byte[] probe = {(byte) 192, 0, 2, (byte) 201};
      return InetAddress.getByAddress(probe).hashCode() == toInt(probe);
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
