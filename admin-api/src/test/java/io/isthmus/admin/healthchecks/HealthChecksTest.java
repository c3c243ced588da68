package io.isthmus.admin.healthchecks;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HealthChecksTest extends ResolverApiTestSupport {
  private static final String CHECKS = "/v1/healthchecks";

  private static final String UUID_SHAPE =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired ConfigStore store;

  /** Compared as trees, so that the order of members does not matter. */
  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  private static String metricBody() {
    return """
        {"type":"METRIC","metric":{"namespace":"App/Web","metricName":"Latency",
         "dimensions":{"Host":"web-1","Zone":"a"},"statistic":"Average","periodSeconds":60,
         "evaluationPeriods":3,"comparison":"GreaterThanThreshold","threshold":0.5}}
        """;
  }

  private String createCheck(Acct owner, String body) {
    return post(CHECKS, owner.token(), body).expect(201).text("/id");
  }

  private String tcpCheck(Acct owner) {
    return createCheck(owner, "{\"type\":\"TCP\",\"tcp\":{\"ip\":\"10.0.0.5\",\"port\":5432}}");
  }

  private static String calculatedBody(int threshold, String... children) {
    List<String> quoted = new ArrayList<>();
    for (String child : children) {
      quoted.add("\"" + child + "\"");
    }
    return "{\"type\":\"CALCULATED\",\"calculated\":{\"childHealthChecks\":["
        + String.join(",", quoted)
        + "],\"healthThreshold\":"
        + threshold
        + "}}";
  }

  @Test
  void aMetricCheckIsCreatedWithEveryDefaultFilledIn() {
    Acct acct = account("hc-metric");

    Reply reply = post(CHECKS, acct.token(), metricBody()).expect(201);

    String id = reply.text("/id");
    assertThat(id).matches(UUID_SHAPE);
    assertThat(reply.raw().getHeader("Location")).isEqualTo(CHECKS + "/" + id);
    assertThat(reply.text("/accountId")).isEqualTo(acct.id());
    assertThat(reply.text("/type")).isEqualTo("METRIC");
    JsonNode metric = reply.body().get("metric");
    assertThat(metric)
        .isEqualTo(
            json(
                "{\"namespace\":\"App/Web\",\"metricName\":\"Latency\","
                    + "\"dimensions\":{\"Host\":\"web-1\",\"Zone\":\"a\"},\"statistic\":\"Average\","
                    + "\"periodSeconds\":60,\"evaluationPeriods\":3,\"datapointsToAlarm\":3,"
                    + "\"comparison\":\"GreaterThanThreshold\",\"threshold\":0.5}"));
    assertThat(reply.body().get("intervalSeconds").intValue()).isEqualTo(30);
    assertThat(reply.body().get("failureThreshold").intValue()).isEqualTo(3);
    assertThat(reply.text("/insufficientDataHealthStatus")).isEqualTo("LastKnownStatus");
    assertThat(reply.body().get("inverted").booleanValue()).isFalse();
    assertThat(reply.body().get("disabled").booleanValue()).isFalse();
    assertThat(reply.body().has("tcp")).isFalse();
    assertThat(reply.body().has("http")).isFalse();
    assertThat(reply.body().has("calculated")).isFalse();
    assertThat(get(CHECKS + "/" + id, acct.token()).expect(200).body()).isEqualTo(reply.body());

    HealthCheck stored = store.healthCheck(id).orElseThrow();
    assertThat(stored.metric().statistic()).isEqualTo(HealthCheck.Statistic.AVERAGE);
    assertThat(stored.metric().datapointsToAlarm()).isEqualTo(3);
    assertThat(stored.insufficientDataHealthStatus())
        .isEqualTo(HealthCheck.InsufficientData.LAST_KNOWN_STATUS);
  }

  @Test
  void everyTypeKeepsWhatItWasGiven() {
    Acct acct = account("hc-types");

    Reply tcp =
        post(
                CHECKS,
                acct.token(),
                """
                {"type":"TCP","tcp":{"ip":"fd00::53","port":53},"intervalSeconds":10,
                 "failureThreshold":1,"insufficientDataHealthStatus":"Unhealthy",
                 "inverted":true,"disabled":true}
                """)
            .expect(201);
    assertThat(tcp.body().get("tcp"))
        .isEqualTo(json("{\"ip\":\"fd00:0:0:0:0:0:0:53\",\"port\":53}"));
    assertThat(tcp.body().get("intervalSeconds").intValue()).isEqualTo(10);
    assertThat(tcp.body().get("failureThreshold").intValue()).isEqualTo(1);
    assertThat(tcp.text("/insufficientDataHealthStatus")).isEqualTo("Unhealthy");
    assertThat(tcp.body().get("inverted").booleanValue()).isTrue();
    assertThat(tcp.body().get("disabled").booleanValue()).isTrue();

    Reply http =
        post(
                CHECKS,
                acct.token(),
                """
                {"type":"HTTP","http":{"url":"http://10.0.0.7:8080/health","searchString":"OK"}}
                """)
            .expect(201);
    assertThat(http.body().get("http"))
        .isEqualTo(json("{\"url\":\"http://10.0.0.7:8080/health\",\"searchString\":\"OK\"}"));

    Reply https =
        post(
                CHECKS,
                acct.token(),
                "{\"type\":\"HTTPS\",\"http\":{\"url\":\"https://app.internal/\",\"searchString\":\"\"}}")
            .expect(201);
    assertThat(https.body().get("http")).isEqualTo(json("{\"url\":\"https://app.internal/\"}"));

    String tcpId = tcp.text("/id");
    String httpId = http.text("/id");
    Reply calculated = post(CHECKS, acct.token(), calculatedBody(1, httpId, tcpId)).expect(201);
    assertThat(calculated.body().get("calculated"))
        .isEqualTo(
            json(
                "{\"childHealthChecks\":[\"%s\",\"%s\"],\"healthThreshold\":1}"
                    .formatted(httpId, tcpId)));
    Reply empty = post(CHECKS, acct.token(), calculatedBody(0)).expect(201);
    assertThat(empty.body().get("calculated"))
        .isEqualTo(json("{\"childHealthChecks\":[],\"healthThreshold\":0}"));

    for (Reply created : List.of(tcp, http, https, calculated, empty)) {
      assertThat(get(CHECKS + "/" + created.text("/id"), acct.token()).expect(200).body())
          .isEqualTo(created.body());
    }
  }

  @Test
  void everyInvalidFieldIsListedAtOnceAndNothingIsStored() {
    Acct acct = account("hc-sloppy");
    long version = store.version();
    int checks = store.healthChecks().size();
    String longName = "n".repeat(256);

    Reply reply =
        post(
                CHECKS,
                acct.token(),
                """
                {"type":"METRIC","tcp":{"ip":"10.0.0.1","port":1},
                 "metric":{"namespace":"","metricName":"%s",
                  "dimensions":{"":"x","Host":"","Zone":"%s"},
                  "statistic":"Median","periodSeconds":0,"evaluationPeriods":0,
                  "datapointsToAlarm":0,"comparison":"Above"},
                 "intervalSeconds":301,"failureThreshold":0,
                 "insufficientDataHealthStatus":"Unknown"}
                """
                    .formatted(longName, longName))
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields())
        .containsExactly(
            "tcp",
            "metric.namespace",
            "metric.metricName",
            "metric.dimensions",
            "metric.dimensions.Host",
            "metric.dimensions.Zone",
            "metric.statistic",
            "metric.periodSeconds",
            "metric.evaluationPeriods",
            "metric.datapointsToAlarm",
            "metric.comparison",
            "metric.threshold",
            "intervalSeconds",
            "failureThreshold",
            "insufficientDataHealthStatus");
    assertThat(reply.text("/errors/0/message")).isEqualTo("only a TCP check has tcp");
    assertThat(reply.text("/errors/6/message"))
        .isEqualTo("must be one of Average, Sum, Minimum, Maximum, SampleCount");
    assertThat(reply.text("/errors/10/message"))
        .isEqualTo(
            "must be one of GreaterThanThreshold, GreaterThanOrEqualToThreshold, "
                + "LessThanThreshold, LessThanOrEqualToThreshold");
    assertThat(reply.text("/errors/14/message"))
        .isEqualTo("must be one of Healthy, Unhealthy, LastKnownStatus");
    assertThat(store.version()).isEqualTo(version);
    assertThat(store.healthChecks()).hasSize(checks);
  }

  @Test
  void theAlarmMustFitTheRetentionAndDatapointsTheEvaluationPeriods() {
    Acct acct = account("hc-window");
    String body =
        """
        {"type":"METRIC","metric":{"namespace":"N","metricName":"M","statistic":"Sum",
         "periodSeconds":%d,"evaluationPeriods":%d,"datapointsToAlarm":%d,
         "comparison":"LessThanThreshold","threshold":1}}
        """;

    Reply tooLong =
        post(CHECKS, acct.token(), body.formatted(3600, 25, 26)).problem(400, "InvalidInput");
    assertThat(tooLong.errorFields())
        .containsExactly("metric.evaluationPeriods", "metric.datapointsToAlarm");
    assertThat(tooLong.text("/errors/0/message")).contains("86400").contains("retention");
    assertThat(tooLong.text("/errors/1/message"))
        .isEqualTo("must be within 1..evaluationPeriods (25), default: all");

    Reply tooLongPeriod =
        post(CHECKS, acct.token(), body.formatted(86_401, 1, 1)).problem(400, "InvalidInput");
    assertThat(tooLongPeriod.errorFields()).containsExactly("metric.periodSeconds");

    // Exactly a day is the most: 24 periods of an hour, 2 of them to alarm.
    Reply day = post(CHECKS, acct.token(), body.formatted(3600, 24, 2)).expect(201);
    assertThat(day.body().at("/metric/datapointsToAlarm").intValue()).isEqualTo(2);
    assertThat(day.body().at("/metric/threshold").doubleValue()).isEqualTo(1.0);
  }

  @Test
  void exactlyThePartOfTheTypeMustBeGiven() {
    Acct acct = account("hc-parts");

    Reply missing =
        post(CHECKS, acct.token(), "{\"type\":\"TCP\",\"metric\":{}}").problem(400, "InvalidInput");
    assertThat(missing.errorFields()).containsExactly("metric", "tcp");
    assertThat(missing.text("/errors/1/message")).isEqualTo("a TCP check needs tcp");

    Reply scheme =
        post(CHECKS, acct.token(), "{\"type\":\"HTTP\",\"http\":{\"url\":\"https://10.0.0.1/\"}}")
            .problem(400, "InvalidInput");
    assertThat(scheme.errorFields()).containsExactly("http.url");
    assertThat(scheme.text("/errors/0/message")).isEqualTo("an HTTP check needs an http:// URL");

    Reply noType =
        post(
                CHECKS,
                acct.token(),
                """
                {"tcp":{"ip":"db.internal","port":70000},
                 "http":{"url":"ftp://x/","searchString":"%s"},
                 "calculated":{"healthThreshold":-1}}
                """
                    .formatted("s".repeat(256)))
            .problem(400, "InvalidInput");
    // With no type every part given is checked on its own, so nothing waits for a second try.
    assertThat(noType.errorFields())
        .containsExactly(
            "type",
            "tcp.ip",
            "tcp.port",
            "http.url",
            "http.searchString",
            "calculated.childHealthChecks",
            "calculated.healthThreshold");
    assertThat(noType.text("/errors/0/message")).isEqualTo("type is required");
    assertThat(noType.text("/errors/1/message")).contains("names are not used");

    Reply unknown = post(CHECKS, acct.token(), "{\"type\":\"PING\"}").problem(400, "InvalidInput");
    assertThat(unknown.text("/errors/0/message"))
        .isEqualTo("must be one of METRIC, TCP, HTTP, HTTPS, CALCULATED");

    Reply noHost =
        post(CHECKS, acct.token(), "{\"type\":\"HTTPS\",\"http\":{\"url\":\"https:/path\"}}")
            .problem(400, "InvalidInput");
    assertThat(noHost.errorFields()).containsExactly("http.url");
  }

  @Test
  void wrongJsonTypesAndNumbersThatAreNotFiniteAreListedWithTheRest() {
    Acct acct = account("hc-json");
    long version = store.version();

    Reply reply =
        post(
                CHECKS,
                acct.token(),
                """
                {"type":"METRIC","metric":{"namespace":"N","metricName":"M",
                  "dimensions":{"Host":7},"statistic":"Sum","periodSeconds":"60",
                  "evaluationPeriods":1.5,"comparison":"LessThanThreshold","threshold":"NaN"},
                 "inverted":"yes"}
                """)
            .problem(400, "InvalidInput");
    assertThat(reply.errorFields())
        .containsExactly(
            "metric.periodSeconds",
            "metric.evaluationPeriods",
            "inverted",
            "metric.dimensions.Host",
            "metric.threshold");
    assertThat(reply.text("/errors/4/message")).isEqualTo("must be a number");

    for (String huge : List.of("1e999", "-1e400", "1" + "0".repeat(400))) {
      Reply infinite =
          post(
                  CHECKS,
                  acct.token(),
                  metricBody().replace("\"threshold\":0.5", "\"threshold\":" + huge))
              .problem(400, "InvalidInput");
      assertThat(infinite.errorFields()).as(huge).containsExactly("metric.threshold");
      assertThat(infinite.text("/errors/0/message")).startsWith("must be a finite number");
    }
    assertThat(store.version()).isEqualTo(version);
  }

  @Test
  void childrenMustBeTheCallersOwnChecksAndNotCalculated() {
    Acct acct = account("hc-children");
    Acct other = account("hc-children-other");
    String own = tcpCheck(acct);
    String foreign = tcpCheck(other);
    String parent = createCheck(acct, calculatedBody(1, own));
    long version = store.version();

    Reply reply =
        post(
                CHECKS,
                acct.token(),
                calculatedBody(
                    257, own, foreign, UUID.randomUUID().toString(), parent, own, "not-an-id"))
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields())
        .containsExactly(
            "calculated.childHealthChecks[4]",
            "calculated.childHealthChecks[5]",
            "calculated.healthThreshold",
            "calculated.childHealthChecks[1]",
            "calculated.childHealthChecks[2]",
            "calculated.childHealthChecks[3]");
    assertThat(reply.text("/errors/0/message"))
        .isEqualTo("duplicates calculated.childHealthChecks[0]");
    assertThat(reply.text("/errors/1/message")).isEqualTo("must be a health check id");
    // Another account's check and one that does not exist read alike.
    assertThat(reply.text("/errors/3/message")).isEqualTo("no such health check");
    assertThat(reply.text("/errors/4/message")).isEqualTo("no such health check");
    assertThat(reply.text("/errors/5/message")).contains("children cannot be calculated");
    assertThat(store.version()).isEqualTo(version);
  }

  @Test
  void aPatchChangesTheFieldsGivenAndIsValidatedLikeACreate() {
    Acct acct = account("hc-patch");
    String id = createCheck(acct, metricBody());
    String path = CHECKS + "/" + id;

    Reply patched =
        patch(
                path,
                acct.token(),
                """
                {"metric":{"threshold":0.75,"evaluationPeriods":5},"intervalSeconds":60,
                 "inverted":true,"type":"METRIC"}
                """)
            .expect(200);
    assertThat(patched.body().at("/metric/threshold").doubleValue()).isEqualTo(0.75);
    assertThat(patched.body().at("/metric/evaluationPeriods").intValue()).isEqualTo(5);
    // Fields left out keep their values, inside the metric too.
    assertThat(patched.body().at("/metric/datapointsToAlarm").intValue()).isEqualTo(3);
    assertThat(patched.body().at("/metric/dimensions"))
        .isEqualTo(json("{\"Host\":\"web-1\",\"Zone\":\"a\"}"));
    assertThat(patched.body().get("intervalSeconds").intValue()).isEqualTo(60);
    assertThat(patched.body().get("inverted").booleanValue()).isTrue();
    assertThat(patched.body().get("failureThreshold").intValue()).isEqualTo(3);
    assertThat(get(path, acct.token()).expect(200).body()).isEqualTo(patched.body());

    // Dimensions given replace the map.
    Reply dimensions =
        patch(path, acct.token(), "{\"metric\":{\"dimensions\":{\"Db\":\"main\"}}}").expect(200);
    assertThat(dimensions.body().at("/metric/dimensions")).isEqualTo(json("{\"Db\":\"main\"}"));

    long version = store.version();
    Reply refused =
        patch(
                path,
                acct.token(),
                """
                {"type":"TCP","tcp":{"ip":"10.0.0.1","port":1},
                 "metric":{"datapointsToAlarm":6,"statistic":"Mean"},"failureThreshold":11}
                """)
            .problem(400, "InvalidInput");
    assertThat(refused.errorFields())
        .containsExactly(
            "type", "tcp", "metric.statistic", "metric.datapointsToAlarm", "failureThreshold");
    assertThat(refused.text("/errors/0/message")).contains("cannot change");
    assertThat(store.version()).isEqualTo(version);
    assertThat(get(path, acct.token()).expect(200).body()).isEqualTo(dimensions.body());
  }

  @Test
  void aPatchOfACalculatedCheckChecksItsNewChildren() {
    Acct acct = account("hc-patch-children");
    String first = tcpCheck(acct);
    String second = tcpCheck(acct);
    String parent = createCheck(acct, calculatedBody(1, first));
    String path = CHECKS + "/" + parent;

    Reply patched =
        patch(
                path,
                acct.token(),
                "{\"calculated\":{\"childHealthChecks\":[\"%s\",\"%s\"]}}".formatted(second, first))
            .expect(200);
    assertThat(patched.body().get("calculated"))
        .isEqualTo(
            json(
                "{\"childHealthChecks\":[\"%s\",\"%s\"],\"healthThreshold\":1}"
                    .formatted(second, first)));

    // A calculated check cannot be its own child: it is a calculated check.
    Reply self =
        patch(
                path,
                acct.token(),
                "{\"calculated\":{\"childHealthChecks\":[\"%s\"]}}".formatted(parent))
            .problem(400, "InvalidInput");
    assertThat(self.errorFields()).containsExactly("calculated.childHealthChecks[0]");

    // Its first child is now free of it only when it is no longer listed.
    patch(path, acct.token(), "{\"calculated\":{\"childHealthChecks\":[\"%s\"]}}".formatted(second))
        .expect(200);
    delete(CHECKS + "/" + first, acct.token()).expect(204);
  }

  @Test
  void listsHoldOwnChecksAndTheOperatorSeesAll() {
    Acct acct = account("hc-list");
    Acct other = account("hc-list-other");
    List<String> own = new ArrayList<>(List.of(tcpCheck(acct), tcpCheck(acct), tcpCheck(acct)));
    String foreign = tcpCheck(other);
    own.sort(null);

    Reply first = get(CHECKS + "?maxItems=2", acct.token()).expect(200);
    Reply second =
        get(CHECKS + "?maxItems=2&nextToken=" + first.text("/nextToken"), acct.token()).expect(200);
    List<String> ids = new ArrayList<>();
    first.body().get("items").forEach(item -> ids.add(item.get("id").stringValue()));
    second.body().get("items").forEach(item -> ids.add(item.get("id").stringValue()));
    assertThat(ids).containsExactlyElementsOf(own);
    assertThat(second.body().has("nextToken")).isFalse();

    List<String> all = new ArrayList<>();
    String token = null;
    do {
      Reply page =
          get(CHECKS + "?maxItems=1000" + (token == null ? "" : "&nextToken=" + token), OPERATOR)
              .expect(200);
      page.body().get("items").forEach(item -> all.add(item.get("id").stringValue()));
      token = page.body().has("nextToken") ? page.text("/nextToken") : null;
    } while (token != null);
    assertThat(all).containsAll(own).contains(foreign);

    get(CHECKS + "?maxItems=0", acct.token()).problem(400, "InvalidInput");
  }

  @Test
  void anotherAccountsCheckDoesNotExistAndTheOperatorOnlyReads() {
    Acct owner = account("hc-owner");
    Acct other = account("hc-other");
    String id = createCheck(owner, metricBody());
    String path = CHECKS + "/" + id;

    get(path, other.token()).problem(404, "NoSuchHealthCheck");
    get(path + "/status", other.token()).problem(404, "NoSuchHealthCheck");
    patch(path, other.token(), "{\"inverted\":true}").problem(404, "NoSuchHealthCheck");
    delete(path, other.token()).problem(404, "NoSuchHealthCheck");
    get(CHECKS + "/no-such-id", owner.token()).problem(404, "NoSuchHealthCheck");

    assertThat(get(path, OPERATOR).expect(200).text("/id")).isEqualTo(id);
    get(path + "/status", OPERATOR).expect(200);
    patch(path, OPERATOR, "{\"inverted\":true}").problem(403, "AccessDenied");
    delete(path, OPERATOR).problem(403, "AccessDenied");
    post(CHECKS, OPERATOR, metricBody()).problem(403, "AccessDenied");
    get(path, null).expect(401);

    assertThat(get(path, owner.token()).expect(200).body().get("inverted").booleanValue())
        .isFalse();
  }

  @Test
  void aCheckInUseByARecordSetOrACalculatedCheckCannotBeDeleted() {
    Acct acct = account("hc-in-use");
    String zoneId = zone(acct, "hc-in-use.example", vpc(acct, "us-east-1"));
    String used = tcpCheck(acct);
    String child = tcpCheck(acct);
    String parent = createCheck(acct, calculatedBody(1, child));
    store.write(
        w -> {
          // Written as a change batch would, whatever routing the batch validation allows today.
          w.putRecordSet(
              zoneId,
              RecordSet.routed(
                  "db.hc-in-use.example.",
                  "A",
                  60L,
                  List.of("10.0.0.1"),
                  "primary",
                  new RoutingPolicy.Failover(RoutingPolicy.Role.PRIMARY),
                  used));
          return null;
        });
    long version = store.version();

    Reply byRecordSet = delete(CHECKS + "/" + used, acct.token()).problem(409, "ResourceInUse");
    assertThat(byRecordSet.text("/detail"))
        .contains("record set db.hc-in-use.example. A primary of hosted zone " + zoneId);
    Reply byParent = delete(CHECKS + "/" + child, acct.token()).problem(409, "ResourceInUse");
    assertThat(byParent.text("/detail")).contains("calculated health check " + parent);
    assertThat(store.version()).isEqualTo(version);

    delete(CHECKS + "/" + parent, acct.token()).expect(204);
    delete(CHECKS + "/" + child, acct.token()).expect(204);
    get(CHECKS + "/" + child, acct.token()).problem(404, "NoSuchHealthCheck");
    get(CHECKS + "/" + parent, acct.token()).problem(404, "NoSuchHealthCheck");
    delete(CHECKS + "/" + child, acct.token()).problem(404, "NoSuchHealthCheck");
  }

  @Test
  void aChangeBatchMayNameOnlyTheZoneOwnersChecks() {
    Acct acct = account("hc-batch");
    Acct other = account("hc-batch-other");
    String zoneId = zone(acct, "hc-batch.example", vpc(acct, "us-east-1"));
    String own = tcpCheck(acct);
    String foreign = tcpCheck(other);
    String rrset =
        "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"%s.hc-batch.example\",\"type\":\"A\","
            + "\"ttl\":60,\"records\":[\"10.0.0.1\"],\"healthCheckId\":\"%s\"}}";

    Reply withForeign = changeBatch(acct, zoneId, rrset.formatted("f", foreign));
    withForeign.problem(400, "InvalidChangeBatch");
    assertThat(withForeign.errorFields()).contains("changes[0].rrset.healthCheckId");
    assertThat(healthCheckMessage(withForeign)).isEqualTo("unknown health check");
    Reply withMissing = changeBatch(acct, zoneId, rrset.formatted("m", UUID.randomUUID()));
    assertThat(healthCheckMessage(withMissing)).isEqualTo("unknown health check");

    // A simple record set may carry a check (as in Route 53); the check is then in use.
    changeBatch(acct, zoneId, rrset.formatted("o", own)).expect(200);
    delete(CHECKS + "/" + own, acct.token()).problem(409, "ResourceInUse");
  }

  private static String healthCheckMessage(Reply reply) {
    for (JsonNode error : reply.body().get("errors")) {
      if (error.get("field").stringValue().equals("changes[0].rrset.healthCheckId")) {
        return error.get("message").stringValue();
      }
    }
    return null;
  }

  @Test
  void theStatusIsTheEvaluatorsForOwnerAndOperator() {
    Acct acct = account("hc-status");
    String metric = createCheck(acct, metricBody());
    String tcp = tcpCheck(acct);

    Reply status = get(CHECKS + "/" + metric + "/status", acct.token()).expect(200);
    assertThat(status.body())
        .isEqualTo(
            json(
                "{\"status\":\"UNHEALTHY\",\"alarmState\":\"ALARM\","
                    + "\"since\":\"2025-03-01T11:59:00.123Z\","
                    + "\"reason\":\"3 of 3 periods Average breaching\",\"history\":["
                    + "{\"at\":\"2025-03-01T11:00:00.123Z\",\"status\":\"HEALTHY\",\"reason\":\"no data yet\"},"
                    + "{\"at\":\"2025-03-01T11:59:00.123Z\",\"status\":\"UNHEALTHY\","
                    + "\"reason\":\"3 of 3 periods Average breaching\"}]}"));

    Reply probe = get(CHECKS + "/" + tcp + "/status", OPERATOR).expect(200);
    assertThat(probe.body())
        .isEqualTo(json("{\"status\":\"HEALTHY\",\"reason\":\"probe succeeded\",\"history\":[]}"));
  }

  @Test
  void aMissingOrMalformedBodyIsInvalidInput() {
    Acct acct = account("hc-body");
    post(CHECKS, acct.token(), "[1]").problem(400, "InvalidInput");
    post(CHECKS, acct.token(), "{\"type\":").problem(400, "InvalidInput");
    String id = tcpCheck(acct);
    Reply empty = patch(CHECKS + "/" + id, acct.token(), "{}").expect(200);
    assertThat(empty.body()).isEqualTo(get(CHECKS + "/" + id, acct.token()).body());
  }
}
