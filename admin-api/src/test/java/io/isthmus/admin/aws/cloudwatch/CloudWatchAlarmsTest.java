package io.isthmus.admin.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.TestAdminApplication;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.healthchecks.HealthCheckService;
import io.isthmus.admin.healthchecks.HealthCheckSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec.MetricSpec;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.config.HealthCheckOrigin;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

/** PutMetricAlarm, DescribeAlarms and DeleteAlarms over both protocols. */
class CloudWatchAlarmsTest extends CloudWatchTestSupport {
  @Autowired HealthCheckService healthChecks;
  @Autowired ConfigStore store;

  @Test
  void anAlarmPutOverJsonIsDescribedOverBothProtocols() {
    Acct acct = account("cw-describe");
    String put =
        """
        {"AlarmName":"errors-high","AlarmDescription":"web <errors> & more",
         "Namespace":"App","MetricName":"Errors",
         "Dimensions":[{"Name":"Service","Value":"web"},{"Name":"Az","Value":"a"}],
         "Statistic":"Sum","Period":60,"EvaluationPeriods":3,"DatapointsToAlarm":2,
         "Threshold":5.5,"ComparisonOperator":"GreaterThanOrEqualToThreshold",
         "ActionsEnabled":false,"AlarmActions":["arn:aws:sns:eu-west-1:1:ops"],
         "Unit":"Count","TreatMissingData":"breaching"}""";

    assertThat(jsonBody(json(acct, "eu-west-1", "PutMetricAlarm", put)).isEmpty()).isTrue();

    JsonNode described = jsonBody(json(acct, "eu-west-1", "DescribeAlarms", "{}"));
    assertThat(described.get("CompositeAlarms").isEmpty()).isTrue();
    assertThat(described.has("NextToken")).isFalse();
    assertThat(described.get("MetricAlarms").size()).isEqualTo(1);
    JsonNode alarm = described.get("MetricAlarms").get(0);
    assertThat(alarm.get("AlarmName").stringValue()).isEqualTo("errors-high");
    assertThat(alarm.get("AlarmArn").stringValue())
        .isEqualTo("arn:aws:cloudwatch:eu-west-1:" + acct.id() + ":alarm:errors-high");
    assertThat(alarm.get("AlarmDescription").stringValue()).isEqualTo("web <errors> & more");
    assertThat(alarm.get("Namespace").stringValue()).isEqualTo("App");
    assertThat(alarm.get("MetricName").stringValue()).isEqualTo("Errors");
    assertThat(alarm.get("Dimensions").toString())
        .isEqualTo("[{\"Name\":\"Az\",\"Value\":\"a\"},{\"Name\":\"Service\",\"Value\":\"web\"}]");
    assertThat(alarm.get("Statistic").stringValue()).isEqualTo("Sum");
    assertThat(alarm.get("Period").intValue()).isEqualTo(60);
    assertThat(alarm.get("EvaluationPeriods").intValue()).isEqualTo(3);
    assertThat(alarm.get("DatapointsToAlarm").intValue()).isEqualTo(2);
    assertThat(alarm.get("Threshold").doubleValue()).isEqualTo(5.5);
    assertThat(alarm.get("ComparisonOperator").stringValue())
        .isEqualTo("GreaterThanOrEqualToThreshold");
    assertThat(alarm.get("ActionsEnabled").booleanValue()).isFalse();
    assertThat(alarm.get("AlarmActions").toString()).isEqualTo("[\"arn:aws:sns:eu-west-1:1:ops\"]");
    assertThat(alarm.get("OKActions").isEmpty()).isTrue();
    assertThat(alarm.get("Unit").stringValue()).isEqualTo("Count");
    assertThat(alarm.get("TreatMissingData").stringValue()).isEqualTo("breaching");
    assertThat(alarm.get("StateValue").stringValue()).isEqualTo("INSUFFICIENT_DATA");
    assertThat(alarm.get("StateReason").stringValue()).isNotEmpty();
    // JSON times are seconds since the epoch.
    assertThat(alarm.get("AlarmConfigurationUpdatedTimestamp").decimalValue())
        .isEqualByComparingTo(BigDecimal.valueOf(TestAdminApplication.NOW.toEpochMilli(), 3));
    assertThat(alarm.get("StateUpdatedTimestamp").isNumber()).isTrue();

    CloudWatchApi.Answer queried = query(acct, "eu-west-1", "DescribeAlarms", "");
    assertThat(done(queried).text())
        .startsWith(
            "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                + "<DescribeAlarmsResult><MetricAlarms><member><AlarmName>errors-high</AlarmName>");
    Document xml = xmlBody(queried);
    String alarms = "/DescribeAlarmsResponse/DescribeAlarmsResult/MetricAlarms/member";
    assertThat(texts(xml, alarms + "/AlarmName")).containsExactly("errors-high");
    assertThat(texts(xml, alarms + "/AlarmDescription")).containsExactly("web <errors> & more");
    assertThat(texts(xml, alarms + "/Dimensions/member/Name")).containsExactly("Az", "Service");
    assertThat(texts(xml, alarms + "/AlarmActions/member"))
        .containsExactly("arn:aws:sns:eu-west-1:1:ops");
    assertThat(texts(xml, alarms + "/Threshold")).containsExactly("5.5");
    assertThat(texts(xml, alarms + "/ActionsEnabled")).containsExactly("false");
    assertThat(texts(xml, alarms + "/AlarmConfigurationUpdatedTimestamp"))
        .containsExactly(TestAdminApplication.NOW.toString());
    assertThat(texts(xml, "/DescribeAlarmsResponse/ResponseMetadata/RequestId"))
        .containsExactly(REQUEST_ID);
  }

  @Test
  void anAlarmPutOverTheQueryProtocolTakesTheDefaultsAndAPutAgainReplacesIt() {
    Acct acct = account("cw-query-put");
    String parameters =
        "AlarmName=latency&Namespace=App&MetricName=Latency"
            + "&Dimensions.member.1.Name=Service&Dimensions.member.1.Value=api"
            + "&Statistic=Average&Period=300&EvaluationPeriods=2&Threshold=0.25"
            + "&ComparisonOperator=LessThanThreshold"
            + "&OKActions.member.1=arn%3Aok1&OKActions.member.2=arn%3Aok2";

    Document answer = xmlBody(query(acct, "PutMetricAlarm", parameters));

    assertThat(texts(answer, "/PutMetricAlarmResponse/ResponseMetadata/RequestId"))
        .containsExactly(REQUEST_ID);
    assertThat(texts(answer, "/PutMetricAlarmResponse/PutMetricAlarmResult")).isEmpty();
    JsonNode alarm = jsonBody(json(acct, "DescribeAlarms", "{}")).get("MetricAlarms").get(0);
    assertThat(alarm.get("Dimensions").toString())
        .isEqualTo("[{\"Name\":\"Service\",\"Value\":\"api\"}]");
    assertThat(alarm.get("Statistic").stringValue()).isEqualTo("Average");
    assertThat(alarm.get("Period").intValue()).isEqualTo(300);
    assertThat(alarm.get("DatapointsToAlarm").intValue()).isEqualTo(2);
    assertThat(alarm.get("Threshold").doubleValue()).isEqualTo(0.25);
    assertThat(alarm.get("OKActions").toString()).isEqualTo("[\"arn:ok1\",\"arn:ok2\"]");
    assertThat(alarm.get("ActionsEnabled").booleanValue()).isTrue();
    assertThat(alarm.get("TreatMissingData").stringValue()).isEqualTo("missing");
    assertThat(alarm.has("Unit")).isFalse();

    done(query(acct, "PutMetricAlarm", parameters.replace("Threshold=0.25", "Threshold=7")));

    JsonNode alarms = jsonBody(json(acct, "DescribeAlarms", "{}")).get("MetricAlarms");
    assertThat(alarms.size()).isEqualTo(1);
    assertThat(alarms.get(0).get("Threshold").doubleValue()).isEqualTo(7.0);
  }

  @Test
  void alarmsAreIsolatedPerAccountAndRegion() {
    Acct owner = account("cw-owner");
    Acct stranger = account("cw-stranger");
    done(json(owner, "us-east-1", "PutMetricAlarm", alarm("shared-name", 1)));
    done(json(owner, "eu-west-1", "PutMetricAlarm", alarm("european", 1)));

    assertThat(alarmNames(owner, "us-east-1")).containsExactly("shared-name");
    assertThat(alarmNames(owner, "eu-west-1")).containsExactly("european");
    assertThat(alarmNames(owner, "ap-south-1")).isEmpty();
    assertThat(alarmNames(stranger, "us-east-1")).isEmpty();
    assertThat(
            jsonError(json(stranger, "DeleteAlarms", "{\"AlarmNames\":[\"shared-name\"]}"))
                .status())
        .isEqualTo(404);
    assertThat(
            jsonError(
                    json(owner, "eu-west-1", "DeleteAlarms", "{\"AlarmNames\":[\"shared-name\"]}"))
                .code())
        .isEqualTo("ResourceNotFound");

    // The stranger's alarm of the same name is its own.
    done(json(stranger, "us-east-1", "PutMetricAlarm", alarm("shared-name", 99)));
    assertThat(
            jsonBody(json(owner, "DescribeAlarms", "{}"))
                .at("/MetricAlarms/0/Threshold")
                .doubleValue())
        .isEqualTo(1.0);
    assertThat(alarmNames(owner, "us-east-1")).containsExactly("shared-name");
  }

  @Test
  void theStateIsTheHealthEvaluatorsOverTheAccountsOwnPoints() {
    Acct acct = account("cw-state");
    Acct other = account("cw-state-other");
    // NOW is 12:00:00.123: the three complete minutes before it are the alarms' periods.
    String points =
        """
        {"Namespace":"App","MetricData":[
          {"MetricName":"Errors","Dimensions":[{"Name":"Service","Value":"web"}],
           "Timestamp":"2025-03-01T11:57:30Z","Value":10},
          {"MetricName":"Errors","Dimensions":[{"Name":"Service","Value":"web"}],
           "Timestamp":"2025-03-01T11:58:30Z","Value":10},
          {"MetricName":"Errors","Dimensions":[{"Name":"Service","Value":"web"}],
           "Timestamp":"2025-03-01T11:59:30Z","Value":1}]}""";
    done(json(acct, "PutMetricData", points));
    done(json(acct, "PutMetricAlarm", alarm("breaching", 5)));
    done(json(acct, "PutMetricAlarm", alarm("calm", 50)));
    done(json(acct, "PutMetricAlarm", alarm("silent", 5).replace("Errors", "Silence")));
    done(json(other, "PutMetricAlarm", alarm("breaching", 5)));

    JsonNode alarms = jsonBody(json(acct, "DescribeAlarms", "{}")).get("MetricAlarms");
    assertThat(stateOf(alarms, "breaching")).isEqualTo("ALARM");
    assertThat(stateOf(alarms, "calm")).isEqualTo("OK");
    assertThat(stateOf(alarms, "silent")).isEqualTo("INSUFFICIENT_DATA");
    assertThat(alarms.get(0).get("StateReason").stringValue())
        .isEqualTo("2 of 3 periods Sum > 5, 0 missing (alarm at 2)");
    assertThat(
            stateOf(jsonBody(json(other, "DescribeAlarms", "{}")).get("MetricAlarms"), "breaching"))
        .isEqualTo("INSUFFICIENT_DATA");

    assertThat(names(jsonBody(json(acct, "DescribeAlarms", "{\"StateValue\":\"OK\"}"))))
        .containsExactly("calm");
    assertThat(
            texts(
                xmlBody(query(acct, "DescribeAlarms", "StateValue=ALARM")),
                "//MetricAlarms/member/AlarmName"))
        .containsExactly("breaching");
  }

  @Test
  void describeAlarmsPagesByNameAndFilters() {
    Acct acct = account("cw-pages");
    for (String name : List.of("e", "a", "c", "b", "d", "other")) {
      done(json(acct, "PutMetricAlarm", alarm(name, 1)));
    }

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      String request =
          token == null
              ? "{\"MaxRecords\":2}"
              : "{\"MaxRecords\":2,\"NextToken\":\"" + token + "\"}";
      JsonNode page = jsonBody(json(acct, "DescribeAlarms", request));
      pageSizes.add(page.get("MetricAlarms").size());
      seen.addAll(names(page));
      token = page.has("NextToken") ? page.get("NextToken").stringValue() : null;
    } while (token != null);
    assertThat(seen).containsExactly("a", "b", "c", "d", "e", "other");
    assertThat(pageSizes).containsExactly(2, 2, 2);

    Document first = xmlBody(query(acct, "DescribeAlarms", "MaxRecords=4"));
    assertThat(texts(first, "//MetricAlarms/member/AlarmName")).containsExactly("a", "b", "c", "d");
    String next = texts(first, "/DescribeAlarmsResponse/DescribeAlarmsResult/NextToken").get(0);
    assertThat(
            texts(
                xmlBody(query(acct, "DescribeAlarms", "MaxRecords=4&NextToken=" + next)),
                "//MetricAlarms/member/AlarmName"))
        .containsExactly("e", "other");

    assertThat(names(jsonBody(json(acct, "DescribeAlarms", "{\"AlarmNamePrefix\":\"o\"}"))))
        .containsExactly("other");
    assertThat(
            names(
                jsonBody(
                    json(acct, "DescribeAlarms", "{\"AlarmNames\":[\"d\",\"a\",\"missing\"]}"))))
        .containsExactly("a", "d");
    assertThat(
            texts(
                xmlBody(
                    query(
                        acct,
                        "DescribeAlarms",
                        "AlarmNames.member.1=c&AlarmNames.member.2=e&MaxRecords=1")),
                "//MetricAlarms/member/AlarmName"))
        .containsExactly("c");
    assertThat(
            names(jsonBody(json(acct, "DescribeAlarms", "{\"AlarmTypes\":[\"CompositeAlarm\"]}"))))
        .isEmpty();
  }

