package io.isthmus.server.forward;

import org.xbill.DNS.Message;

/** How one exchange with one target ended. Immutable. */
sealed interface ExchangeOutcome {

  /** A valid reply (see {@link ReplyValidator}), after {@code rttNanos}. */
  record Reply(Message message, long rttNanos) implements ExchangeOutcome {}

  /** No valid reply within the try timeout. */
  record Timeout() implements ExchangeOutcome {}

  /**
   * The exchange could not happen: ICMP port/host unreachable, connection refused or reset, a
   * source address that cannot be bound. {@code targetFault} is false when the fault is ours
   * (binding), so it does not count against the target's health.
   */
  record NetworkError(String reason, boolean targetFault) implements ExchangeOutcome {}
}
