package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.testsupport.Dig;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.VPCRegion;
import software.amazon.awssdk.services.sts.StsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AWS SDK for Java v2, configured with nothing but the endpoint override and a key pair, on the
 * AWS-compatible API (docs/aws-api.md): the caller's identity, and a private zone made, filled,
 * waited for, listed, answered by the real dig from its VPC, and deleted, with the modelled
 * exceptions for a bad batch and a missing zone.
 */
class AwsJavaSdkIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static String accountId;
  private static String token;
  private static StaticCredentialsProvider credentials;

  @BeforeAll
  static void start() throws Exception {
    Dig.assumeInstalled();
    node = RunningNode.start(dataDir, "--isthmus.aws.port=0");
    RunningNode.AwsAccount account = node.awsAccount("sdk");
    accountId = account.id();
    token = account.token();
    credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(account.keyId(), account.secret()));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static URI endpoint() {
    return URI.create("http://127.0.0.1:" + node.awsPort());
  }

  private static Route53Client route53() {
    return Route53Client.builder()
        .endpointOverride(endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Test
  void theSdkLearnsWhoseKeysItHolds() {
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo(accountId);
    }
  }

  @Test
  void aPrivateZoneIsMadeFilledWaitedForListedAnsweredAndDeleted() throws Exception {
    String vpc =
        json(
                node.call(
                    "POST",
                    "/v1/vpcs",
                    token,
                    "{\"name\":\"sdk\",\"region\":\"eu-west-1\",\"cidrs\":[\"127.94.0.0/16\"]}"),
                201)
            .get("id")
            .stringValue();
    try (Route53Client route53 = route53()) {
      CreateHostedZoneResponse created =
          route53.createHostedZone(
              request ->
                  request
                      .name("sdk.aws.example")
                      .callerReference("sdk-zone-1")
                      .vpc(v -> v.vpcId(vpc).vpcRegion(VPCRegion.EU_WEST_1))
                      .hostedZoneConfig(c -> c.privateZone(true).comment("from the Java SDK")));
      String zoneId = created.hostedZone().id();
      // The SDK takes the "/hostedzone/" prefix off the ids it reads, as it does with Route 53's.
      assertThat(zoneId).matches("Z[0-9A-Z]+");
      assertThat(created.location()).endsWith("/hostedzone/" + zoneId);
      assertThat(created.vpc().vpcId()).isEqualTo(vpc);

      String changeId =
          route53
              .changeResourceRecordSets(
                  request ->
                      request
                          .hostedZoneId(zoneId)
                          .changeBatch(
                              batch ->
                                  batch.changes(
                                      List.of(
                                          create("www.sdk.aws.example", RRType.A, "10.94.0.1"),
                                          create("*.sdk.aws.example", RRType.TXT, "\"wild\"")))))
              .changeInfo()
              .id();
      assertThat(
              route53
                  .waiter()
                  .waitUntilResourceRecordSetsChanged(request -> request.id(changeId))
                  .matched()
                  .response()
                  .map(response -> response.changeInfo().status()))
          .contains(ChangeStatus.INSYNC);

      ListResourceRecordSetsResponse listed =
          route53.listResourceRecordSets(request -> request.hostedZoneId(zoneId));
      assertThat(listed.resourceRecordSets().stream().map(ResourceRecordSet::name).toList())
          .containsExactly(
              "sdk.aws.example.",
              "sdk.aws.example.",
              "\\052.sdk.aws.example.",
              "www.sdk.aws.example.");
      assertThat(Dig.query(node.dnsPort, "127.94.0.5", "www.sdk.aws.example").answers("A"))
          .containsExactly("10.94.0.1");
      assertThat(
              route53
                  .listHostedZonesByVPC(
                      request -> request.vpcId(vpc).vpcRegion(VPCRegion.EU_WEST_1))
                  .hostedZoneSummaries())
          .singleElement()
          .satisfies(summary -> assertThat(summary.name()).isEqualTo("sdk.aws.example."));

      assertThatThrownBy(
              () ->
                  route53.changeResourceRecordSets(
                      request ->
                          request
                              .hostedZoneId(zoneId)
                              .changeBatch(
                                  batch ->
                                      batch.changes(
                                          List.of(
                                              create(
                                                  "www.sdk.aws.example", RRType.A, "10.94.0.2"))))))
          .isInstanceOf(InvalidChangeBatchException.class)
          .hasMessageContaining("already exists");

      route53.changeResourceRecordSets(
          request ->
              request
                  .hostedZoneId(zoneId)
                  .changeBatch(
                      batch ->
                          batch.changes(
                              List.of(
                                  delete(listed, "www.sdk.aws.example."),
                                  delete(listed, "\\052.sdk.aws.example.")))));
      route53.deleteHostedZone(request -> request.id(zoneId));
      assertThatThrownBy(() -> route53.getHostedZone(request -> request.id(zoneId)))
          .isInstanceOf(NoSuchHostedZoneException.class)
          .satisfies(e -> assertThat(((NoSuchHostedZoneException) e).statusCode()).isEqualTo(404));
    }
  }

  private static Change create(String name, RRType type, String value) {
    return Change.builder()
        .action(ChangeAction.CREATE)
        .resourceRecordSet(
            ResourceRecordSet.builder()
                .name(name)
                .type(type)
                .ttl(60L)
                .resourceRecords(List.of(ResourceRecord.builder().value(value).build()))
                .build())
        .build();
  }

  @Test
  void ec2AndCloudWatchTakeVpcsMetricsAndAlarms() {
    try (Ec2Client ec2 =
            Ec2Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        CloudWatchClient cloudWatch =
            CloudWatchClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      String vpcId =
          ec2.createVpc(
                  request ->
                      request
                          .cidrBlock("10.96.0.0/16")
                          .tagSpecifications(
                              TagSpecification.builder()
                                  .resourceType(ResourceType.VPC)
                                  .tags(Tag.builder().key("Name").value("sdk-vpc").build())
                                  .build()))
              .vpc()
              .vpcId();
      assertThat(
              ec2.describeVpcs(
                      request ->
                          request.filters(
                              Filter.builder().name("tag:Name").values("sdk-*").build()))
                  .vpcs())
          .singleElement()
          .satisfies(vpc -> assertThat(vpc.vpcId()).isEqualTo(vpcId));
      String subnetId =
          ec2.createSubnet(request -> request.vpcId(vpcId).cidrBlock("10.96.1.0/24"))
              .subnet()
              .subnetId();
      assertThatThrownBy(() -> ec2.deleteVpc(request -> request.vpcId(vpcId)))
          .isInstanceOf(Ec2Exception.class)
          .satisfies(
              e ->
                  assertThat(((Ec2Exception) e).awsErrorDetails().errorCode())
                      .isEqualTo("DependencyViolation"));
      ec2.deleteSubnet(request -> request.subnetId(subnetId));
      ec2.deleteVpc(request -> request.vpcId(vpcId));

      Dimension service = Dimension.builder().name("Service").value("db").build();
      cloudWatch.putMetricData(
          request ->
              request
                  .namespace("Sdk/App")
                  .metricData(
                      MetricDatum.builder()
                          .metricName("HealthyHostCount")
                          .dimensions(service)
                          .timestamp(Instant.now())
                          .value(2.0)
                          .build()));
      cloudWatch.putMetricAlarm(
          request ->
              request
                  .alarmName("sdk-db-down")
                  .namespace("Sdk/App")
                  .metricName("HealthyHostCount")
                  .dimensions(service)
                  .statistic(Statistic.MINIMUM)
                  .period(10)
                  .evaluationPeriods(2)
                  .threshold(1.0)
                  .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD));
      assertThat(
              cloudWatch
                  .describeAlarms(request -> request.alarmNames("sdk-db-down"))
                  .metricAlarms())
          .singleElement()
          .satisfies(
              alarm -> {
                assertThat(alarm.alarmArn())
                    .isEqualTo("arn:aws:cloudwatch:us-east-1:" + accountId + ":alarm:sdk-db-down");
                assertThat(alarm.period()).isEqualTo(10);
                assertThat(alarm.dimensions()).containsExactly(service);
              });
      // The SDK 2.59 registers no exception class for DeleteAlarms' query code ResourceNotFound
      // (its ResourceNotFoundException is another shape's): it raises the service's base class
      // with the code, as botocore raises its ResourceNotFound class (AwsCliIT).
      assertThatThrownBy(() -> cloudWatch.deleteAlarms(request -> request.alarmNames("none")))
          .isInstanceOf(CloudWatchException.class)
          .satisfies(
              e -> {
                CloudWatchException error = (CloudWatchException) e;
                assertThat(error.statusCode()).isEqualTo(404);
                assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
              });
      cloudWatch.deleteAlarms(request -> request.alarmNames("sdk-db-down"));
      assertThat(
              cloudWatch
                  .describeAlarms(request -> request.alarmNames("sdk-db-down"))
                  .metricAlarms())
          .isEmpty();
    }
  }

  /** The DELETE of the listed set at {@code name}, as the SDK read it. */
  private static Change delete(ListResourceRecordSetsResponse listed, String name) {
    ResourceRecordSet set =
        listed.resourceRecordSets().stream()
            .filter(s -> s.name().equals(name))
            .findFirst()
            .orElseThrow();
    return Change.builder().action(ChangeAction.DELETE).resourceRecordSet(set).build();
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }
}
