package io.isthmus.server.dns;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.Resolution;
import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.query.QueryObserver;
import io.isthmus.server.query.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * One DNS query in, one response (or silence) out: decode → admit → resolve → finish → size →
 * observe. The order of the stages is simply this code (docs/style.md "route, then dispatch").
 *
 * <p>Each query, answered or dropped, is reported once to the {@link QueryObserver} as a {@link
 * QueryEvent} made of values at hand (no formatting, no copies), on the thread that produced the
 * response.
 *
 * <p>Immutable and thread-safe (the error counter is a {@link LongAdder}); called inline on Netty
 * event loops, so nothing here blocks.
 */
public final class QueryPipeline {

  private static final Logger log = LoggerFactory.getLogger(QueryPipeline.class);

  private final QueryResolver resolver;
  private final Admission admission;
  private final ResponseFinisher finisher;
  private final QueryObserver observer;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final ResponseRateLimiter rateLimiter;
  private final LongAdder internalErrors = new LongAdder();

  /** The answer to a query that gets none. */
  private static final CompletableFuture<byte[]> DROPPED = CompletableFuture.completedFuture(null);

  /**
   * @param nodeId this node's identity, answered to CHAOS {@code id.server.} and in NSID; 1 to 255
   *     bytes of UTF-8 (one TXT character-string, RFC 1035 §3.3.14)
   * @param resolver answers IN-class questions that passed admission
   */
  public QueryPipeline(String nodeId, QueryResolver resolver) {
    this(nodeId, resolver, QueryObserver.NONE);
  }

  /**
   * As {@link #QueryPipeline(String, QueryResolver)}, reporting every query to {@code observer},
   * timed by the system clocks.
   */
  public QueryPipeline(String nodeId, QueryResolver resolver, QueryObserver observer) {
    this(nodeId, resolver, observer, Clock.systemUTC(), System::nanoTime);
  }

  /**
   * @param clock the wall clock of {@link QueryEvent#timestampMillis()}
   * @param nanoTime a monotonic nanosecond ticker for {@link QueryEvent#latencyNanos()}
   */
  public QueryPipeline(
      String nodeId,
      QueryResolver resolver,
      QueryObserver observer,
      Clock clock,
      LongSupplier nanoTime) {
    this(nodeId, resolver, observer, clock, nanoTime, ResponseRateLimiter.OFF);
  }

