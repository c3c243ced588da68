package io.isthmus.config;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One data point of one series as the shared store keeps it. {@code id} is the store's number (0
 * before it is appended). Dimensions are kept sorted by name, so equal series compare equal.
 * Immutable.
 */
public record StoredMetricPoint(
    long id,
    String accountId,
    String namespace,
    String metricName,
    Map<String, String> dimensions,
    Instant timestamp,
    double value) {
  public StoredMetricPoint {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(timestamp, "timestamp");
    dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
  }
}
