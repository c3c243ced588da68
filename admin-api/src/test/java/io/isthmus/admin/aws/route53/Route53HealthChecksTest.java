package io.isthmus.admin.aws.route53;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.aws.cloudwatch.AlarmDefinition;
import io.isthmus.config.Account;
import io.isthmus.config.CloudWatchAlarm;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.config.HealthCheckOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Route 53's health check operations on the {@code /v1} health checks (Route53HealthChecks). */
class Route53HealthChecksTest extends ApiTestSupport {
  private static final String PATH = "/2013-04-01/healthcheck";
  private static final Pattern ID = Pattern.compile("<HealthCheck><Id>([^<]+)</Id>");
  private static final Pattern VERSION =
      Pattern.compile("<HealthCheckVersion>([0-9]+)</HealthCheckVersion>");

  @Autowired Route53Api route53;
  @Autowired ConfigStore store;

  private static Caller caller(Acct acct) {
    return new Caller.Member(new Account(acct.id(), acct.name()));
  }

  private Route53Api.Answer call(Acct acct, String method, String path, String query, String body) {
    return route53.handle(
        caller(acct),
        method,
        path,
        QueryRequest.parse(query),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  private static Route53Api.Answer.Done done(Route53Api.Answer answer) {
    assertThat(answer).isInstanceOf(Route53Api.Answer.Done.class);
    return (Route53Api.Answer.Done) answer;
  }

  private static AwsError failed(Route53Api.Answer answer) {
    assertThat(answer).isInstanceOf(Route53Api.Answer.Failed.class);
    return ((Route53Api.Answer.Failed) answer).error();
  }

  private static String createRequest(String reference, String config) {
    return "<CreateHealthCheckRequest xmlns=\""
        + Route53Api.NAMESPACE
        + "\"><CallerReference>"
        + reference
        + "</CallerReference><HealthCheckConfig>"
        + config
        + "</HealthCheckConfig></CreateHealthCheckRequest>";
  }

  private Route53Api.Answer create(Acct acct, String reference, String config) {
    return call(acct, "POST", PATH, null, createRequest(reference, config));
  }

  /** Creates the check, expecting 201, and answers its id. */
  private String created(Acct acct, String reference, String config) {
    return idOf(done(create(acct, reference, config)).xml());
  }

  private static String idOf(String xml) {
    Matcher id = ID.matcher(xml);
    assertThat(id.find()).as("an id in %s", xml).isTrue();
    return id.group(1);
  }

  private static long versionOf(String xml) {
    Matcher version = VERSION.matcher(xml);
    assertThat(version.find()).as("a version in %s", xml).isTrue();
    return Long.parseLong(version.group(1));
  }

  private String getXml(Acct acct, String id) {
    return done(call(acct, "GET", PATH + "/" + id, null, null)).xml();
  }

  private long ownChecks(Acct acct) {
    return store.healthChecks().stream().filter(c -> c.accountId().equals(acct.id())).count();
  }

  private static String tcp(String ip, int port) {
    return "<IPAddress>" + ip + "</IPAddress><Port>" + port + "</Port><Type>TCP</Type>";
  }

  private void putAlarm(Acct acct, String region, String name, MetricAlarm condition) {
    AlarmDefinition definition =
        new AlarmDefinition(condition, "web is down", true, null, null, null, null, null);
    store.write(
        w -> {
          w.putCloudWatchAlarm(
              new CloudWatchAlarm(acct.id(), region, name, definition.toJson(), Instant.now()));
          return null;
        });
  }

  private static MetricAlarm errorsAbove(double threshold) {
    return new MetricAlarm(
        "Web",
        "Errors",
        Map.of("Service", "web", "Stage", "prod"),
        Statistic.SUM,
        60,
        3,
        2,
        Comparison.GREATER_THAN_THRESHOLD,
        threshold);
  }

  @Test
  void anHttpStrMatchCheckIsAnHttpCheckOfTheUrlItsPartsMake() {
    Acct acct = account("r53hc-http");
    Route53Api.Answer.Done answer =
        done(
            create(
                acct,
                "http-1",
                "<IPAddress>10.1.0.5</IPAddress><Port>8080</Port><Type>HTTP_STR_MATCH</Type>"
                    + "<ResourcePath>/health?deep=1</ResourcePath><SearchString>ok</SearchString>"
                    + "<RequestInterval>10</RequestInterval><FailureThreshold>2</FailureThreshold>"
                    + "<Inverted>true</Inverted>"));
    String id = idOf(answer.xml());

    HealthCheck stored = store.healthCheck(id).orElseThrow();
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.location()).isEqualTo(PATH + "/" + id);
    assertThat(answer.xml())
        .startsWith(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CreateHealthCheckResponse xmlns=\""
                + Route53Api.NAMESPACE
                + "\"><HealthCheck><Id>"
                + id
                + "</Id><CallerReference>http-1</CallerReference><HealthCheckConfig>"
                + "<IPAddress>10.1.0.5</IPAddress><Port>8080</Port><Type>HTTP_STR_MATCH</Type>"
                + "<ResourcePath>/health?deep=1</ResourcePath><SearchString>ok</SearchString>"
                + "<RequestInterval>10</RequestInterval><FailureThreshold>2</FailureThreshold>"
                + "<Inverted>true</Inverted><Disabled>false</Disabled></HealthCheckConfig>"
                + "<HealthCheckVersion>");
    assertThat(stored.type()).isEqualTo(HealthCheck.Type.HTTP);
    assertThat(stored.http())
        .isEqualTo(new HealthCheck.HttpTarget("http://10.1.0.5:8080/health?deep=1", "ok"));
    assertThat(stored.intervalSeconds()).isEqualTo(10);
    assertThat(stored.failureThreshold()).isEqualTo(2);
    assertThat(stored.inverted()).isTrue();
    assertThat(getXml(acct, id)).contains("<GetHealthCheckResponse", "<Id>" + id + "</Id>");
  }

  @Test
  void anHttpsCheckOfANameProbesTheNameWithSniAndAnHttpsCheckOfAnAddressWithout() {
    Acct acct = account("r53hc-https");
    String byName =
        created(
            acct,
            "https-name",
            "<Type>HTTPS</Type><FullyQualifiedDomainName>app.internal.example"
                + "</FullyQualifiedDomainName><EnableSNI>true</EnableSNI>");
    String byAddress =
        created(
            acct, "https-ip", "<IPAddress>fd00::5</IPAddress><Port>8443</Port><Type>HTTPS</Type>");

    assertThat(store.healthCheck(byName).orElseThrow().http().url())
        .isEqualTo("https://app.internal.example");
    assertThat(store.healthCheck(byAddress).orElseThrow().http().url())
        .isEqualTo("https://[fd00:0:0:0:0:0:0:5]:8443");
    assertThat(getXml(acct, byName))
        .contains(
            "<Port>443</Port><Type>HTTPS</Type><FullyQualifiedDomainName>app.internal.example"
                + "</FullyQualifiedDomainName>",
            "<EnableSNI>true</EnableSNI>")
        .doesNotContain("IPAddress");
    assertThat(getXml(acct, byAddress))
        .contains(
            "<IPAddress>fd00:0:0:0:0:0:0:5</IPAddress><Port>8443</Port><Type>HTTPS</Type>",
            "<EnableSNI>false</EnableSNI>");
  }

  @Test
  void whatAProbeCannotHonourIsInvalidInputNamingEveryElementAndNothingIsWritten() {
    Acct acct = account("r53hc-refused");

    AwsError refused =
        failed(
            create(
                acct,
                "refused-1",
                "<IPAddress>10.1.0.6</IPAddress><Type>HTTPS</Type>"
                    + "<FullyQualifiedDomainName>app.example</FullyQualifiedDomainName>"
                    + "<FailureThreshold>11</FailureThreshold><MeasureLatency>true</MeasureLatency>"
                    + "<Regions><Region>us-east-1</Region></Regions>"
                    + "<RoutingControlArn>arn:aws:x</RoutingControlArn>"
                    + "<SearchString>x</SearchString>"));
    AwsError sniOnAnAddress =
        failed(
            create(
                acct,
                "refused-2",
                "<IPAddress>10.1.0.6</IPAddress><Type>HTTPS</Type><EnableSNI>true</EnableSNI>"));
    AwsError recoveryControl = failed(create(acct, "refused-3", "<Type>RECOVERY_CONTROL</Type>"));
    AwsError tcpWithAName =
        failed(
            create(
                acct,
                "refused-4",
                tcp("10.1.0.6", 22)
                    + "<FullyQualifiedDomainName>a.example</FullyQualifiedDomainName>"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("InvalidInput");
    assertThat(refused.message())
        .contains(
            "FullyQualifiedDomainName: with IPAddress",
            "FailureThreshold: must be within 1..10",
            "MeasureLatency:",
            "Regions:",
            "RoutingControlArn:",
            "SearchString: only HTTP_STR_MATCH and HTTPS_STR_MATCH checks have it")
        .doesNotContain("failureThreshold");
    assertThat(sniOnAnAddress.message()).contains("EnableSNI: SNI needs");
    assertThat(recoveryControl.message()).contains("Type: Isthmus has no Application Recovery");
    assertThat(tcpWithAName.message()).contains("FullyQualifiedDomainName: only HTTP and HTTPS");
    assertThat(ownChecks(acct)).isZero();
  }

  @Test
  void aTcpCheckAndACalculatedCheckOfTwoChildren() {
    Acct acct = account("r53hc-calc");
    String first = created(acct, "tcp-1", tcp("10.1.0.7", 5432));
    String second = created(acct, "tcp-2", tcp("10.1.0.8", 5432));

    String calculated =
        created(
            acct,
            "calc-1",
            "<Type>CALCULATED</Type><HealthThreshold>1</HealthThreshold><ChildHealthChecks>"
                + "<ChildHealthCheck>"
                + first
                + "</ChildHealthCheck><ChildHealthCheck>"
                + second
                + "</ChildHealthCheck></ChildHealthChecks>");
    AwsError missingChild =
        failed(
            create(
                acct,
                "calc-2",
                "<Type>CALCULATED</Type><HealthThreshold>1</HealthThreshold><ChildHealthChecks>"
                    + "<ChildHealthCheck>00000000-0000-0000-0000-000000000000</ChildHealthCheck>"
                    + "</ChildHealthChecks>"));

    assertThat(store.healthCheck(first).orElseThrow().tcp())
        .isEqualTo(new HealthCheck.TcpTarget("10.1.0.7", 5432));
    assertThat(store.healthCheck(calculated).orElseThrow().calculated())
        .isEqualTo(new HealthCheck.Calculated(List.of(first, second), 1));
    assertThat(getXml(acct, calculated))
        .contains(
            "<Type>CALCULATED</Type>",
            "<HealthThreshold>1</HealthThreshold><ChildHealthChecks><ChildHealthCheck>"
                + first
                + "</ChildHealthCheck><ChildHealthCheck>"
                + second
                + "</ChildHealthCheck></ChildHealthChecks>");
    assertThat(missingChild.code()).isEqualTo("InvalidInput");
    assertThat(missingChild.message()).contains("ChildHealthChecks[0]: no such health check");
  }

  @Test
  void aCloudWatchMetricCheckCopiesItsAlarmsConditionAndRemembersTheAlarm() {
    Acct acct = account("r53hc-metric");
    putAlarm(acct, "us-east-1", "web-down", errorsAbove(5));
    String config =
        "<Type>CLOUDWATCH_METRIC</Type><AlarmIdentifier><Region>us-east-1</Region>"
            + "<Name>web-down</Name></AlarmIdentifier>"
            + "<InsufficientDataHealthStatus>Unhealthy</InsufficientDataHealthStatus>";

    String xml = done(create(acct, "metric-1", config)).xml();
    String id = idOf(xml);

    HealthCheck stored = store.healthCheck(id).orElseThrow();
    assertThat(stored.type()).isEqualTo(HealthCheck.Type.METRIC);
    assertThat(stored.metric()).isEqualTo(errorsAbove(5));
    assertThat(stored.insufficientDataHealthStatus())
        .isEqualTo(HealthCheck.InsufficientData.UNHEALTHY);
    // It takes the alarm's state as it is: looked at every 10 s, one bad look is enough.
    assertThat(stored.intervalSeconds()).isEqualTo(10);
    assertThat(stored.failureThreshold()).isEqualTo(1);
    assertThat(store.healthCheckOrigin(id))
        .contains(new HealthCheckOrigin(id, acct.id(), "metric-1", "us-east-1", "web-down"));
    assertThat(xml)
        .contains(
            "<Type>CLOUDWATCH_METRIC</Type>",
            "<AlarmIdentifier><Region>us-east-1</Region><Name>web-down</Name></AlarmIdentifier>"
                + "<InsufficientDataHealthStatus>Unhealthy</InsufficientDataHealthStatus>",
            "<CloudWatchAlarmConfiguration><EvaluationPeriods>3</EvaluationPeriods>"
                + "<Threshold>5.0</Threshold><ComparisonOperator>GreaterThanThreshold"
                + "</ComparisonOperator><Period>60</Period><MetricName>Errors</MetricName>"
                + "<Namespace>Web</Namespace><Statistic>Sum</Statistic><Dimensions><Dimension>"
                + "<Name>Service</Name><Value>web</Value></Dimension><Dimension><Name>Stage</Name>"
                + "<Value>prod</Value></Dimension></Dimensions></CloudWatchAlarmConfiguration>");
  }

  @Test
  void aCloudWatchMetricCheckOfAMissingAlarmOrAnotherRegionsIsInvalidInput() {
    Acct acct = account("r53hc-noalarm");
    Acct other = account("r53hc-noalarm-other");
    putAlarm(acct, "us-east-1", "web-down", errorsAbove(5));
    putAlarm(other, "eu-west-1", "theirs", errorsAbove(5));

    AwsError missing =
        failed(
            create(
                acct,
                "metric-missing",
                "<Type>CLOUDWATCH_METRIC</Type><AlarmIdentifier><Region>eu-west-1</Region>"
                    + "<Name>web-down</Name></AlarmIdentifier>"));
    AwsError anotherAccounts =
        failed(
            create(
                acct,
                "metric-theirs",
                "<Type>CLOUDWATCH_METRIC</Type><AlarmIdentifier><Region>eu-west-1</Region>"
                    + "<Name>theirs</Name></AlarmIdentifier>"));

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.code()).isEqualTo("InvalidInput");
    assertThat(missing.message())
        .contains("AlarmIdentifier: no CloudWatch alarm web-down in eu-west-1")
        .doesNotContain("needs metric");
    assertThat(anotherAccounts.message()).contains("no CloudWatch alarm theirs in eu-west-1");
    assertThat(ownChecks(acct)).isZero();
  }

  @Test
  void aReusedCallerReferenceGivesTheSameCheckForTheSameSettingsElseHealthCheckAlreadyExists() {
    Acct acct = account("r53hc-ref");
    Acct other = account("r53hc-ref-other");
    String first = created(acct, "same-ref", tcp("10.1.0.9", 443));

    Route53Api.Answer.Done retry = done(create(acct, "same-ref", tcp("10.1.0.9", 443)));
    AwsError different = failed(create(acct, "same-ref", tcp("10.1.0.9", 444)));
    String othersOwn = created(other, "same-ref", tcp("10.1.0.9", 443));

    assertThat(idOf(retry.xml())).isEqualTo(first);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(different.status()).isEqualTo(409);
    assertThat(different.code()).isEqualTo("HealthCheckAlreadyExists");
    assertThat(othersOwn).isNotEqualTo(first);
    assertThat(ownChecks(acct)).isEqualTo(1);
    assertThat(store.healthCheck(first).orElseThrow().tcp().port()).isEqualTo(443);
  }

  @Test
  void anotherAccountsCheckIsNoSuchHealthCheckEverywhereAndNotListedOrCounted() {
    Acct owner = account("r53hc-owner");
    Acct stranger = account("r53hc-stranger");
    String id = created(owner, "owned", tcp("10.1.0.10", 22));
    created(stranger, "strangers-own", tcp("10.1.0.11", 22));

    List<AwsError> errors =
        List.of(
            failed(call(stranger, "GET", PATH + "/" + id, null, null)),
            failed(call(stranger, "GET", PATH + "/" + id + "/status", null, null)),
            failed(
                call(
                    stranger,
                    "POST",
                    PATH + "/" + id,
                    null,
                    "<UpdateHealthCheckRequest><Port>23</Port></UpdateHealthCheckRequest>")),
            failed(call(stranger, "DELETE", PATH + "/" + id, null, null)));
    String strangersList = done(call(stranger, "GET", PATH, null, null)).xml();
    String strangersCount = done(call(stranger, "GET", PATH + "count", null, null)).xml();

    assertThat(errors)
        .allSatisfy(
            error -> {
              assertThat(error.status()).isEqualTo(404);
              assertThat(error.code()).isEqualTo("NoSuchHealthCheck");
            });
    assertThat(strangersList).doesNotContain(id).contains("strangers-own");
    assertThat(strangersCount).contains("<HealthCheckCount>1</HealthCheckCount>");
    assertThat(store.healthCheck(id).orElseThrow().tcp().port()).isEqualTo(22);
  }

  @Test
  void checksAreListedInPagesOfTheGivenSizeFromTheirMarker() {
    Acct acct = account("r53hc-pages");
    List<String> ids =
        List.of("p1", "p2", "p3").stream()
            .map(ref -> created(acct, ref, tcp("10.1.0.12", 80)))
            .sorted()
            .toList();

    String first = done(call(acct, "GET", PATH, "maxitems=2", null)).xml();
    String second = done(call(acct, "GET", PATH, "maxitems=2&marker=" + ids.get(2), null)).xml();
    AwsError notANumber = failed(call(acct, "GET", PATH, "maxitems=x", null));

    assertThat(first)
        .contains("<Id>" + ids.get(0) + "</Id>", "<Id>" + ids.get(1) + "</Id>")
        .doesNotContain("<Id>" + ids.get(2) + "</Id>")
        .contains(
            "</HealthChecks><Marker></Marker><IsTruncated>true</IsTruncated><NextMarker>"
                + ids.get(2)
                + "</NextMarker><MaxItems>2</MaxItems>");
    assertThat(second)
        .contains("<Id>" + ids.get(2) + "</Id>", "<Marker>" + ids.get(2) + "</Marker>")
        .doesNotContain("<Id>" + ids.get(0) + "</Id>", "NextMarker")
        .contains("<IsTruncated>false</IsTruncated>");
    assertThat(notANumber.code()).isEqualTo("InvalidInput");
    assertThat(done(call(acct, "GET", PATH + "count", null, null)).xml())
        .contains("<HealthCheckCount>3</HealthCheckCount>");
  }

  @Test
  void anUpdateChangesTheGivenElementsResetsOthersAndChecksTheVersion() {
    Acct acct = account("r53hc-update");
    String id =
        created(
            acct,
            "upd-1",
            "<IPAddress>10.1.0.13</IPAddress><Type>HTTP</Type>"
                + "<ResourcePath>/health</ResourcePath>");
    long version = versionOf(getXml(acct, id));

    AwsError stale =
        failed(
            call(
                acct,
                "POST",
                PATH + "/" + id,
                null,
                "<UpdateHealthCheckRequest><HealthCheckVersion>"
                    + (version + 1)
                    + "</HealthCheckVersion><Port>81</Port></UpdateHealthCheckRequest>"));
    String updated =
        done(call(
                acct,
                "POST",
                PATH + "/" + id,
                null,
                "<UpdateHealthCheckRequest><HealthCheckVersion>"
                    + version
                    + "</HealthCheckVersion><Port>8081</Port><FailureThreshold>5"
                    + "</FailureThreshold><Disabled>true</Disabled><ResetElements>"
                    + "<ResettableElementName>ResourcePath</ResettableElementName>"
                    + "</ResetElements></UpdateHealthCheckRequest>"))
            .xml();
    AwsError addsAName =
        failed(
            call(
                acct,
                "POST",
                PATH + "/" + id,
                null,
                "<UpdateHealthCheckRequest><FullyQualifiedDomainName>a.example"
                    + "</FullyQualifiedDomainName></UpdateHealthCheckRequest>"));

    HealthCheck stored = store.healthCheck(id).orElseThrow();
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.code()).isEqualTo("HealthCheckVersionMismatch");
    assertThat(updated)
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><UpdateHealthCheckResponse xmlns=\"")
        .contains("<Port>8081</Port>", "<Disabled>true</Disabled>")
        .doesNotContain("ResourcePath");
    assertThat(versionOf(updated)).isNotEqualTo(version);
    assertThat(stored.http().url()).isEqualTo("http://10.1.0.13:8081");
    assertThat(stored.failureThreshold()).isEqualTo(5);
    assertThat(stored.disabled()).isTrue();
    assertThat(addsAName.code()).isEqualTo("InvalidInput");
    assertThat(addsAName.message()).contains("FullyQualifiedDomainName: with IPAddress");
  }

