package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.healthchecks.MetricBatch;
import io.isthmus.admin.healthchecks.MetricService;
import io.isthmus.config.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PutMetricData: each item of {@code MetricData} becomes a batch of points of one metric for the
 * {@link MetricService}, which {@code /v1/metrics} uses too, so the rules (names, dimensions, how
 * old or new a point may be) are the same. Every item is checked before any is put. Thread-safe.
 */
final class MetricDataPut {
  /** CloudWatch's bound on the items of one call, and the metric service's on a batch's points. */
  private static final int MAX_ITEMS = 1000;

  private static final int MAX_POINTS = 1000;

  private final MetricService metrics;

  MetricDataPut(MetricService metrics) {
    this.metrics = metrics;
  }

  /** One item read: its batch, or null when the item was too wrong to make one. */
  private record Item(Params params, String valuesField, MetricBatch batch) {}

  void put(Caller caller, Params params) {
    Problems problems = params.problems();
    String namespace = params.requiredString("Namespace");
    List<Params> data = params.list("MetricData");
    if (data == null && !params.has("MetricData")) {
      problems.missing("MetricData");
    }
    if (data != null && (data.isEmpty() || data.size() > MAX_ITEMS)) {
      problems.invalid("MetricData", "must list 1 to " + MAX_ITEMS + " items");
    }
    List<Item> items = new ArrayList<>();
    for (Params datum : data == null ? List.<Params>of() : data) {
      items.add(item(namespace, datum));
    }
    // What reading found about a parameter (e.g. a missing name) is enough said about it.
    Set<String> alreadyReported = problems.fields();
    for (Item item : items) {
      if (item.batch() != null) {
        for (FieldError error : metrics.problems(item.batch())) {
          report(item, error, problems, alreadyReported);
        }
      }
    }
    problems.throwIfAny();
    for (Item item : items) {
      metrics.put(
          caller,
          item.batch(),
          errors -> {
            // A point can age out of the retention between the check above and here.
            Problems late = new Problems();
            errors.forEach(error -> report(item, error, late, Set.of()));
            late.throwIfAny();
          });
    }
  }

  private static Item item(String namespace, Params datum) {
    String metricName = datum.requiredString("MetricName");
    Map<String, String> dimensions = Dimensions.read(datum);
    Instant timestamp = datum.time("Timestamp");
    if (datum.has("StatisticValues")) {
      datum
          .problems()
          .invalid(
              datum.path("StatisticValues"),
              "is not supported by Isthmus: send Value, or Values with Counts");
    }
    String valuesField = datum.has("Values") ? "Values" : "Value";
    List<Double> values = values(datum);
    if (values == null) {
      return new Item(datum, valuesField, null);
    }
    List<MetricBatch.Point> points =
        values.stream().map(value -> new MetricBatch.Point(timestamp, value)).toList();
    return new Item(datum, valuesField, new MetricBatch(namespace, metricName, dimensions, points));
  }

  /** The item's values, each repeated as often as its count says; null when they are wrong. */
  private static List<Double> values(Params datum) {
    Problems problems = datum.problems();
    Double value = datum.number("Value");
    List<Double> values = datum.numbers("Values");
    List<Double> counts = datum.numbers("Counts");
    if (datum.has("Value") && datum.has("Values")) {
      problems.invalid(datum.path("Values"), "cannot be given with Value");
      return null;
    }
    if (value != null && counts != null) {
      problems.invalid(datum.path("Counts"), "goes with Values, not with Value");
      return null;
    }
    if (value != null) {
      return List.of(value);
    }
    if (values == null) {
      if (!datum.has("Value") && !datum.has("Values") && !datum.has("StatisticValues")) {
        problems.missing(datum.path("Value"));
      }
      return null;
    }
    if (values.isEmpty()) {
      problems.invalid(datum.path("Values"), "must list at least one value");
      return null;
    }
    if (counts != null && counts.size() != values.size()) {
      problems.invalid(datum.path("Counts"), "must list as many counts as Values lists values");
      return null;
    }
    return repeated(datum, values, counts);
  }

  private static List<Double> repeated(Params datum, List<Double> values, List<Double> counts) {
    List<Double> points = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      Double value = values.get(i);
      Double count = counts == null ? Double.valueOf(1) : counts.get(i);
      if (value == null || count == null) {
        return null; // already reported
      }
      if (count < 0 || count != Math.rint(count)) {
        datum.problems().invalid(datum.path("Counts"), "must be whole numbers of 0 or more");
        return null;
      }
      if (points.size() + count > MAX_POINTS) {
        datum
            .problems()
            .invalid(
                datum.path("Counts"),
                "add up to more than " + MAX_POINTS + " points, the most one item may carry");
        return null;
      }
      points.addAll(Collections.nCopies(count.intValue(), value));
    }
    return points;
  }

  /** A problem the metric service found, under the item's parameter it comes from. */
  private static void report(
      Item item, FieldError error, Problems problems, Set<String> alreadyReported) {
    Params datum = item.params();
    String field = error.field();
    String parameter;
    String message = error.message();
    if (field.equals("namespace")) {
      parameter = "Namespace";
    } else if (field.equals("metricName")) {
      parameter = datum.path("MetricName");
    } else if (field.startsWith("dimensions.")) {
      parameter = datum.path("Dimensions");
      message = "has a value of " + field.substring("dimensions.".length()) + " that " + message;
    } else if (field.equals("dimensions")) {
      parameter = datum.path("Dimensions");
    } else if (field.endsWith(".timestamp")) {
      parameter = datum.path("Timestamp");
    } else if (field.equals("points")) {
      parameter = datum.path(item.valuesField());
      message = "makes " + item.batch().points().size() + " points; " + message;
    } else {
      parameter = datum.path(item.valuesField());
    }
    if (!alreadyReported.contains(parameter)) {
      problems.invalid(parameter, message);
    }
  }
}
