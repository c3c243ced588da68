package io.isthmus.admin.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The lint warnings in the answers of the API: rule associations, zone associations and creations,
 * change batches. Each test names its own domains, so that no other test's zone or rule is in the
 * VPCs it looks at.
 */
class ShadowWarningsTest extends ResolverApiTestSupport {

  private static List<String> codes(Reply reply, String path) {
    List<String> codes = new ArrayList<>();
    JsonNode warnings = reply.body().at(path);
    warnings.forEach(warning -> codes.add(warning.get("code").stringValue()));
    return codes;
  }

  private static String message(Reply reply, String path) {
    return reply.body().at(path + "/0/message").stringValue();
  }

  private String recordsZone(Acct owner, String name, String vpcId, String... records) {
    String zoneId = zone(owner, name, vpcId);
    List<String> creates = new ArrayList<>();
    for (String record : records) {
      creates.add(create(record, "A", 60, "10.0.0.1"));
    }
    changeBatch(owner, zoneId, String.join(",", creates)).expect(200);
    return zoneId;
  }

  private Reply associateZone(Acct caller, String zoneId, String vpcId) {
    return post(
        "/v1/hostedzones/" + zoneId + "/associations",
        caller.token(),
        "{\"vpcId\":\"" + vpcId + "\"}");
  }

  @Test
  void aForwardRuleAssociatedWhereAZoneHasItsDomainOverridesTheZone() {
    Acct acct = account("lint-rule");
    String vpcId = vpc(acct, "us-east-1");
    String zoneId = zone(acct, "over.lint.example", vpcId);
    String ruleId = forwardRule(acct, "over.lint.example", outbound(acct, vpcId), "192.168.9.53");

    Reply reply = associate(acct, ruleId, vpcId).expect(201);

    assertThat(codes(reply, "/warnings")).containsExactly("RuleOverridesZone");
    assertThat(message(reply, "/warnings"))
        .contains(vpcId)
        .contains("resolver rule " + ruleId)
        .contains("hosted zone " + zoneId + " (over.lint.example.)");
    assertThat(reply.text("/resolverRuleId")).isEqualTo(ruleId);
    assertThat(reply.text("/status")).isEqualTo("COMPLETE");
    // The list shows associations without warnings.
    Reply listed = get("/v1/resolver/rule-associations?vpcId=" + vpcId, acct.token()).expect(200);
    assertThat(listed.body().get("items").get(0).has("warnings")).isFalse();
  }

  @Test
  void aForwardRuleBelowAZoneHidesTheZonesNamesUnderIt() {
    Acct acct = account("lint-rule-below");
    String vpcId = vpc(acct, "us-east-1");
    recordsZone(
        acct, "below.lint.example", vpcId, "db.dc.below.lint.example", "www.below.lint.example");
    String ruleId =
        forwardRule(acct, "dc.below.lint.example", outbound(acct, vpcId), "192.168.9.53");

    Reply reply = associate(acct, ruleId, vpcId).expect(201);

    assertThat(codes(reply, "/warnings")).containsExactly("RuleHidesRecords");
    assertThat(message(reply, "/warnings"))
        .contains("1 record name")
        .endsWith(": db.dc.below.lint.example..");
  }

  @Test
  void aSystemRuleOrAnUnrelatedRuleWarnsOfNothing() {
    Acct acct = account("lint-system");
    String vpcId = vpc(acct, "us-east-1");
    zone(acct, "sys.lint.example", vpcId);

    Reply system = associate(acct, systemRule(acct, "sys.lint.example", "us-east-1"), vpcId);
    assertThat(system.expect(201).body().has("warnings")).isFalse();
    String unrelated =
        forwardRule(acct, "elsewhere.lint.example", outbound(acct, vpcId), "192.168.9.53");
    assertThat(associate(acct, unrelated, vpcId).expect(201).body().has("warnings")).isFalse();
  }

