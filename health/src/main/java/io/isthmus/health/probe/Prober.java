package io.isthmus.health.probe;

import io.isthmus.config.HealthCheck;
import java.util.concurrent.CompletableFuture;

/**
 * Probes the target of a TCP, HTTP or HTTPS check once, without blocking the caller. The future
 * always completes, with a failure result rather than exceptionally, within the type's timeout.
 * Implementations are thread-safe. {@link NetworkProber} is the real one; tests substitute theirs.
 */
@FunctionalInterface
public interface Prober {
  CompletableFuture<ProbeResult> probe(HealthCheck check);
}