  @Test
  void anUpdateNamingAnAlarmCopiesItsConditionAndTheCheckFollowsItFromThen() {
    Acct acct = account("r53hc-realarm");
    putAlarm(acct, "us-east-1", "web-down", errorsAbove(5));
    putAlarm(acct, "us-east-1", "db-down", errorsAbove(1));
    String id =
        created(
            acct,
            "realarm-1",
            "<Type>CLOUDWATCH_METRIC</Type><AlarmIdentifier><Region>us-east-1</Region>"
                + "<Name>web-down</Name></AlarmIdentifier>");
    putAlarm(acct, "us-east-1", "web-down", errorsAbove(9));
    String naming =
        "<UpdateHealthCheckRequest><AlarmIdentifier><Region>us-east-1</Region>"
            + "<Name>%s</Name></AlarmIdentifier><Inverted>true</Inverted>"
            + "</UpdateHealthCheckRequest>";

    String same =
        done(call(acct, "POST", PATH + "/" + id, null, naming.formatted("web-down"))).xml();
    assertThat(same).contains("<Threshold>9.0</Threshold>");
    assertThat(store.healthCheck(id).orElseThrow().metric()).isEqualTo(errorsAbove(9));
    assertThat(store.healthCheck(id).orElseThrow().inverted()).isTrue();

    AwsError missing =
        failed(call(acct, "POST", PATH + "/" + id, null, naming.formatted("no-such-alarm")));
    assertThat(missing.code()).isEqualTo("InvalidInput");
    assertThat(store.healthCheckOrigin(id).orElseThrow().alarmName()).isEqualTo("web-down");

    String another =
        done(call(acct, "POST", PATH + "/" + id, null, naming.formatted("db-down"))).xml();
    assertThat(another)
        .contains("<AlarmIdentifier><Region>us-east-1</Region><Name>db-down</Name>")
        .contains("<Threshold>1.0</Threshold>");
    assertThat(store.healthCheck(id).orElseThrow().metric()).isEqualTo(errorsAbove(1));
    assertThat(store.healthChecksOfAlarm(acct.id(), "us-east-1", "db-down")).containsExactly(id);
    assertThat(store.healthChecksOfAlarm(acct.id(), "us-east-1", "web-down")).isEmpty();
  }

