package io.isthmus.health.metric;

import java.util.Map;
import java.util.Objects;

/**
 * Names one time series: the account that pushed it, namespace, metric name and dimensions, as
 * CloudWatch does. Two keys with the same dimensions in another order are equal. Immutable.
 */
public record SeriesKey(
    String accountId, String namespace, String metricName, Map<String, String> dimensions) {
  public SeriesKey {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(metricName, "metricName");
    dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
  }
}
