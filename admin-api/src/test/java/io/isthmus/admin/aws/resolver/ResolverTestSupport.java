package io.isthmus.admin.aws.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.aws.ec2.Ec2Api;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigStore;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls of the Route 53 Resolver facade as its clients make them, and the EC2 network (VPC, two
 * subnets, a security group) its endpoints are made in.
 */
abstract class ResolverTestSupport extends ApiTestSupport {
  static final String REGION = "eu-west-1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired Route53ResolverApi api;
  @Autowired Ec2Api ec2;
  @Autowired ConfigStore store;

  /** An EC2 VPC with two /28 subnets and a security group. */
  record Network(String vpcId, String cidr, String subnet1, String subnet2, String groupId) {
    /** The address at {@code offset} of the VPC's /24. */
    String ip(int offset) {
      return cidr.substring(0, cidr.lastIndexOf('.') + 1) + offset;
    }
  }

  static Caller caller(Acct acct) {
    return new Caller.Member(new Account(acct.id(), acct.name()));
  }

  Route53ResolverApi.Answer call(Acct acct, String operation, String body) {
    return api.handle(
        caller(acct),
        REGION,
        "Route53Resolver." + operation,
        body.getBytes(StandardCharsets.UTF_8));
  }

  JsonNode ok(Acct acct, String operation, String body) {
    Route53ResolverApi.Answer answer = call(acct, operation, body);
    assertThat(answer.status()).as(answer.json()).isEqualTo(200);
    return JSON.readTree(answer.json());
  }

  /** The {@code __type} of an error answer, which must be a 400 with a message. */
  String error(Acct acct, String operation, String body) {
    Route53ResolverApi.Answer answer = call(acct, operation, body);
    assertThat(answer.status()).as(answer.json()).isEqualTo(400);
    JsonNode json = JSON.readTree(answer.json());
    assertThat(json.get("message").stringValue()).isNotBlank();
    return json.get("__type").stringValue();
  }

  /** The message of an error answer. */
  String message(Acct acct, String operation, String body) {
    return JSON.readTree(call(acct, operation, body).json()).get("message").stringValue();
  }

  Network network(Acct acct) {
    String cidr = freshCidr();
    String vpcId = ec2Id(acct, "Action=CreateVpc&CidrBlock=" + cidr, "vpcId");
    String prefix = cidr.substring(0, cidr.lastIndexOf('.') + 1);
    String subnet1 =
        ec2Id(
            acct,
            "Action=CreateSubnet&VpcId=" + vpcId + "&CidrBlock=" + prefix + "0/28",
            "subnetId");
    String subnet2 =
        ec2Id(
            acct,
            "Action=CreateSubnet&VpcId=" + vpcId + "&CidrBlock=" + prefix + "16/28",
            "subnetId");
    String group =
        ec2Id(
            acct,
            "Action=CreateSecurityGroup&VpcId="
                + vpcId
                + "&GroupName=resolver&GroupDescription=resolver",
            "groupId");
    return new Network(vpcId, cidr, subnet1, subnet2, group);
  }

  private String ec2Id(Acct acct, String form, String element) {
    Ec2Api.Answer answer =
        ec2.handle(caller(acct), REGION, QueryRequest.parse(form + "&Version=2016-11-15"), "r");
    assertThat(answer.status()).as(answer.xml()).isEqualTo(200);
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</").matcher(answer.xml());
    assertThat(m.find()).as(answer.xml()).isTrue();
    return m.group(1);
  }

  /** The body of a CreateResolverEndpoint in the network's two subnets, addresses chosen. */
  static String endpointBody(Network net, String creator, String direction) {
    return """
        {"CreatorRequestId":"%s","Name":"ep-%s","Direction":"%s","SecurityGroupIds":["%s"],
         "IpAddresses":[{"SubnetId":"%s"},{"SubnetId":"%s"}]}"""
        .formatted(creator, creator, direction, net.groupId(), net.subnet1(), net.subnet2());
  }

  String outbound(Acct acct, Network net, String creator) {
    return ok(acct, "CreateResolverEndpoint", endpointBody(net, creator, "OUTBOUND"))
        .at("/ResolverEndpoint/Id")
        .stringValue();
  }

  String forwardRule(Acct acct, String endpointId, String creator, String domain) {
    return ok(
            acct,
            "CreateResolverRule",
            """
            {"CreatorRequestId":"%s","Name":"r-%s","RuleType":"FORWARD","DomainName":"%s",
             "TargetIps":[{"Ip":"192.168.50.1","Port":5353}],"ResolverEndpointId":"%s"}"""
                .formatted(creator, creator, domain, endpointId))
        .at("/ResolverRule/Id")
        .stringValue();
  }
}
