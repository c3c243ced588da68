package io.isthmus.admin.healthchecks;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;
import io.isthmus.config.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Pushed metric data points (docs/spec/admin-api.md "Health checks and metrics"): validated here,
 * all problems at once, then handed to the {@link MetricSink}. Metrics belong to the caller's
 * account; the operator owns none. Thread-safe.
 */
@Service
public class MetricService {
  private final MetricSink sink;
  private final Clock clock;

  public MetricService(MetricSink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  /**
   * Every problem {@link #put} would report for {@code batch} now: for callers that check several
   * batches before putting any (CloudWatch's PutMetricData carries many metrics in one call).
   */
  public List<FieldError> problems(MetricBatch batch) {
    return batch.validate(clock.instant());
  }

  /**
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public void put(Caller caller, MetricBatch batch, Consumer<List<FieldError>> requireValid) {
    Account account = caller.account();
    // One reading of the clock: the checks and the points without a time agree on "now".
    Instant now = clock.instant();
    requireValid.accept(batch.validate(now));
    try {
      sink.put(
          account.id(),
          batch.namespace(),
          batch.metricName(),
          batch.dimensions() == null ? Map.of() : Map.copyOf(batch.dimensions()),
          batch.metricPoints(now));
    } catch (MetricLimitExceeded e) {
      // docs/spec/admin-api.md lists LimitExceeded with the 400s; 429 is Throttling, a rate, not a
      // bound.
      throw new ApiException(400, "LimitExceeded", e.getMessage(), List.of());
    }
  }
}
