package io.isthmus.admin.healthchecks;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.web.JsonInput;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/metrics}: data points in, 204 out; the rules live in {@link MetricService}. */
@RestController
@RequestMapping("/v1/metrics")
class MetricController {
  private final MetricService metrics;

  MetricController(MetricService metrics) {
    this.metrics = metrics;
  }

  @PostMapping
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = MetricBatch.class)))
  ResponseEntity<Void> put(Caller caller, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    JsonValues raw = new JsonValues();
    MetricBatch batch =
        new MetricBatch(
            in.string("namespace"),
            in.string("metricName"),
            raw.stringMap(body, "dimensions", "dimensions"),
            points(body, raw));
    metrics.put(caller, batch, errors -> in.requireValid(raw.withRuleErrors(errors)));
    return ResponseEntity.noContent().build();
  }

  /** The points; an element that is not an object is reported and read as null. */
  private static List<MetricBatch.Point> points(JsonNode body, JsonValues raw) {
    List<JsonNode> elements = raw.array(body, "points", "points");
    if (elements == null) {
      return null;
    }
    List<MetricBatch.Point> points = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      String at = "points[" + i + "]";
      JsonNode element = elements.get(i);
      if (!element.isObject()) {
        raw.report(at, "must be a JSON object");
        points.add(null);
        continue;
      }
      points.add(
          new MetricBatch.Point(
              raw.time(element, "timestamp", at + ".timestamp"),
              raw.finiteNumber(element, "value", at + ".value")));
    }
    return points;
  }
}
