package io.isthmus.server.forward;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.route.CacheStatus;
import io.isthmus.route.Resolution;
import io.isthmus.zone.WireSection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The forwarder's answer cache, keyed by (scope, question) (spec §5). Each entry carries its
 * absolute fresh-until time; Caffeine keeps it for its TTL plus the serve-stale window (variable
 * expiry), so an expired answer is still at hand when every target fails (RFC 8767) but never
 * served as fresh. Time is the injected {@link Ticker}'s. Thread-safe.
 */
final class ForwardCache {

  /** RFC 8767 §4: a stale answer is served with a TTL of 30 seconds. */
  static final long STALE_TTL_SECONDS = 30;

  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  /**
   * A cached reply, as scrubbed ({@link ReplyScrubber}): its continuation outside the bailiwick and
   * the upstream's Extended DNS Errors are kept with it, so a hit answers as the miss did.
   * Immutable; TTLs of the records are the upstream's, rewritten on reads.
   */
  private record Entry(
      int rcode,
      TtlCopies records,
      long freshUntilNanos,
      long keepNanos,
      boolean staleUsable,
      Name continueAt,
      List<ExtendedErrorCodeOption> upstreamErrors) {}

  /**
   * An entry's records and their copies at the last TTL served. A hit needs copies with the
   * remaining TTL; a hot name is hit many times within one second, so the copies are made once per
   * whole second of TTL and shared (they are immutable) instead of once per hit. Thread-safe: the
   * last copies sit in one volatile field; two threads racing at a second's boundary both make
   * equal copies, and either may stay.
   */
  private static final class TtlCopies {
    private final List<Record> answer;
    private final List<Record> authority;
    private volatile Copies last;

    TtlCopies(List<Record> answer, List<Record> authority) {
      this.answer = List.copyOf(answer);
      this.authority = List.copyOf(authority);
    }

    Copies at(long ttl) {
      Copies copies = last;
      if (copies == null || copies.ttl() != ttl) {
        List<Record> answerCopies = List.copyOf(RecordTtl.withTtl(answer, ttl));
        List<Record> authorityCopies = List.copyOf(RecordTtl.withTtl(authority, ttl));
        // Rendered once with the copies, so a hit's response is assembled by copying bytes.
        copies =
            new Copies(
                ttl,
                answerCopies,
                authorityCopies,
                WireSection.withOwners(answerCopies),
                WireSection.withOwners(authorityCopies));
        last = copies;
      }
      return copies;
    }
  }

  private record Copies(
      long ttl,
      List<Record> answer,
      List<Record> authority,
      WireSection answerWire,
      WireSection authorityWire) {}

  private final Ticker ticker;
  private final CacheTtlPolicy policy;
  private final long staleWindowNanos;
  private final Cache<CacheKey, Entry> cache;

  /** Entries evicted because the cache was full (not expiry): a sign it is too small. */
  private final LongAdder evictions = new LongAdder();

  ForwardCache(ForwarderOptions options, Ticker ticker) {
    this.ticker = ticker;
    this.policy =
        new CacheTtlPolicy(options.maxTtl(), options.maxNegativeTtl(), options.servfailTtl());
    this.staleWindowNanos = options.staleWindow().toNanos();
    this.cache =
        Caffeine.newBuilder()
            .ticker(ticker)
            // Maintenance (eviction, expiry) on the calling thread: no pool threads to manage,
            // and the work per call is small and amortised.
            .executor(Runnable::run)
            .maximumSize(options.maxCacheEntries())
            .expireAfter(new KeepForTtlPlusStaleWindow())
            // Counted here rather than with recordStats(): no cost on reads, only on eviction.
            .evictionListener(
                (CacheKey key, Entry entry, RemovalCause cause) -> {
                  if (cause == RemovalCause.SIZE) {
                    evictions.increment();
                  }
                })
            .build();
  }

  /** A fresh answer, every record's TTL the remaining one; empty when absent or expired. */
  Optional<ForwardResult> fresh(CacheKey key) {
    Entry entry = cache.getIfPresent(key);
    if (entry == null) {
      return Optional.empty();
    }
    long left = entry.freshUntilNanos() - ticker.read();
    if (left <= 0) {
      return Optional.empty();
    }
    return Optional.of(result(entry, left / NANOS_PER_SECOND, CacheStatus.HIT));
  }

