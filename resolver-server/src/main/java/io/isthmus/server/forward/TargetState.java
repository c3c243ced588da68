package io.isthmus.server.forward;

import java.net.InetSocketAddress;

/**
 * What the forwarder has learnt about one upstream target, for health pages and metrics. Immutable.
 *
 * @param state {@code UP} or {@code DOWN}
 * @param srttMicros the smoothed round-trip time, -1 before the first reply
 * @param consecutiveFailures timeouts and network errors since the last valid reply
 */
public record TargetState(
    InetSocketAddress target, String state, long srttMicros, int consecutiveFailures) {}
