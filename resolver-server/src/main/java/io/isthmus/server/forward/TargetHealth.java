package io.isthmus.server.forward;

import java.net.InetAddress;
import org.xbill.DNS.Name;

/**
 * What one target's replies and silences taught us. Immutable: each event makes a new value.
 *
 * @param srttMicros smoothed round-trip time, -1 before the first reply
 * @param consecutiveFailures timeouts and network errors since the last valid reply
 * @param down whether client queries avoid the target (after enough consecutive failures)
 * @param probe what the background probe asks while DOWN: the last question that failed, from the
 *     same source address, since a server may answer only some zones or only some clients
 */
record TargetHealth(
    long srttMicros, int consecutiveFailures, boolean down, TargetHealth.Probe probe) {

  /** A question to probe with; {@code source} null for any local address. */
  record Probe(Name name, int type, int dclass, InetAddress source) {}

  static final TargetHealth UNKNOWN = new TargetHealth(-1, 0, false, null);

  /** RFC 6298 §2.3's smoothing (alpha 1/8): one slow reply does not reorder the targets. */
  TargetHealth replied(long rttMicros) {
    long srtt = srttMicros < 0 ? rttMicros : (7 * srttMicros + rttMicros) / 8;
    return new TargetHealth(srtt, 0, false, probe);
  }

  TargetHealth failed(Probe question, int failuresToMarkDown) {
    int failures = consecutiveFailures + 1;
    return new TargetHealth(srttMicros, failures, down || failures >= failuresToMarkDown, question);
  }
}
