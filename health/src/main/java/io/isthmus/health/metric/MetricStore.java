package io.isthmus.health.metric;

import io.isthmus.config.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data points clients push ({@code POST /v1/metrics}), kept in memory for as long as a metric
 * alarm can look back (docs/spec/health.md "Metrics").
 *
 * <p>Memory is bounded three ways: points older than the retention are dropped (the health monitor
 * sets it to the longest alarm window in use; never more than 24 h), an account holds at most
 * {@code maxSeriesPerAccount} series, and a series at most {@code maxPointsPerSeries} points (the
 * oldest go first). Worst case: accounts × series × points × 16 bytes.
 *
 * <p>A push is all or nothing: it is validated whole, then the series limit is checked, and only
 * then is anything stored. Thread-safe: pushes come from HTTP threads, reads from the evaluator;
 * each series has its own lock, an account's lock is taken only to create or unlink a series.
 */
public final class MetricStore {
  /** CloudWatch keeps what an alarm can see; more than a day is never needed here. */
  public static final Duration MAX_RETENTION = Duration.ofHours(24);

  /** Clients' clocks run ahead by a little; CloudWatch-like tolerance (docs/spec/admin-api.md). */
  public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  public static final int DEFAULT_MAX_SERIES_PER_ACCOUNT = 1_000;

  /** One point every 10 s for 24 h fits. */
  public static final int DEFAULT_MAX_POINTS_PER_SERIES = 10_000;

  /** CloudWatch's limits for one PutMetricData: 30 dimensions, 1000 values. */
  public static final int MAX_DIMENSIONS = 30;

  public static final int MAX_POINTS_PER_PUT = 1_000;
  public static final int MAX_NAME_LENGTH = 255;
  public static final int MAX_DIMENSION_VALUE_LENGTH = 1_024;

  private final Clock clock;
  private final int maxSeriesPerAccount;
  private final int maxPointsPerSeries;
  private final ConcurrentHashMap<String, AccountSeries> accounts = new ConcurrentHashMap<>();
  private volatile long retentionMillis = MAX_RETENTION.toMillis();

  public MetricStore(Clock clock) {
    this(clock, DEFAULT_MAX_SERIES_PER_ACCOUNT, DEFAULT_MAX_POINTS_PER_SERIES);
  }