  @Test
  void describeAlarmsRefusesWrongPagesAndFilters() {
    Acct acct = account("cw-pages-wrong");

    AwsError bounds =
        jsonError(json(acct, "DescribeAlarms", "{\"MaxRecords\":101,\"StateValue\":\"RED\"}"));
    assertThat(bounds.status()).isEqualTo(400);
    assertThat(bounds.code()).isEqualTo("InvalidParameterValue");
    assertThat(bounds.message()).contains("MaxRecords").contains("StateValue");
    assertThat(queryError(query(acct, "DescribeAlarms", "MaxRecords=0")).code())
        .isEqualTo("InvalidParameterValue");
    assertThat(jsonError(json(acct, "DescribeAlarms", "{\"NextToken\":\"not*base64\"}")).code())
        .isEqualTo("InvalidNextToken");
    assertThat(
            jsonError(
                    json(
                        acct,
                        "DescribeAlarms",
                        "{\"AlarmNames\":[\"a\"],\"AlarmNamePrefix\":\"a\"}"))
                .code())
        .isEqualTo("InvalidParameterCombination");
  }

  @Test
  void putMetricAlarmListsEveryProblemAndStoresNothing() {
    Acct acct = account("cw-alarm-problems");
    String wrong =
        """
        {"AlarmName":"wrong","Namespace":"App","MetricName":"Errors","Statistic":"Sum",
         "ExtendedStatistic":"p99","Metrics":[{"Id":"m1","Expression":"a+b"}],
         "Period":45,"EvaluationPeriods":3,"DatapointsToAlarm":5,
         "ComparisonOperator":"LessThanLowerOrGreaterThanUpperThreshold",
         "TreatMissingData":"sometimes","Unit":"Parsecs",
         "OKActions":["a1","a2","a3","a4","a5","a6"]}""";

    AwsError error = jsonError(json(acct, "PutMetricAlarm", wrong));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("InvalidParameterValue");
    assertThat(error.message())
        .contains("ExtendedStatistic")
        .contains("Metrics")
        .contains("Period must be 10, 30 or a multiple of 60")
        .contains("DatapointsToAlarm")
        .contains("ComparisonOperator")
        .contains("The parameter Threshold is required")
        .contains("TreatMissingData")
        .contains("Unit")
        .contains("OKActions");
    assertThat(alarmNames(acct, REGION)).isEmpty();

    AwsError missing = queryError(query(acct, "PutMetricAlarm", "AlarmName=bare"));
    assertThat(missing.code()).isEqualTo("MissingParameter");
    assertThat(missing.message())
        .contains("Namespace")
        .contains("MetricName")
        .contains("Statistic")
        .contains("Period")
        .contains("EvaluationPeriods")
        .contains("Threshold")
        .contains("ComparisonOperator");
    assertThat(
            queryError(
                    query(
                        acct,
                        "PutMetricAlarm",
                        "AlarmName=long&Namespace=App&MetricName=Errors&Statistic=Sum&Period=3600"
                            + "&EvaluationPeriods=25&Threshold=1"
                            + "&ComparisonOperator=GreaterThanThreshold"))
                .message())
        .contains("EvaluationPeriods × Period must be at most 86400 seconds");
    assertThat(alarmNames(acct, REGION)).isEmpty();
  }