  @Test
  void aMetricCheckMadeThroughV1ReadsAsCloudWatchMetricWithoutAlarmAndStillUpdates() {
    Acct acct = account("r53hc-v1");
    String id =
        post(
                "/v1/healthchecks",
                acct.token(),
                "{\"type\":\"METRIC\",\"metric\":{\"namespace\":\"Web\",\"metricName\":"
                    + "\"Errors\",\"statistic\":\"Sum\",\"periodSeconds\":60,"
                    + "\"evaluationPeriods\":3,\"comparison\":\"GreaterThanThreshold\","
                    + "\"threshold\":5}}")
            .expect(201)
            .text("/id");

    String before = getXml(acct, id);
    String updated =
        done(call(
                acct,
                "POST",
                PATH + "/" + id,
                null,
                "<UpdateHealthCheckRequest><Inverted>true</Inverted><ResetElements>"
                    + "<ResettableElementName>ChildHealthChecks</ResettableElementName>"
                    + "</ResetElements></UpdateHealthCheckRequest>"))
            .xml();

    assertThat(before)
        .contains("<Type>CLOUDWATCH_METRIC</Type>", "<Statistic>Sum</Statistic>")
        .doesNotContain("CallerReference", "AlarmIdentifier");
    assertThat(updated).contains("<Inverted>true</Inverted>");
    assertThat(store.healthCheck(id).orElseThrow().inverted()).isTrue();
    assertThat(store.healthCheck(id).orElseThrow().metric().threshold()).isEqualTo(5.0);
  }

