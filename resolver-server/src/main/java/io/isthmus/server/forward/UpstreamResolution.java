package io.isthmus.server.forward;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Gets one question answered by one of its targets within the overall budget (spec §5): tries the
 * targets in {@link TargetSelector} order, each with its own try timeout, a truncated reply again
 * over TCP, and goes round the targets again while budget is left and something timed out (a lost
 * datagram deserves a second chance; a refused port does not). Confined to the event loop of its
 * {@link Exchanger}; one instance per upstream query.
 *
 * <p>Each try holds one of its target's slots ({@link TargetSelector#tryAcquire}) from sending
 * until its reply, timeout or error (a truncated reply's TCP retry included), released exactly
 * once. A target at its cap is skipped; when every target of the query is, the query fails at once
 * with EDE 22 rather than waiting in a queue.
 */
final class UpstreamResolution {

  /** How it ended: a valid reply, or why no target gave one. Immutable. */
  sealed interface Outcome {
    record Answered(Message reply) implements Outcome {}

    /**
     * {@code edeCode} 22 (something timed out, or a target was at its cap) or 23 (network errors
     * only), RFC 8914 §4; {@code saturated} when a target was skipped for being at its cap.
     */
    record Failed(int edeCode, String edeText, boolean saturated) implements Outcome {
      Failed(int edeCode, String edeText) {
        this(edeCode, edeText, false);
      }
    }
  }

  private final ForwardQuery query;
  private final Exchanger exchanger;
  private final TargetSelector selector;
  private final Prober prober;
  private final SourceAddresses sources;
  private final SecureRandom random;
  private final long deadlineNanos;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

  private final Set<InetSocketAddress> timedOut = new LinkedHashSet<>();
  private final Map<InetSocketAddress, String> errors = new LinkedHashMap<>();
  private final Set<InetSocketAddress> saturated = new LinkedHashSet<>();

  /** The slot of the try in flight, null between tries. */
  private TrackedTarget held;

  private List<InetSocketAddress> pass = List.of();
  private int next;
  private boolean timeoutInPass;

  UpstreamResolution(
      ForwardQuery query,
      Exchanger exchanger,
      TargetSelector selector,
      Prober prober,
      SourceAddresses sources,
      SecureRandom random,
      long budgetNanos) {
    this.query = query;
    this.exchanger = exchanger;
    this.selector = selector;
    this.prober = prober;
    this.sources = sources;
    this.random = random;
    this.deadlineNanos = System.nanoTime() + budgetNanos;
  }

  /** Starts the first try; the future completes on the event loop, never exceptionally. */
  CompletableFuture<Outcome> start() {
    if (query.targets().isEmpty()) {
      outcome.complete(
          new Outcome.Failed(ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY, "no forward targets"));
    } else {
      guarded(this::tryNext);
    }
    return outcome;
  }

  /**
   * Runs a step; a bug in it ends the resolution with a failure (and frees its slot) instead of
   * leaving the outcome, the client and the slots hanging.
   */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException bug) {
      releaseHeld();
      outcome.completeExceptionally(bug);
    }
  }

  private void releaseHeld() {
    if (held != null) {
      held.release();
      held = null;
    }
  }

  private void tryNext() {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      fail();
      return;
    }
    if (next >= pass.size()) {
      if (!pass.isEmpty() && !timeoutInPass) {
        fail();
        return;
      }
      // Each pass re-reads the health: a target marked DOWN meanwhile is skipped.
      pass = selector.order(query.targets());
      next = 0;
      timeoutInPass = false;
    }
    InetSocketAddress target = pass.get(next++);
    InetAddress source = null;
    if (!query.sources().isEmpty()) {
      Optional<InetAddress> picked = sources.pick(query.sources(), target);
      if (picked.isEmpty()) {
        errors.put(target, "no source address of its address family");
        tryNext();
        return;
      }
      source = picked.get();
    }
    TrackedTarget slot = selector.tryAcquire(target);
    if (slot == null) {
      // At its cap: another target of the query may have room; queueing here would only grow.
      saturated.add(target);
      tryNext();
      return;
    }
    held = slot;
    InetAddress from = source;
    exchanger
        .udp(
            from,
            target,
            query.name(),
            query.type(),
            query.dclass(),
            Math.min(selector.tryTimeoutNanos(target), remaining))
        .whenComplete((result, bug) -> guarded(() -> onUdp(target, from, result)));
  }

  private void onUdp(InetSocketAddress target, InetAddress source, ExchangeOutcome result) {
    if (result instanceof ExchangeOutcome.Reply reply) {
      selector.replied(target, reply.rttNanos());
      if (!reply.message().getHeader().getFlag(Flags.TC)) {
        releaseHeld();
        outcome.complete(new Outcome.Answered(reply.message()));
        return;
      }
      // RFC 7766 §5 / RFC 1035 §4.2.1: truncated, so ask the same target again over TCP, in the
      // same slot.
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        releaseHeld();
        fail();
        return;
      }
      // A new packet, a new random ID (OutboundQuery).
      OutboundQuery outbound =
          OutboundQuery.create(random, query.name(), query.type(), query.dclass());
      exchanger
          .tcp(source, target, outbound, Math.min(selector.tryTimeoutNanos(target), remaining))
          .whenComplete((tcpResult, bug) -> guarded(() -> onTcp(target, source, tcpResult)));
    } else {
      onFailure(target, source, result);
    }
  }

  private void onTcp(InetSocketAddress target, InetAddress source, ExchangeOutcome result) {
    releaseHeld();
    if (result instanceof ExchangeOutcome.Reply reply) {
      outcome.complete(new Outcome.Answered(reply.message()));
    } else {
      onFailure(target, source, result);
    }
  }

  private void onFailure(InetSocketAddress target, InetAddress source, ExchangeOutcome result) {
    releaseHeld();
    boolean targetFault = true;
    if (result instanceof ExchangeOutcome.NetworkError error) {
      errors.put(target, error.reason());
      targetFault = error.targetFault();
    } else {
      // A Timeout, or (a bug) no outcome at all: treated alike.
      timedOut.add(target);
      timeoutInPass = true;
    }
    if (targetFault) {
      TargetHealth.Probe question =
          new TargetHealth.Probe(query.name(), query.type(), query.dclass(), source);
      if (selector.failed(target, question)) {
        prober.watch(target);
      }
    }
    tryNext();
  }

  private void fail() {
    List<String> parts = new ArrayList<>(2);
    if (!timedOut.isEmpty()) {
      parts.add("no reply from " + join(timedOut));
    }
    errors.forEach((target, reason) -> parts.add(address(target) + ": " + reason));
    if (!saturated.isEmpty()) {
      parts.add(join(saturated) + ": too many queries outstanding");
    }
    if (parts.isEmpty()) {
      parts.add("no target tried within the time budget");
    }
    int ede =
        timedOut.isEmpty() && saturated.isEmpty() && !errors.isEmpty()
            ? ExtendedErrorCodeOption.NETWORK_ERROR
            : ExtendedErrorCodeOption.NO_REACHABLE_AUTHORITY;
    outcome.complete(new Outcome.Failed(ede, String.join("; ", parts), !saturated.isEmpty()));
  }

  private static String join(Set<InetSocketAddress> targets) {
    List<String> names = new ArrayList<>(targets.size());
    targets.forEach(t -> names.add(address(t)));
    return String.join(", ", names);
  }

  private static String address(InetSocketAddress target) {
    return target.getAddress().getHostAddress() + "#" + target.getPort();
  }
}