  @Test
  void aZoneAssociatedWhereAForwardRuleHasItsNameIsOverridden() {
    Acct acct = account("lint-zone-rule");
    String vpcId = vpc(acct, "us-east-1");
    String ruleId = forwardRule(acct, "fwd.lint.example", outbound(acct, vpcId), "192.168.9.53");
    associate(acct, ruleId, vpcId).expect(201);

    // Creating the zone in the VPC associates it: the warning is the zone's.
    Reply created =
        post(
                "/v1/hostedzones",
                acct.token(),
                "{\"name\":\"fwd.lint.example\",\"vpcId\":\"" + vpcId + "\"}")
            .expect(201);
    assertThat(codes(created, "/warnings")).containsExactly("RuleOverridesZone");
    assertThat(created.body().get("change").has("warnings")).isFalse();

    // The same when the zone is associated with a second VPC that has the rule.
    String second = vpc(acct, "us-east-1");
    associate(acct, ruleId, second).expect(201);
    Reply associated = associateZone(acct, created.text("/id"), second).expect(200);
    assertThat(codes(associated, "/warnings")).containsExactly("RuleOverridesZone");
    assertThat(message(associated, "/warnings")).contains(second);
    assertThat(associated.text("/status")).isEqualTo("INSYNC");
  }

  @Test
  void aParentZoneAssociatedWhereAChildZoneIsLosesTheNamesBelowIt() {
    Acct acct = account("lint-parent");
    String parentVpc = vpc(acct, "us-east-1");
    String childVpc = vpc(acct, "us-east-1");
    String parentId =
        recordsZone(
            acct,
            "aws.lint-parent.local",
            parentVpc,
            "host.app1.aws.lint-parent.local",
            "www.aws.lint-parent.local");
    String childId = zone(acct, "app1.aws.lint-parent.local", childVpc);

    Reply reply = associateZone(acct, parentId, childVpc).expect(200);

    assertThat(codes(reply, "/warnings")).containsExactly("ZoneHidesRecords");
    assertThat(message(reply, "/warnings"))
        .isEqualTo(
            "In VPC "
                + childVpc
                + ", hosted zone "
                + childId
                + " (app1.aws.lint-parent.local.) answers every name in"
                + " app1.aws.lint-parent.local.: 1 record name of hosted zone "
                + parentId
                + " (aws.lint-parent.local.) at or below app1.aws.lint-parent.local. is"
                + " unreachable there: host.app1.aws.lint-parent.local..");
  }

  @Test
  void aChildZoneCreatedWhereItsParentIsHidesTheParentsNames() {
    Acct acct = account("lint-child");
    String vpcId = vpc(acct, "us-east-1");
    recordsZone(acct, "aws.lint-child.local", vpcId, "host.app1.aws.lint-child.local");

    Reply created =
        post(
                "/v1/hostedzones",
                acct.token(),
                "{\"name\":\"app1.aws.lint-child.local\",\"vpcId\":\"" + vpcId + "\"}")
            .expect(201);

    assertThat(codes(created, "/warnings")).containsExactly("ZoneHidesRecords");
    assertThat(message(created, "/warnings")).endsWith(": host.app1.aws.lint-child.local..");
  }

  @Test
  void anotherAccountsZoneIsNotDisclosed() {
    Acct owner = account("lint-foreign-owner");
    Acct net = account("lint-foreign-net");
    String netVpc = vpc(net, "us-east-1");
    String parentId =
        recordsZone(
            owner,
            "aws.lint-foreign.local",
            vpc(owner, "us-east-1"),
            "host.app1.aws.lint-foreign.local");
    post(
            "/v1/hostedzones/" + parentId + "/authorizations",
            owner.token(),
            "{\"vpcId\":\"" + netVpc + "\"}")
        .expect(201);
    associateZone(net, parentId, netVpc).expect(200);

    Reply created =
        post(
                "/v1/hostedzones",
                net.token(),
                "{\"name\":\"app1.aws.lint-foreign.local\",\"vpcId\":\"" + netVpc + "\"}")
            .expect(201);

    assertThat(codes(created, "/warnings")).containsExactly("ZoneHidesRecords");
    assertThat(message(created, "/warnings"))
        .contains("1 record name of a hosted zone of another account (aws.lint-foreign.local.)")
        .doesNotContain(parentId)
        .doesNotContain("host.app1");
  }