  @Test
  void aCheckARecordSetNamesIsHealthCheckInUseAndAnUnusedOneIsDeleted() {
    Acct acct = account("r53hc-delete");
    String used = created(acct, "used", tcp("10.1.0.14", 80));
    String unused = created(acct, "unused", tcp("10.1.0.15", 80));
    String zoneId = zone(acct, "r53hc-delete.example", vpc(acct, "us-east-1"));
    changeBatch(
            acct,
            zoneId,
            "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"www.r53hc-delete.example\","
                + "\"type\":\"A\",\"ttl\":60,\"records\":[\"10.0.0.1\"],\"healthCheckId\":\""
                + used
                + "\"}}")
        .expect(200);

    AwsError inUse = failed(call(acct, "DELETE", PATH + "/" + used, null, null));
    Route53Api.Answer.Done deleted = done(call(acct, "DELETE", PATH + "/" + unused, null, null));

    assertThat(inUse.status()).isEqualTo(400);
    assertThat(inUse.code()).isEqualTo("HealthCheckInUse");
    assertThat(inUse.message()).contains("www.r53hc-delete.example");
    assertThat(store.healthCheck(used)).isPresent();
    assertThat(deleted.xml()).contains("<DeleteHealthCheckResponse");
    assertThat(store.healthCheck(unused)).isEmpty();
    assertThat(failed(call(acct, "GET", PATH + "/" + unused, null, null)).code())
        .isEqualTo("NoSuchHealthCheck");
  }

