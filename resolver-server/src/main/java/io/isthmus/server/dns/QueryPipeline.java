package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * One DNS query in, one response (or silence) out: decode → admit → resolve → finish → size. The
 * order of the stages is simply this code (style.md "route, then dispatch").
 *
 * <p>Immutable and thread-safe (the error counter is a {@link LongAdder}); called inline on Netty
 * event loops, so nothing here blocks.
 */
public final class QueryPipeline {

  private static final Logger log = LoggerFactory.getLogger(QueryPipeline.class);

  private final QueryResolver resolver;
  private final Admission admission;
  private final ResponseFinisher finisher;
  private final LongAdder internalErrors = new LongAdder();

  /** The answer to a query that gets none. */
  private static final CompletableFuture<byte[]> DROPPED = CompletableFuture.completedFuture(null);

  /**
   * @param nodeId this node's identity, answered to CHAOS {@code id.server.} and in NSID; 1 to 255
   *     bytes of UTF-8 (one TXT character-string, RFC 1035 §3.3.14)
   * @param resolver answers IN-class questions that passed admission
   */
  public QueryPipeline(String nodeId, QueryResolver resolver) {
    byte[] id = nodeId.getBytes(StandardCharsets.UTF_8);
    if (id.length == 0 || id.length > 255) {
      throw new IllegalArgumentException("nodeId must be 1 to 255 bytes of UTF-8: " + nodeId);
    }
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.admission = new Admission(id);
    this.finisher = new ResponseFinisher(new EdnsWriter(id));
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
   *     bytes, or QR=1). Never completes exceptionally; this method never throws.
   */
  public CompletableFuture<byte[]> process(
      byte[] query, InetSocketAddress source, InetSocketAddress local, Transport transport) {
    Header header = QueryDecoder.header(query);
    // Never answer a response: that is how two servers end up in a reflection loop.
    if (header == null || header.getFlag(Flags.QR)) {
      return DROPPED;
    }
    Query decoded = Query.malformed(header, List.of());
    try {
      decoded = QueryDecoder.decode(query, header);
      Query admitted = decoded;
      Optional<Resolution> refused = admission.admit(admitted, transport);
      if (refused.isPresent()) {
        return CompletableFuture.completedFuture(render(query, admitted, refused.get(), transport));
      }
      Record question = admitted.question();
      CompletionStage<Resolution> resolution =
          resolver.resolve(source, local, question.getName(), question.getType());
      return resolution
          .toCompletableFuture()
          .handle(
              (resolved, error) -> {
                try {
                  if (error != null) {
                    throw new IllegalStateException("QueryResolver failed", error);
                  }
                  return render(
                      query,
                      admitted,
                      Objects.requireNonNull(resolved, "QueryResolver returned null"),
                      transport);
                } catch (RuntimeException bug) {
                  return serverFailure(admitted, transport, bug);
                }
              });
    } catch (RuntimeException bug) {
      return CompletableFuture.completedFuture(serverFailure(decoded, transport, bug));
    }
  }

  /** Copies pre-rendered sections when the resolution has them; renders with dnsjava if not. */
  private byte[] render(byte[] wire, Query query, Resolution resolution, Transport transport) {
    int limit = Truncation.limit(query, transport);
    byte[] copied = finisher.prerendered(wire, query, resolution, limit);
    return copied != null ? copied : Truncation.render(finisher.finish(query, resolution), limit);
  }

  /** Queries answered SERVFAIL because a stage threw: each one is a bug to fix. */
  public long internalErrors() {
    return internalErrors.sum();
  }

  private byte[] serverFailure(Query query, Transport transport, RuntimeException bug) {
    internalErrors.increment();
    long count = internalErrors.sum();
    // Powers of two only: a bug hit by every query must not flood the log.
    if (Long.bitCount(count) == 1) {
      log.error(
          "Query pipeline failed ({} internal errors so far); answering SERVFAIL", count, bug);
    }
    try {
      Resolution failure = Resolution.failure(Rcode.SERVFAIL, Resolution.NO_EDE, null, null);
      return Truncation.render(finisher.finish(query, failure), Truncation.limit(query, transport));
    } catch (RuntimeException alsoFailed) {
      bug.addSuppressed(alsoFailed);
      return null;
    }
  }
}
