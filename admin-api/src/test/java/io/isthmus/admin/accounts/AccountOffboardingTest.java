package io.isthmus.admin.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import io.isthmus.config.CloudWatchAlarm;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ResourceShare;
import io.isthmus.config.ResourceShareMember;
import io.isthmus.config.ResourceTag;
import io.isthmus.config.SecurityGroup;
import io.isthmus.config.Subnet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /v1/accounts/{id}/resources}: everything the account owns and every tie of other
 * accounts to it goes, in one write; the other accounts' own resources and the account itself stay.
 */
class AccountOffboardingTest extends ResolverApiTestSupport {
  @Autowired ConfigStore store;

  private static String vpcBody(String vpcId) {
    return "{\"vpcId\":\"" + vpcId + "\"}";
  }

  /** A RAM resource share of the account's, one per account and name. */
  private static ResourceShare ramShare(Acct owner, String name) {
    String arn =
        "arn:aws:ram:us-east-1:"
            + owner.id()
            + ":resource-share/"
            + UUID.nameUUIDFromBytes((owner.id() + name).getBytes(StandardCharsets.UTF_8));
    return new ResourceShare(
        arn, owner.id(), "us-east-1", name, true, null, Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  void everythingTheAccountOwnsAndEveryTieToItGoesAndNothingElse() {
    Acct leaving = account("offboard-leaving");
    Acct staying = account("offboard-staying");
    String leavingVpc = vpc(leaving, "us-east-1");
    String stayingVpc = vpc(staying, "us-east-1");

    // The leaving account's zone, associated with the staying account's VPC too.
    String ownZone = zone(leaving, "leaving.offboard.example", leavingVpc);
    post("/v1/hostedzones/" + ownZone + "/authorizations", leaving.token(), vpcBody(stayingVpc))
        .expect(201);
    post("/v1/hostedzones/" + ownZone + "/associations", staying.token(), vpcBody(stayingVpc))
        .expect(200);
    String check =
        post(
                "/v1/healthchecks",
                leaving.token(),
                "{\"type\":\"TCP\",\"tcp\":{\"ip\":\"10.0.0.5\",\"port\":5432}}")
            .expect(201)
            .text("/id");
    post(
            "/v1/healthchecks",
            leaving.token(),
            "{\"type\":\"CALCULATED\",\"calculated\":{\"childHealthChecks\":[\""
                + check
                + "\"],\"healthThreshold\":1}}")
        .expect(201);
    changeBatch(
            leaving,
            ownZone,
            create("a.leaving.offboard.example", "A", 60, "10.0.0.1")
                + ",{\"action\":\"CREATE\",\"rrset\":{\"name\":\"b.leaving.offboard.example\","
                + "\"type\":\"A\",\"ttl\":60,\"records\":[\"10.0.0.2\"],\"healthCheckId\":\""
                + check
                + "\"}}")
        .expect(200);

    // The staying account's zone, authorized for and associated with the leaving account's VPC.
    String otherZone = zone(staying, "staying.offboard.example", stayingVpc);
    post("/v1/hostedzones/" + otherZone + "/authorizations", staying.token(), vpcBody(leavingVpc))
        .expect(201);
    post("/v1/hostedzones/" + otherZone + "/associations", leaving.token(), vpcBody(leavingVpc))
        .expect(200);
    String authorizedOnly = vpc(leaving, "us-east-1");
    post(
            "/v1/hostedzones/" + otherZone + "/authorizations",
            staying.token(),
            vpcBody(authorizedOnly))
        .expect(201);

    // Rules both ways: the leaving account's, shared and associated with the staying VPC, and the
    // staying account's, shared with the leaving one and associated with its VPC.
    String leavingRule =
        forwardRule(leaving, "out.offboard.example", outbound(leaving, leavingVpc), freshIp());
    share(leaving, leavingRule, staying).expect(201);
    associate(staying, leavingRule, stayingVpc).expect(201);
    String stayingRule =
        forwardRule(staying, "in.offboard.example", outbound(staying, stayingVpc), freshIp());
    share(staying, stayingRule, leaving).expect(201);
    associate(leaving, stayingRule, leavingVpc).expect(201);

    String configs = "/v1/resolver/query-log-configs";
    String ownLog =
        post(configs, leaving.token(), "{\"name\":\"l\",\"destination\":\"file:offboard-l\"}")
            .expect(201)
            .text("/id");
    post(configs + "/" + ownLog + "/associations", leaving.token(), vpcBody(leavingVpc))
        .expect(201);
    String operatorLog =
        post(configs, OPERATOR, "{\"name\":\"op\",\"destination\":\"file:offboard-op\"}")
            .expect(201)
            .text("/id");
    post(configs + "/" + operatorLog + "/associations", OPERATOR, vpcBody(leavingVpc)).expect(201);
    store.write(
        w -> {
          w.putCloudWatchAlarm(
              new CloudWatchAlarm(leaving.id(), "us-east-1", "a", "{}", Instant.now()));
          w.putCloudWatchAlarm(
              new CloudWatchAlarm(leaving.id(), "eu-west-1", "b", "{}", Instant.now()));
          w.putCloudWatchAlarm(
              new CloudWatchAlarm(staying.id(), "us-east-1", "a", "{}", Instant.now()));
          w.insertSubnet(
              new Subnet(
                  "subnet-0ff0ff0ff0ff0ff01",
                  leaving.id(),
                  leavingVpc,
                  "10.0.0.0/28",
                  "us-east-1a"));
          w.insertSecurityGroup(
              new SecurityGroup("sg-0ff0ff0ff0ff0ff01", leaving.id(), leavingVpc, "web", "web"));
          w.putTag(new ResourceTag(leaving.id(), leavingVpc, "Name", "leaving"));
          // RAM resource shares both ways (store V17), as the leaving rule's /v1 share stands.
          w.insertResourceShare(ramShare(leaving, "leaving"));
          w.addResourceShareRule(
              new ResourceShareMember(
                  ramShare(leaving, "leaving").arn(), leavingRule, Instant.now()));
          w.addResourceSharePrincipal(
              new ResourceShareMember(
                  ramShare(leaving, "leaving").arn(), staying.id(), Instant.now()));
          w.insertResourceShare(ramShare(staying, "staying"));
          w.addResourceSharePrincipal(
              new ResourceShareMember(
                  ramShare(staying, "staying").arn(), leaving.id(), Instant.now()));
          return null;
        });

    JsonNode removed =
        delete("/v1/accounts/" + leaving.id() + "/resources", OPERATOR).expect(200).body();

    Map<String, Integer> counts = new LinkedHashMap<>();
    removed.get("removed").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
    assertThat(removed.get("accountId").stringValue()).isEqualTo(leaving.id());
    assertThat(counts)
        .containsExactly(
            Map.entry("otherAccountsZoneAuthorizations", 2),
            Map.entry("otherAccountsZoneAssociations", 1),
            Map.entry("recordSets", 4),
            Map.entry("hostedZones", 1),
            Map.entry("ruleAssociations", 1),
            Map.entry("resolverRules", 1),
            Map.entry("rulesSharedWithTheAccount", 1),
            Map.entry("resourceShares", 1),
            Map.entry("otherAccountsResourceSharesNamingTheAccount", 1),
            Map.entry("otherQueryLogAssociations", 1),
            Map.entry("queryLogConfigs", 1),
            Map.entry("healthChecks", 2),
            Map.entry("cloudWatchAlarms", 2),
            Map.entry("tags", 1),
            Map.entry("resolverEndpoints", 1),
            Map.entry("subnets", 1),
            Map.entry("securityGroups", 1),
            Map.entry("vpcs", 2));

    // The leaving account is empty, and still an account with its token.
    assertThat(get("/v1/vpcs", leaving.token()).expect(200).body().get("items")).isEmpty();
    assertThat(get("/v1/hostedzones", leaving.token()).expect(200).body().get("items")).isEmpty();
    assertThat(get("/v1/healthchecks", leaving.token()).expect(200).body().get("items")).isEmpty();
    assertThat(get("/v1/resolver/rules", leaving.token()).expect(200).body().get("items"))
        .isEmpty();
    assertThat(get("/v1/resolver/endpoints", leaving.token()).expect(200).body().get("items"))
        .isEmpty();
    assertThat(store.cloudWatchAlarms(leaving.id(), "us-east-1")).isEmpty();
    assertThat(store.cloudWatchAlarms(leaving.id(), "eu-west-1")).isEmpty();

    // The staying account keeps its own: its zone (now only in its VPC), rule, endpoint, alarm.
    assertThat(store.associatedVpcIds(otherZone)).containsExactly(stayingVpc);
    assertThat(store.authorizedVpcIds(otherZone)).isEmpty();
    assertThat(store.rule(stayingRule)).isPresent();
    assertThat(store.ruleShares(stayingRule)).isEmpty();
    assertThat(store.resourceShares(leaving.id(), null)).isEmpty();
    assertThat(store.resourceShares(staying.id(), null)).hasSize(1);
    assertThat(store.resourceSharePrincipals(ramShare(staying, "staying").arn())).isEmpty();
    assertThat(store.ruleAssociations(stayingVpc)).isEmpty();
    assertThat(store.cloudWatchAlarms(staying.id(), "us-east-1")).hasSize(1);
    assertThat(store.queryLogConfig(operatorLog)).isPresent();
    assertThat(store.queryLogAssociations(operatorLog)).isEmpty();
    assertThat(store.zone(ownZone)).isEmpty();

    // Again: nothing left to remove.
    JsonNode again =
        delete("/v1/accounts/" + leaving.id() + "/resources", OPERATOR).expect(200).body();
    again.get("removed").properties().forEach(e -> assertThat(e.getValue().asInt()).isZero());
  }

  @Test
  void onlyTheOperatorOffboardsAndOnlyAnAccountThatExists() {
    Acct account = account("offboard-self");
    String vpc = vpc(account, "us-east-1");

    assertThat(delete("/v1/accounts/" + account.id() + "/resources", account.token()).status())
        .isEqualTo(403);
    assertThat(store.vpc(vpc)).isPresent();
    assertThat(
            delete("/v1/accounts/no-such-account/resources", OPERATOR)
                .expect(404)
                .body()
                .toString())
        .contains("ResourceNotFound");
  }
}
