package io.isthmus.server.forward;

import java.util.List;
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
 */
public record ForwardResult(
    int rcode,
    List<Record> answer,
    List<Record> authority,
    CacheStatus cache,
    int edeCode,
    String edeText) {

  public ForwardResult {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    edeText = edeText == null ? "" : edeText;
  }
}