  @Test
  void theStatusIsOneObservationSayingSuccessOrFailureWithTheReason() {
    Acct acct = account("r53hc-status");
    putAlarm(acct, "us-east-1", "web-down", errorsAbove(5));
    String tcpCheck = created(acct, "status-tcp", tcp("10.1.0.16", 80));
    String metricCheck =
        created(
            acct,
            "status-metric",
            "<Type>CLOUDWATCH_METRIC</Type><AlarmIdentifier><Region>us-east-1</Region>"
                + "<Name>web-down</Name></AlarmIdentifier>");

    String healthy = done(call(acct, "GET", PATH + "/" + tcpCheck + "/status", null, null)).xml();
    String unhealthy =
        done(call(acct, "GET", PATH + "/" + metricCheck + "/status", null, null)).xml();

    assertThat(healthy)
        .contains(
            "<GetHealthCheckStatusResponse",
            "<HealthCheckObservations><HealthCheckObservation><StatusReport>"
                + "<Status>Success: probe succeeded</Status></StatusReport>");
    assertThat(unhealthy)
        .contains(
            "<Status>Failure: 3 of 3 periods Sum breaching</Status>"
                + "<CheckedTime>2025-03-01T11:59:00.123Z</CheckedTime>");
  }

  @Test
  void aBodyThatIsNotTheRequestsXmlIsInvalidInputAndWritesNothing() {
    Acct acct = account("r53hc-badxml");
    String id = created(acct, "bad-1", tcp("10.1.0.17", 80));

    List<AwsError> errors =
        List.of(
            failed(call(acct, "POST", PATH, null, "<CreateHealthCheckRequest><CallerRef")),
            failed(
                call(
                    acct,
                    "POST",
                    PATH,
                    null,
                    "<!DOCTYPE x [<!ENTITY e \"e\">]>"
                        + createRequest("bad-2", tcp("10.1.0.18", 80)))),
            failed(call(acct, "POST", PATH, null, "<CreateHealthCheckRequest/>")),
            failed(call(acct, "POST", PATH + "/" + id, null, "<UpdateHealthCheckRequest>")),
            failed(
                call(
                    acct,
                    "POST",
                    PATH + "/" + id,
                    null,
                    "<UpdateHealthCheckRequest><Port>eighty</Port></UpdateHealthCheckRequest>")));

    assertThat(errors)
        .allSatisfy(
            error -> {
              assertThat(error.status()).isEqualTo(400);
              assertThat(error.code()).isEqualTo("InvalidInput");
            });
    assertThat(errors.get(4).message()).contains("Port: must be a whole number");
    assertThat(ownChecks(acct)).isEqualTo(1);
    assertThat(store.healthCheck(id).orElseThrow().tcp().port()).isEqualTo(80);
  }
}