  @Test
  void putMetricAlarmRenewsTheConditionOfTheChecksThatFollowIt() {
    Acct acct = account("cw-follow");
    HealthCheck follower = metricCheck(acct);
    HealthCheck elsewhere = metricCheck(acct);
    store.write(
        w -> {
          w.insertHealthCheckOrigin(
              new HealthCheckOrigin(follower.id(), acct.id(), "ref-1", REGION, "followed"));
          w.insertHealthCheckOrigin(
              new HealthCheckOrigin(elsewhere.id(), acct.id(), "ref-2", "eu-west-1", "followed"));
          return null;
        });

    done(json(acct, "PutMetricAlarm", alarm("followed", 5)));

    MetricAlarm expected =
        new MetricAlarm(
            "App",
            "Errors",
            Map.of("Service", "web"),
            Statistic.SUM,
            60,
            3,
            2,
            Comparison.GREATER_THAN_THRESHOLD,
            5);
    HealthCheck renewed = store.healthCheck(follower.id()).orElseThrow();
    assertThat(renewed.metric()).isEqualTo(expected);
    assertThat(renewed).usingRecursiveComparison().ignoringFields("metric").isEqualTo(follower);
    assertThat(store.healthCheck(elsewhere.id()).orElseThrow()).isEqualTo(elsewhere);

    // Deleting the alarm leaves the follower with the last condition.
    done(query(acct, "DeleteAlarms", "AlarmNames.member.1=followed"));
    assertThat(alarmNames(acct, REGION)).isEmpty();
    assertThat(store.healthCheck(follower.id()).orElseThrow().metric()).isEqualTo(expected);
  }

