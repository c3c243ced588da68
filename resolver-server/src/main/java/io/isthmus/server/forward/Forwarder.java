package io.isthmus.server.forward;

import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.route.CacheStatus;
import io.isthmus.route.Resolution;
import io.isthmus.server.dns.DnsEventLoops;
import io.isthmus.server.dns.NettyPlatform;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Forwards questions to upstream resolvers and caches their answers (spec §5, §6): FORWARD rules
 * and the default upstreams share one forwarder, partitioned by scope.
 *
 * <p>A fresh cache hit completes at once on the calling thread; otherwise the question goes
 * upstream on one of the forwarder's own event loops (one per core, at most {@value #MAX_LOOPS}),
 * taken in turn, which then handles every try of that question and completes its future. Each loop
 * has its own pool of UDP sockets ({@link UdpSocketPool}), so a cold forward costs a datagram, not
 * a new socket. Concurrent identical misses share one upstream query. When no target answers, a
 * stale answer is served (RFC 8767) or SERVFAIL with an Extended DNS Error (RFC 8914). Nothing
 * blocks.
 *
 * <p>Upstream work is bounded, never queued: at most {@link ForwarderOptions#maxOutstanding()}
 * upstream queries in flight (a miss beyond it is answered at once: stale with EDE 3, else SERVFAIL
 * + EDE 14 "Not Ready"), and at most {@link ForwarderOptions#maxOutstandingPerTarget()} tries in
 * flight to one target (see {@link UpstreamResolution}). The targets' state is bounded and pruned
 * by {@link #retainTargets}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class Forwarder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

  /** The EDE text of a query refused by the total cap; says what, not how much. */
  static final String SATURATED_TEXT = "forwarder saturated: too many upstream queries outstanding";

  /** Forwarding is light work per query; more loops would only multiply the pooled sockets. */
  private static final int MAX_LOOPS = 4;

  private final ForwarderOptions options;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final List<Exchanger> exchangers;
  private final AtomicInteger nextExchanger = new AtomicInteger();
  private final ForwardCache cache;
  private final TargetSelector selector;
  private final ReplyValidator validator;
  private final Prober prober;
  private final SourceAddresses sources = new SourceAddresses();
  private final SecureRandom random = new SecureRandom();
  private final Map<CacheKey, CompletableFuture<ForwardResult>> inFlight =
      new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder scrubbedRecords = new LongAdder();

  /** Upstream queries in flight (one per {@link UpstreamResolution}); see {@link #resolve}. */
  private final AtomicInteger outstanding = new AtomicInteger();

  private final LongAdder limitedByTotal = new LongAdder();
  private final LongAdder limitedByTarget = new LongAdder();

  /**
   * @param ticker the cache's clock (TTL ageing, serve-stale window); network timeouts are real
   *     time on the event loops
   */
  public Forwarder(ForwarderOptions options, Ticker ticker) {
    this(options, ticker, ownGroup(), true);
  }

  /**
   * A forwarder on the DNS listeners' event loops: a query read on one of them is forwarded, and
   * its client answered, on that same loop (see {@link DnsEventLoops}). Closing the forwarder
   * leaves the loops running.
   */
  public Forwarder(ForwarderOptions options, Ticker ticker, DnsEventLoops loops) {
    this(options, ticker, loops.group(), false);
  }

  private static EventLoopGroup ownGroup() {
    int loops = Math.max(1, Math.min(MAX_LOOPS, Runtime.getRuntime().availableProcessors()));
    // Daemon: a forwarder nobody closed must not keep the JVM alive.
    return new MultiThreadIoEventLoopGroup(
        loops,
        new DefaultThreadFactory("isthmus-forward", true),
        NettyPlatform.detect().ioHandlerFactory());
  }

  private Forwarder(
      ForwarderOptions options, Ticker ticker, EventLoopGroup group, boolean ownsGroup) {
    this.options = options;
    NettyPlatform platform = NettyPlatform.detect();
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.validator = new ReplyValidator();
    List<Exchanger> perLoop = new ArrayList<>();
    for (EventExecutor executor : group) {
      perLoop.add(new Exchanger(platform, (EventLoop) executor, validator, random));
    }
    this.exchangers = List.copyOf(perLoop);
    this.cache = new ForwardCache(options, ticker);
    this.selector =
        new TargetSelector(
            options.minTryTimeout(),
            options.maxTryTimeout(),
            options.failuresToMarkDown(),
            options.maxOutstandingPerTarget(),
            options.maxTargets());
    this.prober = new Prober(selector, exchangers.get(0), options.probeInterval());
  }

  /** Answers {@code query}; the future never completes exceptionally. */
  public CompletableFuture<ForwardResult> forward(ForwardQuery query) {
    CacheKey key;
    try {
      key = CacheKey.of(query);
      Optional<ForwardResult> hit = cache.fresh(key);
      if (hit.isPresent()) {
        return CompletableFuture.completedFuture(hit.get());
      }
    } catch (RuntimeException bug) {
      log.error("Forwarding {} failed", query, bug);
      return CompletableFuture.completedFuture(
          servfail(ExtendedErrorCodeOption.OTHER, "forwarder error"));
    }
    CompletableFuture<ForwardResult> mine = new CompletableFuture<>();
    CompletableFuture<ForwardResult> shared = inFlight.putIfAbsent(key, mine);
    if (shared != null) {
      // Each caller its own copy: one caller cancelling must not cancel the others' answer.
      return shared.copy();
    }
    try {
      if (closed.get()) {
        deliver(key, mine, servfail(ExtendedErrorCodeOption.OTHER, "forwarder closed"));
      } else {
        Exchanger local = currentLoopExchanger();
        if (local != null) {
          // Called on one of our loops (the shared DNS loops): no hand-off, no wake-up.
          resolve(key, query, local, mine);
        } else {
          Exchanger exchanger =
              exchangers.get(Math.floorMod(nextExchanger.getAndIncrement(), exchangers.size()));
          exchanger.loop().execute(() -> resolve(key, query, exchanger, mine));
        }
      }
    } catch (RuntimeException rejected) {
      deliver(key, mine, servfail(ExtendedErrorCodeOption.OTHER, "forwarder closed"));
    }
    return mine.copy();
  }

  /** The exchanger of the event loop running the caller, or null when it runs on none of ours. */
  private Exchanger currentLoopExchanger() {
    for (Exchanger exchanger : exchangers) {
      if (exchanger.loop().inEventLoop()) {
        return exchanger;
      }
    }
    return null;
  }

  /**
   * What the cache holds now for a question of {@code scope} (a rule id, or "." for default
   * resolution): HIT (fresh), STALE (served only if every target fails) or NONE. Does not count as
   * a hit and changes nothing: for explanations, not for answering.
   */
  public CacheStatus peek(String scope, Name name, int type, int dclass) {
    return cache.peek(new CacheKey(scope, name.canonicalize(), type, dclass));
  }

  /** What the forwarder knows about every target it has used, by address. */
  public List<TargetState> targetStates() {
    return selector.states();
  }

  /**
   * The fresh cached answer to {@code query}, counted as a hit; for tests that inspect the cache.
   */
  Optional<ForwardResult> cached(ForwardQuery query) {
    return cache.fresh(CacheKey.of(query));
  }

  /** The number of cached answers, roughly; for metrics. */
  public long cacheEntries() {
    return cache.estimatedSize();
  }

  /** Cached answers evicted so far because the cache was full (not expired ones); for metrics. */
  public long cacheEvictions() {
    return cache.evictions();
  }

  /**
   * Forgets the state of every target not in {@code inUse} (all FORWARD rules' targets and the
   * default upstreams of the configuration just published): its health, load, pooled sockets, and
   * so its metrics at their next sample. A query still in flight to a forgotten target completes
   * normally. From any thread.
   */
  public void retainTargets(Collection<InetSocketAddress> inUse) {
    Set<InetSocketAddress> keep = Set.copyOf(inUse);
    selector.retain(keep);
    for (Exchanger exchanger : exchangers) {
      try {
        exchanger.loop().execute(() -> exchanger.retainTargets(keep));
      } catch (RejectedExecutionException closing) {
        // The loops are stopping: their sockets close with them.
      }
    }
  }

  /** Upstream queries in flight now, over all targets; for metrics. */
  public int outstanding() {
    return outstanding.get();
  }

  /** Misses answered without an upstream query because {@code maxOutstanding} were in flight. */
  public long limitedByTotal() {
    return limitedByTotal.sum();
  }

  /** Misses that failed because their targets were at {@code maxOutstandingPerTarget}. */
  public long limitedByTarget() {
    return limitedByTarget.sum();
  }

  /** Tries in flight to {@code target}; for tests. */
  int outstanding(InetSocketAddress target) {
    return selector.outstanding(target);
  }

  /** Targets whose state is kept; for tests. */
  int trackedTargets() {
    return selector.trackedTargets();
  }

  /** Pooled UDP sockets open over all loops, for tests; call from outside the loops. */
  int liveSockets() {
    int live = 0;
    for (Exchanger exchanger : exchangers) {
      live += CompletableFuture.supplyAsync(exchanger::liveSockets, exchanger.loop()).join();
    }
    return live;
  }

  /** Stops the event loops; queries still in flight get SERVFAIL. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
    inFlight.forEach(
        (key, future) ->
            deliver(key, future, servfail(ExtendedErrorCodeOption.OTHER, "forwarder closed")));
  }

  /**
   * Records dropped from valid replies by the scrubber (unrelated, out of bailiwick, irrelevant);
   * for metrics.
   */
  public long scrubbedRecords() {
    return scrubbedRecords.sum();
  }

  /** Replies dropped as invalid (spoofed, garbage, oversized, another question). */
  long droppedReplies() {
    return validator.dropped();
  }

  private void resolve(
      CacheKey key,
      ForwardQuery query,
      Exchanger exchanger,
      CompletableFuture<ForwardResult> future) {
    try {
      // Another leader may have filled the cache between our miss and our turn on the loop.
      Optional<ForwardResult> hit = cache.fresh(key);
      if (hit.isPresent()) {
        deliver(key, future, hit.get());
        return;
      }
      if (!acquireOutstanding()) {
        // At the cap, answer now (stale if we can): a queue would only delay the same failure
        // and hold the client's memory meanwhile.
        limitedByTotal.increment();
        deliver(
            key,
            future,
            // RFC 8914 section 4.15 "Not Ready": the forwarder as a whole cannot take the query
            // now (22 "No Reachable Authority" is kept for a query whose own targets are
            // saturated or silent).
            failed(
                key,
                new UpstreamResolution.Outcome.Failed(
                    ExtendedErrorCodeOption.NOT_READY, SATURATED_TEXT)));
        return;
      }
    } catch (RuntimeException bug) {
      finish(key, query, future, null, bug);
      return;
    }
    // The slot is ours: given back exactly once, when the resolution ends or cannot start.
    try {
      new UpstreamResolution(
              query,
              exchanger,
              selector,
              prober,
              sources,
              random,
              options.overallBudget().toNanos())
          .start()
          .whenComplete(
              (outcome, bug) -> {
                outstanding.decrementAndGet();
                finish(key, query, future, counted(outcome), bug);
              });
    } catch (RuntimeException bug) {
      outstanding.decrementAndGet();
      finish(key, query, future, null, bug);
    }
  }

  /** Increment first, undo if over: racing loops never get more than the cap between them. */
  private boolean acquireOutstanding() {
    if (outstanding.incrementAndGet() > options.maxOutstanding()) {
      outstanding.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Counts a failure that a saturated target caused; the SERVFAIL or stale answer follows. */
  private UpstreamResolution.Outcome counted(UpstreamResolution.Outcome outcome) {
    if (outcome instanceof UpstreamResolution.Outcome.Failed failed && failed.saturated()) {
      limitedByTarget.increment();
    }
    return outcome;
  }

  private void finish(
      CacheKey key,
      ForwardQuery query,
      CompletableFuture<ForwardResult> future,
      UpstreamResolution.Outcome outcome,
      Throwable bug) {
    ForwardResult result;
    try {
      if (outcome instanceof UpstreamResolution.Outcome.Answered answered) {
        result = answered(key, query, answered.reply());
      } else if (outcome instanceof UpstreamResolution.Outcome.Failed failed) {
        result = failed(key, failed);
      } else {
        throw new IllegalStateException("no outcome", bug);
      }
    } catch (RuntimeException e) {
      // Exceptions are bugs (docs/style.md "Errors become RCODEs"): SERVFAIL for this query,
      // logged, never thrown at callers.
      log.error("Forwarding {} failed", key, e);
      result = servfail(ExtendedErrorCodeOption.OTHER, "forwarder error");
    }
    deliver(key, future, result);
  }

  /**
   * A valid reply (source, ID, question checked by {@link ReplyValidator}), scrubbed before it is
   * used or cached: only what the upstream may say about this question is kept ({@link
   * ReplyScrubber}), and cached under this question only. A CNAME loop or an over-long chain is
   * SERVFAIL, as for private zones (docs/spec/resolution.md section 3), and not cached.
   */
  private ForwardResult answered(CacheKey key, ForwardQuery query, Message reply) {
    ScrubbedReply scrubbed =
        ReplyScrubber.scrub(reply, query.name(), query.type(), query.dclass(), query.bailiwick());
    if (scrubbed.dropped() > 0) {
      scrubbedRecords.add(scrubbed.dropped());
    }
    if (scrubbed.ending() == ScrubbedReply.Ending.LOOP
        || scrubbed.ending() == ScrubbedReply.Ending.TOO_LONG) {
      return new ForwardResult(
          Rcode.SERVFAIL,
          scrubbed.answer(),
          List.of(),
          CacheStatus.MISS,
          ExtendedErrorCodeOption.OTHER,
          scrubbed.ending() == ScrubbedReply.Ending.LOOP
              ? "CNAME loop in the upstream's answer"
              : "CNAME chain longer than " + ReplyScrubber.MAX_LINKS + " in the upstream's answer");
    }
    cache.store(key, scrubbed);
    return new ForwardResult(
        scrubbed.rcode(),
        scrubbed.answer(),
        scrubbed.authority(),
        CacheStatus.MISS,
        Resolution.NO_EDE,
        "",
        null,
        null,
        scrubbed.continueAt(),
        scrubbed.upstreamErrors());
  }

  private ForwardResult failed(CacheKey key, UpstreamResolution.Outcome.Failed failed) {
    Optional<ForwardResult> stale = cache.stale(key);
    if (stale.isPresent()) {
      ForwardResult s = stale.get();
      return new ForwardResult(
          s.rcode(),
          s.answer(),
          s.authority(),
          CacheStatus.STALE,
          // RFC 8914 section 4.4: answered from expired data (RFC 8767).
          ExtendedErrorCodeOption.STALE_ANSWER,
          "stale answer: " + failed.edeText(),
          null,
          null,
          s.continueAt(),
          s.upstreamErrors());
    }
    return servfail(failed.edeCode(), failed.edeText());
  }

  /**
   * Completes the shared future after removing it from the in-flight map, and after the cache holds
   * the answer: a query arriving in between then finds the cache, never a finished future.
   */
  private void deliver(
      CacheKey key, CompletableFuture<ForwardResult> future, ForwardResult result) {
    inFlight.remove(key, future);
    future.complete(result);
  }

  private static ForwardResult servfail(int edeCode, String edeText) {
    return new ForwardResult(
        Rcode.SERVFAIL, List.of(), List.of(), CacheStatus.NONE, edeCode, edeText);
  }
}
