package io.isthmus.server.dns;

/**
 * Settings of response rate limiting on UDP ({@link ResponseRateLimiter}), with the meaning of BIND
 * 9's {@code rate-limit {}} options of the same names. A rate of 0 leaves that kind of response
 * unlimited. Immutable.
 *
 * @param responsesPerSecond positive answers per client prefix, query name and type
 * @param nodataPerSecond empty NOERROR answers per client prefix and zone
 * @param nxdomainsPerSecond NXDOMAIN answers per client prefix and zone
 * @param errorsPerSecond every other RCODE (REFUSED, SERVFAIL, FORMERR…) per client prefix
 * @param slip every {@code slip}-th limited response is sent as a TC=1 answer without records, the
 *     others are dropped; 0 never slips, 1 always slips
 * @param windowSeconds how far a client's debt may grow: a client that keeps sending above its rate
 *     stays limited until it has been quiet for up to this long (the rate is averaged over this
 *     window)
 * @param ipv4PrefixLength IPv4 clients in one prefix of this length share their limits
 * @param ipv6PrefixLength IPv6 clients in one prefix of this length share their limits
 * @param tableSize slots of the limiter's table, rounded up to a power of two; memory is 8 bytes a
 *     slot and never grows
 * @param logOnly count what would be dropped or slipped, but send every response
 */
public record RateLimitOptions(
    int responsesPerSecond,
    int nodataPerSecond,
    int nxdomainsPerSecond,
    int errorsPerSecond,
    int slip,
    int windowSeconds,
    int ipv4PrefixLength,
    int ipv6PrefixLength,
    int tableSize,
    boolean logOnly) {

  /** The highest rate accepted: above it the limiter's time resolution (64 ns) is too coarse. */
  public static final int MAX_RATE = 1_000_000;

  /** BIND's bound on {@code window}. */
  public static final int MAX_WINDOW_SECONDS = 3600;

  /** BIND's bound on {@code slip}. */
  public static final int MAX_SLIP = 10;

  /** Bounds on {@code tableSize}: at least a few probe windows, at most 128 MiB of slots. */
  public static final int MIN_TABLE_SIZE = 16;

  public static final int MAX_TABLE_SIZE = 1 << 24;

  public RateLimitOptions {
    checkRate("responses-per-second", responsesPerSecond);
    checkRate("nodata-per-second", nodataPerSecond);
    checkRate("nxdomains-per-second", nxdomainsPerSecond);
    checkRate("errors-per-second", errorsPerSecond);
    check("slip", slip, 0, MAX_SLIP);
    check("window", windowSeconds, 1, MAX_WINDOW_SECONDS);
    check("ipv4-prefix-length", ipv4PrefixLength, 0, 32);
    check("ipv6-prefix-length", ipv6PrefixLength, 0, 128);
    check("table-size", tableSize, MIN_TABLE_SIZE, MAX_TABLE_SIZE);
  }

  /**
   * BIND's defaults around one rate: every category at {@code responsesPerSecond}, slip 2, window
   * 15 s, /24 and /56 prefixes, 65,536 slots.
   */
  public static RateLimitOptions of(int responsesPerSecond) {
    return new RateLimitOptions(
        responsesPerSecond,
        responsesPerSecond,
        responsesPerSecond,
        responsesPerSecond,
        2,
        15,
        24,
        56,
        1 << 16,
        false);
  }

  private static void checkRate(String key, int rate) {
    check(key, rate, 0, MAX_RATE);
  }

  private static void check(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "isthmus.dns.rrl." + key + " must be " + min + " to " + max + ": " + value);
    }
  }
}