  /**
   * @param rateLimiter decides about every UDP response once it is made ({@link
   *     ResponseRateLimiter#OFF} for none); TCP responses are never limited
   */
  public QueryPipeline(
      String nodeId,
      QueryResolver resolver,
      QueryObserver observer,
      Clock clock,
      LongSupplier nanoTime,
      ResponseRateLimiter rateLimiter) {
    byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
    if (id.length == 0 || id.length > 255) {
      throw new IllegalArgumentException("nodeId must be 1 to 255 bytes of UTF-8: " + nodeId);
    }
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.admission = new Admission(id);
    this.finisher = new ResponseFinisher(new EdnsWriter(id));
    this.observer = Objects.requireNonNull(observer, "observer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
  }

  /**
   * Answers one query: local answers complete before this method returns, forwarded ones later, on
   * the forwarder's thread.
   *
   * @param query the DNS message as received (without the TCP length prefix); not modified
   * @param source the client's address
   * @param local the listener address the query arrived on
   * @param transport decides the size limit
   * @return the response in wire format, or null when the query must be dropped (fewer than 12
   *     bytes, or QR=1) or its UDP response is rate limited. Never completes exceptionally; this
   *     method never throws.
   */
  public CompletableFuture<byte[]> process(
      byte[] query, InetSocketAddress source, InetSocketAddress local, Transport transport) {
    // Read once, before any work, so the latency covers decoding too. Without an observer there
    // is nobody to tell: no clock is read.
    boolean observed = observer != QueryObserver.NONE;
    long receivedNanos = observed ? nanoTime.getAsLong() : 0;
    long receivedMillis = observed ? clock.millis() : 0;
    Header header = QueryDecoder.header(query);
    // Never answer a response: that is how two servers end up in a reflection loop.
    if (header == null || header.getFlag(Flags.QR)) {
      if (observed) {
        observe(receivedNanos, receivedMillis, source, local, transport, null, null, null);
      }
      return DROPPED;
    }
    Query decoded = Query.malformed(header, List.of(), false);
    try {
      decoded = QueryDecoder.decode(query, header);
      Query admitted = decoded;
      Optional<Resolution> refused = admission.admit(admitted, transport);
      if (refused.isPresent()) {
        byte[] response =
            limitRate(
                render(query, admitted, refused.get(), transport),
                source,
                admitted,
                refused.get(),
                transport);
        if (observed) {
          observe(
              receivedNanos,
              receivedMillis,
              source,
              local,
              transport,
              admitted,
              refused.get(),
              response);
        }
        return CompletableFuture.completedFuture(response);
      }
      Record question = admitted.question();
      CompletionStage<Resolution> resolution =
          resolver.resolve(source, local, question.getName(), question.getType());
      return resolution
          .toCompletableFuture()
          .handle(
              (resolved, error) -> {
                byte[] response;
                try {
                  if (error != null) {
                    throw new IllegalStateException("QueryResolver failed", error);
                  }
                  response =
                      limitRate(
                          render(
                              query,
                              admitted,
                              Objects.requireNonNull(resolved, "QueryResolver returned null"),
                              transport),
                          source,
                          admitted,
                          resolved,
                          transport);
                } catch (RuntimeException bug) {
                  return serverFailure(
                      receivedNanos, receivedMillis, source, local, admitted, transport, bug);
                }
                if (observed) {
                  observe(
                      receivedNanos,
                      receivedMillis,
                      source,
                      local,
                      transport,
                      admitted,
                      resolved,
                      response);
                }
                return response;
              });
    } catch (RuntimeException bug) {
      return CompletableFuture.completedFuture(
          serverFailure(receivedNanos, receivedMillis, source, local, decoded, transport, bug));
    }
  }

  /** Copies pre-rendered sections when the resolution has them; renders with dnsjava if not. */
  private byte[] render(byte[] wire, Query query, Resolution resolution, Transport transport) {
    int limit = Truncation.limit(query, transport);
    byte[] copied = finisher.prerendered(wire, query, resolution, limit);
    return copied != null ? copied : Truncation.render(finisher.finish(query, resolution), limit);
  }

  /**
   * The write stage's rate limit (RRL): the response itself, null to drop it, or a TC=1 slip. Here
   * because only now is the response's identity (RCODE, zone) known; UDP only, since TCP cannot be
   * spoofed and is where a limited client goes (RFC 7766 §1).
   */
  private byte[] limitRate(
      byte[] response,
      InetSocketAddress source,
      Query query,
      Resolution resolution,
      Transport transport) {
    if (transport != Transport.UDP || !rateLimiter.enabled()) {
      return response;
    }
    return switch (rateLimiter.check(source.getAddress(), query, resolution)) {
      case SEND -> response;
      case DROP -> null;
      case SLIP -> Slip.of(response);
    };
  }

  /** Queries answered SERVFAIL because a stage threw: each one is a bug to fix. */
  public long internalErrors() {
    return internalErrors.sum();
  }

  /** A listener's socket or connection failed (not a query's fault); counted by observers. */
  void listenerError(Transport transport) {
    try {
      observer.onListenerError(transport);
    } catch (RuntimeException ignored) {
      // An observer's bug must not take the listener down with it.
    }
  }

  private byte[] serverFailure(
      long receivedNanos,
      long receivedMillis,
      InetSocketAddress source,
      InetSocketAddress local,
      Query query,
      Transport transport,
      RuntimeException bug) {
    internalErrors.increment();
    long count = internalErrors.sum();
    // Powers of two only: a bug hit by every query must not flood the log.
    if (Long.bitCount(count) == 1) {
      log.error(
          "Query pipeline failed ({} internal errors so far); answering SERVFAIL", count, bug);
    }
    byte[] response;
    Resolution failure = Resolution.failure(Rcode.SERVFAIL, Resolution.NO_EDE, null, null);
    try {
      response =
          Truncation.render(finisher.finish(query, failure), Truncation.limit(query, transport));
    } catch (RuntimeException alsoFailed) {
      bug.addSuppressed(alsoFailed);
      response = null;
    }
    if (observer != QueryObserver.NONE) {
      try {
        observer.onInternalError();
      } catch (RuntimeException ignored) {
        // Observers never change the answer.
      }
      observe(receivedNanos, receivedMillis, source, local, transport, query, failure, response);
    }
    return response;
  }

  /**
   * Reports one query. Only references and primitives go into the event: formatting is left to
   * whoever needs text (the query log, on its own thread). An observer that throws is logged, never
   * allowed to change the answer.
   *
   * @param query the decoded query, or null when it was dropped before decoding
   * @param resolution what was answered, or null when nothing was
   * @param response the response sent, or null when the query was dropped
   */
  private void observe(
      long receivedNanos,
      long receivedMillis,
      InetSocketAddress source,
      InetSocketAddress local,
      Transport transport,
      Query query,
      Resolution resolution,
      byte[] response) {
    try {
      Record question = query == null ? null : query.question();
      if (question == null && query != null && !query.questions().isEmpty()) {
        // A malformed query whose first question alone could be parsed.
        question = query.questions().get(0);
      }
      boolean answered = response != null && resolution != null;
      observer.onQuery(
          new QueryEvent(
              receivedMillis,
              source,
              local,
              transport,
              question == null ? null : question.getName(),
              question == null ? -1 : question.getType(),
              question == null ? -1 : question.getDClass(),
              answered ? resolution.rcode() : QueryEvent.DROPPED,
              answered ? resolution.answer() : List.of(),
              resolution == null ? null : resolution.route(),
              resolution == null ? null : resolution.routeId(),
              resolution == null ? null : resolution.vpcId(),
              resolution == null ? CacheStatus.NONE : resolution.cache(),
              nanoTime.getAsLong() - receivedNanos,
              response == null ? 0 : response.length,
              resolution == null ? Resolution.NO_EDE : resolution.edeCode()));
    } catch (RuntimeException bug) {
      log.warn("Query observer failed", bug);
    }
  }
}
