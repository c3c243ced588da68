package io.isthmus.admin.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.config.Account;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls of {@link CloudWatchApi} as each protocol carries them, and readers of the answers. */
abstract class CloudWatchTestSupport extends ApiTestSupport {
  static final String JSON_TYPE = "application/x-amz-json-1.0";
  static final String FORM_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
  static final String TARGET = "GraniteServiceVersion20100801.";
  static final String REQUEST_ID = "request-1";
  static final String REGION = "us-east-1";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired CloudWatchApi cloudWatch;

  static Caller caller(Acct acct) {
    return new Caller.Member(new Account(acct.id(), acct.name()));
  }

  CloudWatchApi.Answer json(Acct acct, String region, String operation, String body) {
    return cloudWatch.handle(
        caller(acct),
        region,
        new CloudWatchApi.Call(
            "/", JSON_TYPE, TARGET + operation, null, body.getBytes(StandardCharsets.UTF_8)),
        REQUEST_ID);
  }

  CloudWatchApi.Answer json(Acct acct, String operation, String body) {
    return json(acct, REGION, operation, body);
  }

  /** A query-protocol POST of {@code Action=operation&Version=2010-08-01&parameters}. */
  CloudWatchApi.Answer query(Acct acct, String region, String operation, String parameters) {
    String form =
        "Action="
            + operation
            + "&Version=2010-08-01"
            + (parameters.isEmpty() ? "" : "&")
            + parameters;
    return form(acct, region, form);
  }

  CloudWatchApi.Answer query(Acct acct, String operation, String parameters) {
    return query(acct, REGION, operation, parameters);
  }

  CloudWatchApi.Answer form(Acct acct, String region, String form) {
    return cloudWatch.handle(
        caller(acct),
        region,
        new CloudWatchApi.Call("/", FORM_TYPE, null, null, form.getBytes(StandardCharsets.UTF_8)),
        REQUEST_ID);
  }

  static CloudWatchApi.Answer.Done done(CloudWatchApi.Answer answer) {
    assertThat(answer).isInstanceOf(CloudWatchApi.Answer.Done.class);
    return (CloudWatchApi.Answer.Done) answer;
  }

  /** The error of a JSON-protocol call, which must be answered as JSON. */
  static AwsError jsonError(CloudWatchApi.Answer answer) {
    assertThat(answer).isInstanceOf(CloudWatchApi.Answer.Failed.class);
    CloudWatchApi.Answer.Failed failed = (CloudWatchApi.Answer.Failed) answer;
    assertThat(failed.json()).isTrue();
    return failed.error();
  }

  /** The error of a query-protocol call, which must be answered as XML. */
  static AwsError queryError(CloudWatchApi.Answer answer) {
    assertThat(answer).isInstanceOf(CloudWatchApi.Answer.Failed.class);
    CloudWatchApi.Answer.Failed failed = (CloudWatchApi.Answer.Failed) answer;
    assertThat(failed.json()).isFalse();
    return failed.error();
  }

  static JsonNode jsonBody(CloudWatchApi.Answer answer) {
    CloudWatchApi.Answer.Done done = done(answer);
    assertThat(done.contentType()).isEqualTo(JSON_TYPE);
    return JSON.readTree(done.text());
  }

  static Document xmlBody(CloudWatchApi.Answer answer) {
    CloudWatchApi.Answer.Done done = done(answer);
    assertThat(done.contentType()).isEqualTo("text/xml");
    try {
      return DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .parse(new ByteArrayInputStream(done.body()));
    } catch (Exception e) {
      throw new AssertionError("not XML: " + done.text(), e);
    }
  }

  /** The text of every node {@code xpath} selects. */
  static List<String> texts(Document document, String xpath) {
    try {
      NodeList nodes =
          (NodeList)
              XPathFactory.newInstance()
                  .newXPath()
                  .evaluate(xpath, document, XPathConstants.NODESET);
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        texts.add(nodes.item(i).getTextContent());
      }
      return texts;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The names of the alarms DescribeAlarms lists for the account in the region (JSON). */
  List<String> alarmNames(Acct acct, String region) {
    List<String> names = new ArrayList<>();
    jsonBody(json(acct, region, "DescribeAlarms", "{}"))
        .get("MetricAlarms")
        .forEach(alarm -> names.add(alarm.get("AlarmName").stringValue()));
    return names;
  }

  /** An alarm on the sum of App/Errors of the web service, over JSON. */
  static String alarm(String name, double threshold) {
    return """
        {"AlarmName":"%s","Namespace":"App","MetricName":"Errors",
         "Dimensions":[{"Name":"Service","Value":"web"}],"Statistic":"Sum","Period":60,
         "EvaluationPeriods":3,"DatapointsToAlarm":2,"Threshold":%s,
         "ComparisonOperator":"GreaterThanThreshold"}"""
        .formatted(name, threshold);
  }
}