  /**
   * The cached answer for serving stale when no target answered: any entry up to the end of the
   * serve-stale window after its TTL, every record's TTL 30 s; the caller adds the EDE. Empty when
   * there is none, or only a cached SERVFAIL.
   */
  Optional<ForwardResult> stale(CacheKey key) {
    Entry entry = cache.getIfPresent(key);
    if (entry == null
        || !entry.staleUsable()
        || ticker.read() - entry.freshUntilNanos() >= staleWindowNanos) {
      return Optional.empty();
    }
    return Optional.of(result(entry, STALE_TTL_SECONDS, CacheStatus.STALE));
  }

  /**
   * What the cache holds for {@code key} now, for explanations: {@link CacheStatus#HIT} for a fresh
   * entry, {@link CacheStatus#STALE} for one only a failed upstream would serve (RFC 8767), else
   * {@link CacheStatus#NONE}. Read quietly: no hit is recorded for eviction, no TTL copy is made.
   */
  CacheStatus peek(CacheKey key) {
    Entry entry = cache.policy().getIfPresentQuietly(key);
    if (entry == null) {
      return CacheStatus.NONE;
    }
    long now = ticker.read();
    if (entry.freshUntilNanos() - now > 0) {
      return CacheStatus.HIT;
    }
    return entry.staleUsable() && now - entry.freshUntilNanos() < staleWindowNanos
        ? CacheStatus.STALE
        : CacheStatus.NONE;
  }

  /**
   * Caches a scrubbed upstream reply under its own question if {@link CacheTtlPolicy} allows: its
   * answer and authority sections, each in its own place (the authority is never served as an
   * answer), its continuation and its Extended DNS Errors.
   */
  void store(CacheKey key, ScrubbedReply reply) {
    store(
        key,
        reply.rcode(),
        reply.answer(),
        reply.authority(),
        reply.continueAt(),
        reply.upstreamErrors());
  }

  /** Caches an upstream reply if {@link CacheTtlPolicy} allows, replacing an older entry. */
  void store(CacheKey key, int rcode, List<Record> answer, List<Record> authority) {
    store(key, rcode, answer, authority, null, List.of());
  }

  private void store(
      CacheKey key,
      int rcode,
      List<Record> answer,
      List<Record> authority,
      Name continueAt,
      List<ExtendedErrorCodeOption> upstreamErrors) {
    CacheTtlPolicy.Decision decision = policy.decide(rcode, answer, authority);
    if (decision == null) {
      return;
    }
    long ttlNanos = decision.ttlSeconds() * NANOS_PER_SECOND;
    long keepNanos = ttlNanos + (decision.staleUsable() ? staleWindowNanos : 0);
    cache.put(
        key,
        new Entry(
            rcode,
            new TtlCopies(answer, authority),
            ticker.read() + ttlNanos,
            keepNanos,
            decision.staleUsable(),
            continueAt,
            upstreamErrors));
  }

  /** The number of entries after pending evictions ran; for tests and metrics. */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** The number of entries, roughly (pending evictions not run): cheap enough for metrics. */
  long estimatedSize() {
    return cache.estimatedSize();
  }

  /** Entries evicted so far because the cache was full. */
  long evictions() {
    return evictions.sum();
  }

  private static ForwardResult result(Entry entry, long ttl, CacheStatus status) {
    Copies copies = entry.records().at(ttl);
    return new ForwardResult(
        entry.rcode(),
        copies.answer(),
        copies.authority(),
        status,
        Resolution.NO_EDE,
        "",
        copies.answerWire(),
        copies.authorityWire(),
        entry.continueAt(),
        entry.upstreamErrors());
  }

  /** Variable expiry: each entry lives for its own TTL plus, if stale-usable, the window. */
  private static final class KeepForTtlPlusStaleWindow implements Expiry<CacheKey, Entry> {
    @Override
    public long expireAfterCreate(CacheKey key, Entry entry, long currentTime) {
      return entry.keepNanos();
    }

    @Override
    public long expireAfterUpdate(
        CacheKey key, Entry entry, long currentTime, long currentDuration) {
      return entry.keepNanos();
    }

    @Override
    public long expireAfterRead(CacheKey key, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
