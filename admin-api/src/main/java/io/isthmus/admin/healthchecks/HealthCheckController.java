package io.isthmus.admin.healthchecks;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.healthchecks.HealthCheckSpec.CalculatedSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec.HttpSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec.MetricSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec.TcpSpec;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.web.JsonInput;
import io.isthmus.admin.web.PageJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /v1/healthchecks}: JSON in and out; the rules live in {@link HealthCheckService}. */
@RestController
@RequestMapping("/v1/healthchecks")
class HealthCheckController {
  private final HealthCheckService checks;
  private final HealthCheckDataPoints dataPoints;

  HealthCheckController(HealthCheckService checks, HealthCheckDataPoints dataPoints) {
    this.checks = checks;
    this.dataPoints = dataPoints;
  }

  @PostMapping
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = HealthCheckSpec.class)))
  ResponseEntity<HealthCheckJson> create(
      Caller caller, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    JsonValues raw = new JsonValues();
    HealthCheckSpec spec = read(in, body, raw);
    HealthCheckJson created =
        HealthCheckJson.of(
            checks.create(caller, spec, errors -> in.requireValid(raw.withRuleErrors(errors))));
    URI location = URI.create("/v1/healthchecks/" + created.id());
    return ResponseEntity.created(location).body(created);
  }

  @GetMapping
  PageJson<HealthCheckJson> list(
      Caller caller,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    return PageJson.of(
        checks.list(caller, PageRequest.parse(maxItems, nextToken)), HealthCheckJson::of);
  }

  @GetMapping("/{id}")
  HealthCheckJson get(Caller caller, @PathVariable String id) {
    return HealthCheckJson.of(checks.get(caller, id));
  }

  /** Each field given replaces the check's, within a part too; see {@link HealthCheckSpec}. */
  @PatchMapping("/{id}")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content = @Content(schema = @Schema(implementation = HealthCheckSpec.class)))
  HealthCheckJson update(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    JsonInput in = JsonInput.of(body);
    JsonValues raw = new JsonValues();
    HealthCheckSpec patch = read(in, body, raw);
    return HealthCheckJson.of(
        checks.update(caller, id, patch, errors -> in.requireValid(raw.withRuleErrors(errors))));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    checks.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{id}/status")
  HealthStatusJson status(Caller caller, @PathVariable String id) {
    return HealthStatusJson.of(checks.status(caller, id));
  }

  /** A METRIC check's series, for a chart of it against the threshold. */
  @GetMapping("/{id}/datapoints")
  HealthCheckDataPointsJson datapoints(Caller caller, @PathVariable String id) {
    return HealthCheckDataPointsJson.of(dataPoints.of(caller, id));
  }

  /**
   * The spec of a request body. Members of the wrong JSON type are reported by {@code in} (or
   * {@code raw}, for what {@code JsonInput} cannot read) and read as null.
   */
  private static HealthCheckSpec read(JsonInput in, JsonNode body, JsonValues raw) {
    JsonInput metric = in.object("metric");
    JsonNode metricNode = JsonValues.member(body, "metric");
    JsonInput tcp = in.object("tcp");
    JsonInput http = in.object("http");
    JsonInput calculated = in.object("calculated");
    return new HealthCheckSpec(
        in.string("type"),
        metric == null
            ? null
            : new MetricSpec(
                metric.string("namespace"),
                metric.string("metricName"),
                raw.stringMap(metricNode, "dimensions", "metric.dimensions"),
                metric.string("statistic"),
                metric.int32("periodSeconds"),
                metric.int32("evaluationPeriods"),
                metric.int32("datapointsToAlarm"),
                metric.string("comparison"),
                raw.finiteNumber(metricNode, "threshold", "metric.threshold")),
        tcp == null ? null : new TcpSpec(tcp.string("ip"), tcp.int32("port")),
        http == null ? null : new HttpSpec(http.string("url"), http.string("searchString")),
        calculated == null
            ? null
            : new CalculatedSpec(
                calculated.strings("childHealthChecks"), calculated.int32("healthThreshold")),
        in.int32("intervalSeconds"),
        in.int32("failureThreshold"),
        in.string("insufficientDataHealthStatus"),
        in.bool("inverted"),
        in.bool("disabled"));
  }
}