  public MetricStore(Clock clock, int maxSeriesPerAccount, int maxPointsPerSeries) {
    if (maxSeriesPerAccount < 1 || maxPointsPerSeries < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxSeriesPerAccount = maxSeriesPerAccount;
    this.maxPointsPerSeries = maxPointsPerSeries;
  }

  /**
   * Stores the points of one series, all or nothing.
   *
   * @param points a null timestamp means now
   * @throws MetricValidationException listing every invalid field; nothing stored
   * @throws SeriesLimitExceededException the series is new and the account is full; nothing stored
   */
  public void put(
      String accountId,
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      List<DataPoint> points) {
    Objects.requireNonNull(accountId, "accountId");
    Instant now = clock.instant();
    List<FieldError> errors = validate(namespace, metricName, dimensions, points, now);
    if (!errors.isEmpty()) {
      throw new MetricValidationException(errors);
    }
    store(new SeriesKey(accountId, namespace, metricName, dimensions), points, now);
  }

  /**
   * Checks, without storing anything, that a push to {@code key} would not exceed the account's
   * series limit as this store knows it: when points first go to the shared store, the limit is
   * checked here before, with the same error as {@link #put}.
   *
   * @throws SeriesLimitExceededException the series is new and the account is full
   */
  public void requireRoom(SeriesKey key) {
    AccountSeries account = accounts.get(key.accountId());
    if (account != null) {
      account.requireRoom(key, maxSeriesPerAccount);
    }
  }

  /**
   * Stores points that were validated when they were pushed (to this node or another, and read back
   * from the shared store), so they are not validated again. The memory bounds apply as to {@link
   * #put}: points past the retention are dropped (a series is not even created for them), and a
   * series holds at most its cap of points.
   *
   * @param points a null timestamp means now
   * @throws SeriesLimitExceededException the series is new and the account is full; nothing stored
   */
  public void restore(SeriesKey key, List<DataPoint> points) {
    Instant now = clock.instant();
    long cutoff = now.toEpochMilli() - retentionMillis;
    List<DataPoint> live = new ArrayList<>(points.size());
    for (DataPoint point : points) {
      if (point.timestamp() == null || point.timestamp().toEpochMilli() >= cutoff) {
        live.add(point);
      }
    }
    if (!live.isEmpty()) {
      store(key, live, now);
    }
  }

  private void store(SeriesKey key, List<DataPoint> points, Instant now) {
    long[] times = new long[points.size()];
    double[] values = new double[points.size()];
    for (int i = 0; i < times.length; i++) {
      DataPoint point = points.get(i);
      times[i] = (point.timestamp() == null ? now : point.timestamp()).toEpochMilli();
      values[i] = point.value();
    }
    AccountSeries account = accounts.computeIfAbsent(key.accountId(), id -> new AccountSeries());
    long cutoff = now.toEpochMilli() - retentionMillis;
    while (true) {
      Series series = account.series.get(key);
      if (series == null) {
        series = account.create(key, key.accountId(), maxSeriesPerAccount);
      }
      if (series.add(times, values, cutoff, maxPointsPerSeries)) {
        return;
      }
      // Unlinked by eviction between the lookup and the add: look it up again.
    }
  }

  /**
   * Every problem with a push, each naming its field as the API body does ({@code namespace},
   * {@code dimensions[InstanceId]}, {@code points[2].timestamp}); empty if the push is valid now.
   * {@link #put} calls it; the API may call it first to report these together with its own.
   */
  public List<FieldError> validate(
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      List<DataPoint> points,
      Instant now) {
    List<FieldError> errors = new ArrayList<>();
    checkName(errors, "namespace", namespace, MAX_NAME_LENGTH);
    checkName(errors, "metricName", metricName, MAX_NAME_LENGTH);
    if (dimensions != null) {
      if (dimensions.size() > MAX_DIMENSIONS) {
        errors.add(new FieldError("dimensions", "at most " + MAX_DIMENSIONS + " dimensions"));
      }
      for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
        String field = "dimensions[" + dimension.getKey() + "]";
        if (dimension.getKey() == null
            || dimension.getKey().isEmpty()
            || dimension.getKey().length() > MAX_NAME_LENGTH
            || hasControl(dimension.getKey())) {
          errors.add(
              new FieldError(
                  field,
                  "dimension name must be 1 to "
                      + MAX_NAME_LENGTH
                      + " characters without control characters"));
        }
        checkName(errors, field, dimension.getValue(), MAX_DIMENSION_VALUE_LENGTH);
      }
    }
    if (points == null || points.isEmpty()) {
      errors.add(new FieldError("points", "at least one point is required"));
      return errors;
    }
    if (points.size() > MAX_POINTS_PER_PUT) {
      errors.add(new FieldError("points", "at most " + MAX_POINTS_PER_PUT + " points per call"));
    }
    Instant latest = now.plus(MAX_FUTURE);
    Duration retention = retention();
    Instant oldest = now.minus(retention);
    for (int i = 0; i < points.size(); i++) {
      DataPoint point = points.get(i);
      String field = "points[" + i + "]";
      if (point == null) {
        errors.add(new FieldError(field, "a point is required"));
        continue;
      }
      if (Double.isNaN(point.value()) || Double.isInfinite(point.value())) {
        errors.add(new FieldError(field + ".value", "must be a finite number"));
      }
      Instant at = point.timestamp();
      if (at != null && at.isAfter(latest)) {
        errors.add(new FieldError(field + ".timestamp", "is more than 5 minutes in the future"));
      } else if (at != null && at.isBefore(oldest)) {
        errors.add(
            new FieldError(
                field + ".timestamp",
                "is older than the retention of " + Durations.words(retention)));
      }
    }
    return errors;
  }

