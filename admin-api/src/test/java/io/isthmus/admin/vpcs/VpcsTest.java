package io.isthmus.admin.vpcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import org.junit.jupiter.api.Test;

class VpcsTest extends ApiTestSupport {

  @Test
  void createAnswersTheVpc() {
    Acct acct = account("vpc-owner");
    String cidr = freshCidr();

    Reply reply =
        post(
                "/v1/vpcs",
                acct.token(),
                "{\"name\":\"net-use1\",\"region\":\"us-east-1\",\"cidrs\":[\"" + cidr + "\"]}")
            .expect(201);

    String id = reply.text("/id");
    assertThat(id).matches("vpc-[0-9a-f]{17}");
    assertThat(reply.raw().getHeader("Location")).isEqualTo("/v1/vpcs/" + id);
    assertThat(reply.text("/accountId")).isEqualTo(acct.id());
    assertThat(reply.text("/name")).isEqualTo("net-use1");
    assertThat(reply.text("/region")).isEqualTo("us-east-1");
    assertThat(reply.text("/cidrs/0")).isEqualTo(cidr);
    assertThat(get("/v1/vpcs/" + id, acct.token()).expect(200).body()).isEqualTo(reply.body());
  }

  @Test
  void everyInvalidFieldIsListedAtOnce() {
    Acct acct = account("sloppy");

    Reply reply =
        post(
                "/v1/vpcs",
                acct.token(),
                """
                {"name":"bad name!","region":"US East","cidrs":
                  ["10.250.0.0/33","nope","10.251.0.1/16","10.252.0.0/16","10.252.1.0/24"]}
                """)
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields())
        .containsExactly("name", "region", "cidrs[0]", "cidrs[1]", "cidrs[2]", "cidrs[4]");
    assertThat(reply.text("/errors/4/message")).contains("10.251.0.0/16");
    assertThat(reply.text("/errors/5/message")).isEqualTo("overlaps cidrs[3]");
  }

  @Test
  void wrongTypesAndMissingFieldsAreListedTogether() {
    Acct acct = account("typo");

    Reply reply =
        post("/v1/vpcs", acct.token(), "{\"name\":7,\"cidrs\":\"10.0.0.0/8\"}")
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields()).containsExactly("name", "cidrs", "region");
    assertThat(reply.text("/errors/0/message")).isEqualTo("must be a string");
    assertThat(reply.text("/errors/1/message")).isEqualTo("must be an array");
  }

  @Test
  void overlapWithAnotherAccountsVpcIsRejectedWithoutNamingIt() {
    Acct first = account("first-net");
    Acct second = account("second-net");
    String cidr = freshCidr();
    String taken =
        post(
                "/v1/vpcs",
                first.token(),
                "{\"name\":\"a\",\"region\":\"us-east-1\",\"cidrs\":[\"" + cidr + "\"]}")
            .expect(201)
            .text("/id");
    String inside = cidr.replace(".0/24", ".128/25");

    // Another region does not help: the source address alone picks the VPC.
    Reply reply =
        post(
                "/v1/vpcs",
                second.token(),
                "{\"name\":\"b\",\"region\":\"eu-west-1\",\"cidrs\":[\""
                    + freshCidr()
                    + "\",\""
                    + inside
                    + "\"]}")
            .problem(400, "InvalidRequest");

    assertThat(reply.errorFields()).containsExactly("cidrs[1]");
    assertThat(reply.body().toString()).doesNotContain(taken).doesNotContain(cidr);
  }

  @Test
  void overlapWithAnOwnVpcNamesIt() {
    Acct acct = account("own-overlap");
    String cidr = freshCidr();
    String taken =
        post(
                "/v1/vpcs",
                acct.token(),
                "{\"name\":\"a\",\"region\":\"us-east-1\",\"cidrs\":[\"" + cidr + "\"]}")
            .expect(201)
            .text("/id");

    Reply reply =
        post(
                "/v1/vpcs",
                acct.token(),
                "{\"name\":\"b\",\"region\":\"us-east-1\",\"cidrs\":[\"10.0.0.0/8\"]}")
            .problem(400, "InvalidRequest");

    assertThat(reply.body().get("errors").toString()).contains(taken);
  }

  @Test
  void anotherAccountsVpcIsInvisible() {
    Acct owner = account("visible-owner");
    Acct stranger = account("stranger");
    String vpcId = vpc(owner, "us-east-1");

    get("/v1/vpcs/" + vpcId, stranger.token()).problem(404, "NoSuchVpc");
    delete("/v1/vpcs/" + vpcId, stranger.token()).problem(404, "NoSuchVpc");
    get("/v1/vpcs/" + vpcId + "/hostedzones", stranger.token()).problem(404, "NoSuchVpc");
    assertThat(get("/v1/vpcs", stranger.token()).expect(200).body().get("items")).isEmpty();
    get("/v1/vpcs/" + vpcId, OPERATOR).expect(200);
  }

  @Test
  void theOperatorOwnsNoVpcs() {
    post(
            "/v1/vpcs",
            OPERATOR,
            "{\"name\":\"a\",\"region\":\"us-east-1\",\"cidrs\":[\"" + freshCidr() + "\"]}")
        .problem(403, "AccessDenied");
  }

  @Test
  void aVpcInUseByAZoneCannotBeDeleted() {
    Acct acct = account("deleter");
    String vpcId = vpc(acct, "us-east-1");
    String zoneId = zone(acct, "in-use.example", vpcId);

    delete("/v1/vpcs/" + vpcId, acct.token()).problem(409, "ResourceInUse");

    delete("/v1/hostedzones/" + zoneId, acct.token()).expect(200);
    delete("/v1/vpcs/" + vpcId, acct.token()).expect(204);
    get("/v1/vpcs/" + vpcId, acct.token()).problem(404, "NoSuchVpc");
  }
}