  @Test
  void aBatchPuttingNamesAMoreSpecificZoneAnswersIsWarned() {
    Acct acct = account("lint-batch");
    String vpcId = vpc(acct, "us-east-1");
    String parentId = zone(acct, "aws.lint-batch.local", vpcId);
    String childId = zone(acct, "app1.aws.lint-batch.local", vpcId);

    Reply hidden =
        changeBatch(
                acct,
                parentId,
                create("host.app1.aws.lint-batch.local", "A", 60, "10.0.0.1")
                    + ","
                    + create("www.aws.lint-batch.local", "A", 60, "10.0.0.2"))
            .expect(200);

    assertThat(codes(hidden, "/warnings")).containsExactly("ZoneHidesRecords");
    assertThat(message(hidden, "/warnings"))
        .contains("hosted zone " + childId)
        .endsWith(": host.app1.aws.lint-batch.local..");
    assertThat(hidden.text("/status")).isEqualTo("INSYNC");

    Reply fine =
        changeBatch(acct, parentId, create("ftp.aws.lint-batch.local", "A", 60, "10.0.0.3"))
            .expect(200);
    assertThat(fine.body().has("warnings")).isFalse();
    // A batch that deletes puts nothing that could be hidden.
    Reply deleting =
        changeBatch(
                acct,
                parentId,
                change("DELETE", "host.app1.aws.lint-batch.local", "A", 60, "10.0.0.1"))
            .expect(200);
    assertThat(deleting.body().has("warnings")).isFalse();
    // The change read back carries no warnings: they belong to the request.
    assertThat(get("/v1/changes/" + hidden.text("/id"), acct.token()).body().has("warnings"))
        .isFalse();
  }

  @Test
  void aBatchPuttingNamesAForwardRuleTakesIsWarned() {
    Acct acct = account("lint-batch-rule");
    String vpcId = vpc(acct, "us-east-1");
    String zoneId = zone(acct, "batch-rule.lint.example", vpcId);
    String ruleId =
        forwardRule(acct, "dc.batch-rule.lint.example", outbound(acct, vpcId), "192.168.9.53");
    associate(acct, ruleId, vpcId).expect(201);

    Reply reply =
        changeBatch(acct, zoneId, create("x.dc.batch-rule.lint.example", "A", 60, "10.0.0.1"))
            .expect(200);

    assertThat(codes(reply, "/warnings")).containsExactly("RuleHidesRecords");
    assertThat(message(reply, "/warnings")).contains("resolver rule " + ruleId);
  }

  @Test
  void nothingShadowedNoWarnings() {
    Acct acct = account("lint-none");
    String vpcId = vpc(acct, "us-east-1");
    Reply created =
        post(
                "/v1/hostedzones",
                acct.token(),
                "{\"name\":\"quiet.lint.example\",\"vpcId\":\"" + vpcId + "\"}")
            .expect(201);
    assertThat(created.body().has("warnings")).isFalse();
    Reply sibling =
        post(
                "/v1/hostedzones",
                acct.token(),
                "{\"name\":\"calm.lint.example\",\"vpcId\":\"" + vpcId + "\"}")
            .expect(201);
    assertThat(sibling.body().has("warnings")).isFalse();
    String second = vpc(acct, "us-east-1");
    assertThat(associateZone(acct, created.text("/id"), second).expect(200).body().has("warnings"))
        .isFalse();
    Reply batch =
        changeBatch(
                acct, created.text("/id"), create("www.quiet.lint.example", "A", 60, "10.0.0.1"))
            .expect(200);
    assertThat(batch.body().has("warnings")).isFalse();
    assertThat(batch.body().get("pendingNodes")).isEmpty();
  }
}