  /**
   * The points of one series with a timestamp in [from, to), oldest first; empty if there is no
   * such series. Points past the retention are never returned, evicted yet or not.
   */
  public List<DataPoint> points(SeriesKey key, Instant from, Instant to) {
    AccountSeries account = accounts.get(key.accountId());
    Series series = account == null ? null : account.series.get(key);
    if (series == null) {
      return List.of();
    }
    long cutoff = clock.millis() - retentionMillis;
    return series.range(Math.max(from.toEpochMilli(), cutoff), to.toEpochMilli());
  }

  /**
   * How far back points are kept: the longest alarm window in use, clamped to (0, 24 h]. Shrinking
   * it hides older points at once and frees them at the next {@link #evictExpired()}.
   */
  public void setRetention(Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive: " + retention);
    }
    retentionMillis = Math.min(retention.toMillis(), MAX_RETENTION.toMillis());
  }

  public Duration retention() {
    return Duration.ofMillis(retentionMillis);
  }

  /**
   * Drops expired points everywhere and unlinks series left empty (which then no longer count
   * against the account's limit). Called periodically by the monitor; cost is linear in series.
   *
   * @return the number of series unlinked
   */
  public int evictExpired() {
    long cutoff = clock.millis() - retentionMillis;
    int unlinked = 0;
    for (AccountSeries account : accounts.values()) {
      for (Map.Entry<SeriesKey, Series> entry : account.series.entrySet()) {
        if (entry.getValue().trim(cutoff) && account.unlinkIfEmpty(entry.getKey())) {
          unlinked++;
        }
      }
    }
    return unlinked;
  }

  /** Series held for one account (for the LimitExceeded message and tests). */
  public int seriesCount(String accountId) {
    AccountSeries account = accounts.get(accountId);
    return account == null ? 0 : account.series.size();
  }

  /** Series held in total (a gauge for the application's metrics). */
  public int seriesCount() {
    int count = 0;
    for (AccountSeries account : accounts.values()) {
      count += account.series.size();
    }
    return count;
  }

  /** Points held in total (a gauge); walks every series. */
  public long pointCount() {
    long count = 0;
    for (AccountSeries account : accounts.values()) {
      for (Series series : account.series.values()) {
        count += series.size();
      }
    }
    return count;
  }

  public int maxSeriesPerAccount() {
    return maxSeriesPerAccount;
  }

  private static void checkName(List<FieldError> errors, String field, String value, int max) {
    if (value == null || value.isEmpty()) {
      errors.add(new FieldError(field, "is required"));
    } else if (value.length() > max) {
      errors.add(new FieldError(field, "at most " + max + " characters"));
    } else if (hasControl(value)) {
      errors.add(new FieldError(field, "must not contain control characters"));
    }
  }

  private static boolean hasControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The series of one account. Lookups go through the concurrent map without locking; creating and
   * unlinking a series hold this object's lock so the count against the limit stays exact.
   */
  private static final class AccountSeries {
    final ConcurrentHashMap<SeriesKey, Series> series = new ConcurrentHashMap<>();

    synchronized Series create(SeriesKey key, String accountId, int limit) {
      Series existing = series.get(key);
      if (existing != null) {
        return existing;
      }
      if (series.size() >= limit) {
        throw new SeriesLimitExceededException(accountId, limit);
      }
      Series created = new Series();
      series.put(key, created);
      return created;
    }

    synchronized void requireRoom(SeriesKey key, int limit) {
      if (!series.containsKey(key) && series.size() >= limit) {
        throw new SeriesLimitExceededException(key.accountId(), limit);
      }
    }

    synchronized boolean unlinkIfEmpty(SeriesKey key) {
      Series current = series.get(key);
      if (current != null && current.removeIfEmpty()) {
        series.remove(key);
        return true;
      }
      return false;
    }
  }
}
