package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.OPTRecord;

/**
 * Builds the OPT record of a response (RFC 6891). Only queries that carried an OPT get one back: a
 * responder must not add OPT to a reply to a query without it (RFC 6891 §7), so without EDNS there
 * is no NSID and no Extended DNS Error either. A query whose OPT was there but unusable (two of
 * them, misplaced, a non-root owner, malformed options) is answered FORMERR with a minimal OPT: RFC
 * 6891 §7 asks for an OPT whenever the request had one, and the client learns that we speak EDNS
 * without us trusting anything the broken OPT said (no NSID, no DO, its payload size ignored).
 * Immutable and thread-safe.
 */
final class EdnsWriter {

  /**
   * The UDP payload size we advertise: 1232 bytes fits the IPv6 minimum MTU (1280) without
   * fragmentation (DNS Flag Day 2020).
   */
  static final int PAYLOAD_SIZE = 1232;

  private final byte[] nsid;

  EdnsWriter(byte[] nodeId) {
    this.nsid = nodeId.clone();
  }

  /**
   * The response OPT, or null when the query had none (minimal when its OPT was unusable). {@code
   * rcode} may be an extended RCODE (e.g. BADVERS = 16): its upper 8 bits travel in the OPT TTL
   * field (RFC 6891 §6.1.3).
   */
  OPTRecord responseOpt(Query query, int rcode, Resolution resolution) {
    if (!query.hasEdns()) {
      return query.optSeen() ? new OPTRecord(PAYLOAD_SIZE, rcode >>> 4, 0) : null;
    }
    OPTRecord requested = query.opt();
    List<EDNSOption> options = new ArrayList<>(2);
    // RFC 5001 §2: NSID is returned only to clients that asked with an (empty) NSID option;
    // spec §1: on every response, REFUSED ones included.
    if (!requested.getOptions(EDNSOption.Code.NSID).isEmpty()) {
      options.add(new GenericEDNSOption(EDNSOption.Code.NSID, nsid));
    }
    if (resolution.edeCode() >= 0) {
      options.add(new ExtendedErrorCodeOption(resolution.edeCode(), resolution.edeText()));
    }
    // RFC 8914 §3 allows several EDEs; ours (it explains what we did, e.g. a stale answer) comes
    // first, then the upstream's own about the answer it gave, as it sent them (bounded by the
    // scrubber).
    options.addAll(resolution.upstreamErrors());
    // RFC 3225 §3: the DO bit is copied into the response. We do no DNSSEC, so no other flag.
    int flags = requested.getFlags() & ExtendedFlags.DO;
    // We always answer with version 0, also in BADVERS (RFC 6891 §6.1.3: the highest we support).
    return new OPTRecord(PAYLOAD_SIZE, rcode >>> 4, 0, flags, options);
  }
}