  @Test
  void deleteAlarmsIsAllOrNothing() {
    Acct acct = account("cw-delete");
    done(json(acct, "PutMetricAlarm", alarm("a", 1)));
    done(json(acct, "PutMetricAlarm", alarm("b", 1)));

    AwsError notFound = jsonError(json(acct, "DeleteAlarms", "{\"AlarmNames\":[\"a\",\"nope\"]}"));
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.code()).isEqualTo("ResourceNotFound");
    assertThat(notFound.message()).contains("nope");
    assertThat(alarmNames(acct, REGION)).containsExactly("a", "b");

    assertThat(queryError(query(acct, "DeleteAlarms", "")).code()).isEqualTo("MissingParameter");
    assertThat(jsonError(json(acct, "DeleteAlarms", "{\"AlarmNames\":[]}")).code())
        .isEqualTo("InvalidParameterValue");

    assertThat(jsonBody(json(acct, "DeleteAlarms", "{\"AlarmNames\":[\"a\"]}")).isEmpty()).isTrue();
    assertThat(
            texts(
                xmlBody(query(acct, "DeleteAlarms", "AlarmNames.member.1=b")),
                "/DeleteAlarmsResponse/ResponseMetadata/RequestId"))
        .containsExactly(REQUEST_ID);
    assertThat(alarmNames(acct, REGION)).isEmpty();
  }

  private HealthCheck metricCheck(Acct acct) {
    MetricSpec metric =
        new MetricSpec("Old", "Old", Map.of(), "Maximum", 30, 2, 1, "LessThanThreshold", 0.5);
    return healthChecks.create(
        caller(acct),
        new HealthCheckSpec("METRIC", metric, null, null, null, 10, 2, "Unhealthy", true, false),
        errors -> assertThat(errors).isEmpty());
  }

  private static String stateOf(JsonNode alarms, String name) {
    for (JsonNode alarm : alarms) {
      if (alarm.get("AlarmName").stringValue().equals(name)) {
        return alarm.get("StateValue").stringValue();
      }
    }
    throw new AssertionError("no alarm " + name + " in " + alarms);
  }

  private static List<String> names(JsonNode described) {
    List<String> names = new ArrayList<>();
    described.get("MetricAlarms").forEach(a -> names.add(a.get("AlarmName").stringValue()));
    return names;
  }
}
