package io.isthmus.server.forward;

import io.isthmus.route.CacheStatus;
import io.isthmus.zone.WireSection;
import java.util.List;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The outcome of one forward. Immutable.
 *
 * @param rcode the upstream RCODE, passed through (spec §5), or SERVFAIL when no target answered
 * @param answer the answer section as the upstream gave it; TTLs are the remaining ones for cache
 *     hits and 30 s for stale answers
 * @param authority the authority section, TTLs as for {@code answer}
 * @param edeCode the Extended DNS Error (RFC 8914) to add, or -1 for none
 * @param edeText the EDE's extra text, empty for none
 * @param answerWire the answer records pre-rendered (owners in full), or null
 * @param authorityWire the authority records pre-rendered, or null
 * @param continueAt where the answer continues: a CNAME target outside the upstream's bailiwick,
 *     which the caller resolves again in the VPC's context; null when the answer is complete
 * @param upstreamErrors the upstream's Extended DNS Errors (RFC 8914) for this answer, also on
 *     cache hits and stale answers; empty for our own SERVFAILs
 */
public record ForwardResult(
    int rcode,
    List<Record> answer,
    List<Record> authority,
    CacheStatus cache,
    int edeCode,
    String edeText,
    WireSection answerWire,
    WireSection authorityWire,
    Name continueAt,
    List<ExtendedErrorCodeOption> upstreamErrors) {

  public ForwardResult {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    edeText = edeText == null ? "" : edeText;
    upstreamErrors = upstreamErrors == null ? List.of() : List.copyOf(upstreamErrors);
  }

  /** A complete result without upstream Extended DNS Errors. */
  public ForwardResult(
      int rcode,
      List<Record> answer,
      List<Record> authority,
      CacheStatus cache,
      int edeCode,
      String edeText,
      WireSection answerWire,
      WireSection authorityWire) {
    this(rcode, answer, authority, cache, edeCode, edeText, answerWire, authorityWire, null, null);
  }

  /** A result without pre-rendered sections. */
  public ForwardResult(
      int rcode,
      List<Record> answer,
      List<Record> authority,
      CacheStatus cache,
      int edeCode,
      String edeText) {
    this(rcode, answer, authority, cache, edeCode, edeText, null, null, null, null);
  }
}
