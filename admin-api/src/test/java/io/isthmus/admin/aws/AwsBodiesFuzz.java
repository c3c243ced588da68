package io.isthmus.admin.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.cloudwatch.CloudWatchApi;
import io.isthmus.admin.aws.ec2.Ec2Api;
import io.isthmus.admin.aws.ram.RamApi;
import io.isthmus.admin.aws.resolver.Route53ResolverApi;
import io.isthmus.admin.aws.route53.Route53Api;
import io.isthmus.config.Account;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Coverage-guided fuzzing of the AWS-compatible API's request bodies through its real parts (the
 * Route 53 REST-XML calls, EC2's query forms, CloudWatch's JSON, query and CBOR bodies, Route 53
 * Resolver's JSON, RAM's REST-JSON) over the test application's store, after the signature (which a
 * fuzzer cannot forge). Each input is one request: its first byte picks the call, the rest is the
 * body as raw bytes.
 *
 * <p>Properties: nothing throws; an error is a 4xx with an AWS code (never a 5xx: a bad body is the
 * client's fault); an EC2 answer is 200 or 400. Seeds: {@code
 * src/test/resources/io/isthmus/admin/aws/AwsBodiesFuzzInputs/bodies/}. See docs/fuzzing.md.
 */
class AwsBodiesFuzz extends ApiTestSupport {
  @Autowired Route53Api route53;
  @Autowired Ec2Api ec2;
  @Autowired CloudWatchApi cloudWatch;
  @Autowired Route53ResolverApi resolver;
  @Autowired RamApi ram;

  /** One call the fuzzer fills the body of: the body to its answer's status and error code. */
  private record Target(String name, Function<byte[], Outcome> call) {}

  /** What a call answered: its status, and its error code (null for a success). */
  private record Outcome(int status, String code) {}

  private static List<Target> targets;

  private List<Target> targets() {
    if (targets == null) {
      Acct acct = account("aws-fuzz");
      String vpc = vpc(acct, "us-east-1");
      String zone = zone(acct, "aws-fuzz.example", vpc);
      String check =
          post(
                  "/v1/healthchecks",
                  acct.token(),
                  "{\"type\":\"TCP\",\"tcp\":{\"ip\":\"10.0.0.5\",\"port\":5432}}")
              .expect(201)
              .text("/id");
      Caller caller = new Caller.Member(new Account(acct.id(), acct.name()));
      targets =
          List.of(
              route53(caller, "/2013-04-01/hostedzone"),
              route53(caller, "/2013-04-01/hostedzone/" + zone + "/rrset"),
              route53(caller, "/2013-04-01/hostedzone/" + zone),
              route53(caller, "/2013-04-01/hostedzone/" + zone + "/associatevpc"),
              route53(caller, "/2013-04-01/hostedzone/" + zone + "/authorizevpcassociation"),
              route53(caller, "/2013-04-01/healthcheck"),
              route53(caller, "/2013-04-01/healthcheck/" + check),
              route53(caller, "/2013-04-01/tags/hostedzone/" + zone),
              route53(caller, "/2013-04-01/tags/healthcheck"),
              new Target(
                  "EC2",
                  body -> {
                    Ec2Api.Answer answer =
                        ec2.handle(
                            caller,
                            "us-east-1",
                            QueryRequest.parse(new String(body, StandardCharsets.UTF_8)),
                            "fuzz");
                    assertThat(answer.status()).isIn(200, 400);
                    return new Outcome(answer.status(), answer.status() == 200 ? null : "EC2");
                  }),
              cloudWatch(
                  caller,
                  "/",
                  "application/x-amz-json-1.0",
                  "GraniteServiceVersion20100801.PutMetricAlarm"),
              cloudWatch(caller, "/", "application/x-www-form-urlencoded", null),
              cloudWatch(
                  caller,
                  "/service/GraniteServiceVersion20100801/operation/PutMetricData",
                  "application/cbor",
                  null),
              resolver(caller, "CreateResolverEndpoint"),
              resolver(caller, "CreateResolverRule"),
              resolver(caller, "PutResolverRulePolicy"),
              resolver(caller, "ListResolverRules"),
              ram(caller, "/createresourceshare"),
              ram(caller, "/associateresourceshare"),
              ram(caller, "/getresourceshares"));
    }
    return targets;
  }

