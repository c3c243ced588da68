package io.isthmus.admin.aws.route53;

import static io.isthmus.admin.aws.route53.HealthCheckConfigXml.element;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.aws.route53.Route53Api.Answer;
import io.isthmus.admin.healthchecks.HealthCheckService;
import io.isthmus.admin.healthchecks.HealthCheckSpec;
import io.isthmus.admin.healthchecks.HealthStatusView;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.FieldError;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.MetricAlarm;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Route 53's health check operations (CreateHealthCheck, GetHealthCheck, ListHealthChecks,
 * UpdateHealthCheck, DeleteHealthCheck, GetHealthCheckStatus, GetHealthCheckCount) on the {@code
 * /v1} health check service: what they may do is what {@code /v1} allows, the types translated by
 * {@link HealthCheckTranslation}. Thread-safe.
 */
public final class Route53HealthChecks {
  private static final String PREFIX = "/2013-04-01/healthcheck";
  private static final Pattern CHECK = Pattern.compile(PREFIX + "/([^/]+)");
  private static final Pattern STATUS = Pattern.compile(PREFIX + "/([^/]+)/status");

  /** Route 53's default and largest page of ListHealthChecks. */
  static final int MAX_CHECKS_PER_PAGE = 100;

  /** Route 53's limit on a CallerReference (HealthCheckNonce). */
  static final int MAX_CALLER_REFERENCE = 64;

  private final ConfigReader store;
  private final HealthCheckService checks;

  public Route53HealthChecks(ConfigReader store, HealthCheckService checks) {
    this.store = store;
    this.checks = checks;
  }

  /** Whether the path is one of these operations' (healthcheck…, healthcheckcount). */
  static boolean serves(String path) {
    return path.startsWith(PREFIX);
  }

  /** The answer to a request whose path {@link #serves}; ApiExceptions are the caller's to map. */
  Answer handle(Caller caller, String method, String path, QueryRequest query, byte[] body) {
    Matcher check = CHECK.matcher(path);
    Matcher status = STATUS.matcher(path);
    if (path.equals(PREFIX) && method.equals("POST")) {
      return create(caller, body);
    }
    if (path.equals(PREFIX) && method.equals("GET")) {
      return list(caller, query);
    }
    if (path.equals(PREFIX + "count") && method.equals("GET")) {
      long count = store.healthChecks().stream().filter(c -> caller.canRead(c.accountId())).count();
      return new Answer.Done(
          200,
          Route53Api.response(
              "GetHealthCheckCountResponse", "<HealthCheckCount>" + count + "</HealthCheckCount>"));
    }
    if (status.matches() && method.equals("GET")) {
      return new Answer.Done(
          200,
          Route53Api.response(
              "GetHealthCheckStatusResponse",
              observations(checks.status(caller, status.group(1)))));
    }
    if (check.matches() && method.equals("GET")) {
      return new Answer.Done(
          200,
          Route53Api.response(
              "GetHealthCheckResponse", healthCheck(checks.get(caller, check.group(1)))));
    }
    if (check.matches() && method.equals("POST")) {
      return update(caller, check.group(1), body);
    }
    if (check.matches() && method.equals("DELETE")) {
      return delete(caller, check.group(1));
    }
    return Route53Api.unserved(method, path);
  }

  /**
   * CreateHealthCheck. A CLOUDWATCH_METRIC check copies the condition of the caller's alarm named
   * by AlarmIdentifier, which must exist; the alarm is read before the write, so an alarm deleted
   * meanwhile still leaves a check with a valid condition.
   */
  private Answer create(Caller caller, byte[] body) {
    Element root;
    try {
      root = RestXml.parse(body);
    } catch (RestXml.MalformedXml e) {
      return new Answer.Failed(AwsError.sender(400, "InvalidInput", e.getMessage()));
    }
    List<FieldError> errors = new ArrayList<>();
    if (!root.getLocalName().equals("CreateHealthCheckRequest")) {
      errors.add(new FieldError("CreateHealthCheckRequest", "the request element is required"));
    }
    String reference = RestXml.text(root, "CallerReference").orElse(null);
    if (reference == null || reference.isEmpty() || reference.length() > MAX_CALLER_REFERENCE) {
      errors.add(
          new FieldError(
              "CallerReference", "1 to " + MAX_CALLER_REFERENCE + " characters are required"));
    }
    Optional<Element> configElement = RestXml.child(root, "HealthCheckConfig");
    if (configElement.isEmpty()) {
      errors.add(new FieldError("HealthCheckConfig", "HealthCheckConfig is required"));
      throw ApiException.invalidInput(errors);
    }
    HealthCheckConfig config = HealthCheckConfigXml.read(configElement.get(), errors);
    boolean metric = "CLOUDWATCH_METRIC".equals(config.type());
    if (metric && !config.hasAlarm()) {
      // Only a create needs it: a METRIC check made through /v1 follows no alarm, yet updates.
      errors.add(new FieldError("AlarmIdentifier", "a CLOUDWATCH_METRIC check needs its alarm"));
    }
    MetricAlarm condition =
        metric ? FollowedAlarms.condition(store, caller.account().id(), config, errors) : null;
    HealthCheckSpec spec = HealthCheckTranslation.toSpec(config, condition, errors);
    HealthCheck check =
        checks.create(
            caller,
            spec,
            reference,
            metric ? config.alarmRegion() : null,
            metric ? config.alarmName() : null,
            requireValid(() -> errors));
    return new Answer.Done(
        201,
        Route53Api.response("CreateHealthCheckResponse", healthCheck(check)),
        PREFIX + "/" + check.id());
  }

