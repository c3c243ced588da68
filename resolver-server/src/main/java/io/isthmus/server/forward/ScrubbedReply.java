package io.isthmus.server.forward;

import java.util.List;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What {@link ReplyScrubber} kept of an upstream reply: the only parts that may be used or cached.
 * Immutable.
 *
 * @param rcode the RCODE the kept sections stand for: the upstream's when the chain ended inside
 *     the bailiwick; NOERROR when it left it (the upstream's RCODE was about a name it may not
 *     speak for)
 * @param answer the chain from the question name, in chain order
 * @param authority the SOA of a negative answer, or the NS of the answer's zone
 * @param additional address records of those NS names, inside the bailiwick
 * @param ending why the chain stopped
 * @param continueAt the CNAME target outside the bailiwick when {@code ending} is {@link
 *     Ending#LEFT_BAILIWICK}, to be resolved again in the VPC's context; otherwise null
 * @param upstreamErrors the upstream's Extended DNS Errors (RFC 8914), at most {@link
 *     ReplyScrubber#MAX_UPSTREAM_ERRORS}
 * @param dropped how many records of the answer, authority and additional sections were dropped
 *     (the OPT record not counted)
 */
record ScrubbedReply(
    int rcode,
    List<Record> answer,
    List<Record> authority,
    List<Record> additional,
    Ending ending,
    Name continueAt,
    List<ExtendedErrorCodeOption> upstreamErrors,
    int dropped) {

  /** Why the chain that starts at the question name stopped. */
  enum Ending {
    /** At a name inside the bailiwick: its data, or nothing (a negative answer for it). */
    COMPLETE,
    /** At a CNAME (or DNAME) target outside the bailiwick: the upstream may not speak for it. */
    LEFT_BAILIWICK,
    /**
     * A CNAME target that the chain had already passed (docs/spec/resolution.md section 3:
     * SERVFAIL).
     */
    LOOP,
    /**
     * More than {@link ReplyScrubber#MAX_LINKS} CNAMEs (docs/spec/resolution.md section 3:
     * SERVFAIL).
     */
    TOO_LONG
  }

  ScrubbedReply {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
    upstreamErrors = List.copyOf(upstreamErrors);
  }
}