  private Target route53(Caller caller, String path) {
    return new Target(
        "POST " + path,
        body -> {
          Route53Api.Answer answer =
              route53.handle(caller, "POST", path, QueryRequest.parse(null), body);
          if (answer instanceof Route53Api.Answer.Failed failed) {
            return new Outcome(failed.error().status(), failed.error().code());
          }
          return new Outcome(((Route53Api.Answer.Done) answer).status(), null);
        });
  }

  private Target cloudWatch(Caller caller, String path, String contentType, String target) {
    return new Target(
        "CloudWatch " + contentType,
        body -> {
          CloudWatchApi.Answer answer =
              cloudWatch.handle(
                  caller,
                  "us-east-1",
                  new CloudWatchApi.Call(path, contentType, target, null, body),
                  "fuzz");
          if (answer instanceof CloudWatchApi.Answer.Failed failed) {
            return new Outcome(failed.error().status(), failed.error().code());
          }
          CloudWatchApi.Answer.Done done = (CloudWatchApi.Answer.Done) answer;
          return new Outcome(done.status(), done.status() < 300 ? null : "in the body");
        });
  }

  private Target resolver(Caller caller, String operation) {
    return new Target(
        "Route53Resolver." + operation,
        body -> {
          Route53ResolverApi.Answer answer =
              resolver.handle(caller, "us-east-1", "Route53Resolver." + operation, body);
          return new Outcome(answer.status(), answer.status() == 200 ? null : answer.json());
        });
  }

  private Target ram(Caller caller, String path) {
    return new Target(
        "RAM POST " + path,
        body -> {
          RamApi.Answer answer =
              ram.handle(caller, "us-east-1", "POST", path, QueryRequest.parse(null), body);
          return new Outcome(answer.status(), answer.errorType());
        });
  }

  /** Element and parameter names of the three protocols, so mutations get past the parsers. */
  @DictionaryEntries({
    "<CreateHostedZoneRequest>",
    "<ChangeResourceRecordSetsRequest>",
    "<ChangeBatch>",
    "<Changes>",
    "<Change>",
    "<Action>",
    "<ResourceRecordSet>",
    "<Name>",
    "<Type>",
    "<TTL>",
    "<ResourceRecords>",
    "<ResourceRecord>",
    "<Value>",
    "<SetIdentifier>",
    "<Weight>",
    "<Failover>",
    "<AliasTarget>",
    "<DNSName>",
    "<HealthCheckConfig>",
    "<CallerReference>",
    "<VPC>",
    "<VPCId>",
    "<VPCRegion>",
    "<AddTags>",
    "<Tag>",
    "<Key>",
    "<RemoveTagKeys>",
    "<!DOCTYPE",
    "Action=CreateVpc",
    "Action=DescribeVpcs",
    "Action=CreateSubnet",
    "&Filter.1.Name=",
    "&Filter.1.Value.1=",
    "&CidrBlock=",
    "&VpcId=",
    "&TagSpecification.1.Tag.1.Key=",
    "\"MetricData\":",
    "\"AlarmName\":",
    "\"Threshold\":",
    "\"Period\":",
    "Action=PutMetricAlarm",
    "Action=PutMetricData",
    "\"IpAddresses\":[{\"SubnetId\":",
    "\"TargetIps\":[{\"Ip\":",
    "\"ResolverRulePolicy\":",
    "\"Filters\":[{\"Name\":",
    "\"NextToken\":",
    "\"resourceArns\":[\"arn:aws:route53resolver:us-east-1:",
    "\"principals\":[\"",
    "\"resourceShareArn\":\"arn:aws:ram:us-east-1:",
    "\"resourceOwner\":\"SELF\"",
    "&Version=2010-08-01",
    "%",
    "1e309"
  })
  @FuzzTest(maxDuration = "20s")
  void bodies(byte[] input) {
    if (input.length == 0) {
      return;
    }
    List<Target> all = targets();
    Target target = all.get((input[0] & 0xFF) % all.size());
    Outcome outcome = target.call().apply(Arrays.copyOfRange(input, 1, input.length));
    String described = target.name() + " → " + outcome;
    assertThat(outcome.status()).as(described).isLessThan(500);
    if (outcome.status() >= 400) {
      assertThat(outcome.code()).as(described).isNotBlank();
    }
  }
}