  /** UpdateHealthCheck: see {@link HealthCheckUpdate}; the result must be a valid check. */
  private Answer update(Caller caller, String checkId, byte[] body) {
    Element root;
    try {
      root = RestXml.parse(body);
    } catch (RestXml.MalformedXml e) {
      return new Answer.Failed(AwsError.sender(400, "InvalidInput", e.getMessage()));
    }
    List<FieldError> errors = new ArrayList<>();
    HealthCheckUpdate request = HealthCheckUpdate.read(root, errors);
    // What the patch finds inside the write, from the check as it is then; fresh for each run.
    AtomicReference<List<FieldError>> patchErrors = new AtomicReference<>(List.of());
    HealthCheck updated =
        checks.update(
            caller,
            checkId,
            (writer, current) -> {
              List<FieldError> found = new ArrayList<>();
              patchErrors.set(found);
              return request.patch(writer, caller.account().id(), current, found);
            },
            requireValid(() -> concat(errors, patchErrors.get())));
    return new Answer.Done(
        200, Route53Api.response("UpdateHealthCheckResponse", healthCheck(updated)));
  }

  private static List<FieldError> concat(List<FieldError> first, List<FieldError> second) {
    List<FieldError> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /**
   * DeleteHealthCheck. Unlike Route 53, which deletes a check record sets still name, {@code /v1}
   * refuses it while a record set or a calculated check uses it: Route 53's HealthCheckInUse.
   */
  private Answer delete(Caller caller, String checkId) {
    try {
      checks.delete(caller, checkId);
    } catch (ApiException e) {
      if (e.code().equals("ResourceInUse")) {
        return new Answer.Failed(AwsError.sender(400, "HealthCheckInUse", e.detail()));
      }
      throw e;
    }
    return new Answer.Done(200, Route53Api.response("DeleteHealthCheckResponse", ""));
  }

  /**
   * ListHealthChecks: the caller's checks in id order; {@code marker} is the id of a page's first
   * check. More than 100 {@code maxitems} gives 100, as Route 53 does.
   */
  private Answer list(Caller caller, QueryRequest query) {
    int maxItems;
    try {
      maxItems =
          Integer.parseInt(query.get("maxitems").orElse(String.valueOf(MAX_CHECKS_PER_PAGE)));
    } catch (NumberFormatException e) {
      maxItems = 0;
    }
    if (maxItems < 1) {
      return new Answer.Failed(
          AwsError.sender(400, "InvalidInput", "maxitems must be a whole number of at least 1."));
    }
    int pageSize = Math.min(maxItems, MAX_CHECKS_PER_PAGE);
    String marker = query.get("marker").orElse(null);
    List<HealthCheck> visible =
        store.healthChecks().stream()
            .filter(c -> caller.canRead(c.accountId()))
            .filter(c -> marker == null || c.id().compareTo(marker) >= 0)
            .sorted(Comparator.comparing(HealthCheck::id))
            .limit(pageSize + 1L)
            .toList();
    boolean truncated = visible.size() > pageSize;
    StringBuilder xml = new StringBuilder("<HealthChecks>");
    visible.stream().limit(pageSize).forEach(c -> xml.append(healthCheck(c)));
    xml.append("</HealthChecks>");
    element(xml, "Marker", marker == null ? "" : marker);
    element(xml, "IsTruncated", truncated);
    if (truncated) {
      element(xml, "NextMarker", visible.get(pageSize).id());
    }
    element(xml, "MaxItems", maxItems);
    return new Answer.Done(200, Route53Api.response("ListHealthChecksResponse", xml.toString()));
  }

  private String healthCheck(HealthCheck check) {
    return HealthCheckXml.healthCheck(check, store.healthCheckOrigin(check.id()).orElse(null));
  }

  /**
   * The status as Route 53's health checkers report it: one observation, that of the node that
   * decides statuses, with the reason in words; CheckedTime is when the status last changed.
   */
  private static String observations(HealthStatusView view) {
    boolean healthy = view.status() == HealthStatusView.Status.HEALTHY;
    String reason =
        view.reason() == null || view.reason().isEmpty() ? view.status().name() : view.reason();
    StringBuilder xml =
        new StringBuilder("<HealthCheckObservations><HealthCheckObservation><StatusReport>");
    element(xml, "Status", (healthy ? "Success: " : "Failure: ") + reason);
    if (view.since() != null) {
      element(
          xml,
          "CheckedTime",
          DateTimeFormatter.ISO_INSTANT.format(view.since().truncatedTo(ChronoUnit.MILLIS)));
    }
    return xml.append("</StatusReport></HealthCheckObservation></HealthCheckObservations>")
        .toString();
  }

  /**
   * The check a {@code /v1} service runs inside its write: the request's problems (got when it
   * runs, after a patch found its own) and the rule errors under Route 53's names, in one
   * InvalidInput.
   */
  private static Consumer<List<FieldError>> requireValid(Supplier<List<FieldError>> requestErrors) {
    return ruleErrors -> {
      List<FieldError> all = HealthCheckRuleErrors.merged(requestErrors.get(), ruleErrors);
      if (!all.isEmpty()) {
        throw ApiException.invalidInput(all);
      }
    };
  }
}
