package io.isthmus.admin.aws.resolver;

import static io.isthmus.admin.aws.resolver.ResolverRulesTest.associateBody;
import static io.isthmus.admin.aws.resolver.ResolverRulesTest.ruleIds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A rule's resource policy as the accounts it is shared with (what AWS RAM writes). */
class ResolverRulePoliciesTest extends ResolverTestSupport {
  private static final String ACTIONS =
      """
      ["route53resolver:GetResolverRule","route53resolver:AssociateResolverRule",
       "route53resolver:DisassociateResolverRule","route53resolver:ListResolverRules",
       "route53resolver:ListResolverRuleAssociations"]""";

  private static String policy(String principals, String actions, String arn) {
    String document =
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":%s},
         "Action":%s,"Resource":"%s"}]}"""
            .formatted(principals, actions, arn);
    return JsonMapper.builder().build().writeValueAsString(document);
  }

  private static String put(String arn, String policy) {
    return "{\"Arn\":\"" + arn + "\",\"ResolverRulePolicy\":" + policy + "}";
  }

  @Test
  void aPolicySharesTheRuleWithItsPrincipalsWhoMayAssociateButNotChangeIt() {
    Acct owner = account("rr-pol-owner");
    Acct partner = account("rr-pol-partner");
    Acct spare = account("rr-pol-spare");
    String endpoint = outbound(owner, network(owner), "ep");
    String rule = forwardRule(owner, endpoint, "r", "shared.example");
    String arn = ResolverArns.rule(REGION, owner.id(), rule);
    Network partnerNet = network(partner);

    assertThat(
            ok(
                    owner,
                    "PutResolverRulePolicy",
                    put(
                        arn,
                        policy(
                            "[\"arn:aws:iam::" + partner.id() + ":root\",\"" + spare.id() + "\"]",
                            ACTIONS,
                            arn)))
                .get("ReturnValue")
                .booleanValue())
        .isTrue();

    assertThat(
            get("/v1/resolver/rules/" + rule + "/shares", owner.token())
                .expect(200)
                .body()
                .get("items"))
        .hasSize(2);
    JsonNode seen = ok(partner, "GetResolverRule", "{\"ResolverRuleId\":\"" + rule + "\"}");
    assertThat(seen.at("/ResolverRule/ShareStatus").stringValue()).isEqualTo("SHARED_WITH_ME");
    assertThat(ruleIds(ok(partner, "ListResolverRules", "{}"))).containsExactly(rule);
    assertThat(
            ok(owner, "GetResolverRule", "{\"ResolverRuleId\":\"" + rule + "\"}")
                .at("/ResolverRule/ShareStatus")
                .stringValue())
        .isEqualTo("SHARED_BY_ME");
    ok(partner, "AssociateResolverRule", associateBody(rule, partnerNet.vpcId(), null));
    assertThat(
            error(
                partner,
                "UpdateResolverRule",
                "{\"ResolverRuleId\":\"" + rule + "\",\"Config\":{\"Name\":\"mine\"}}"))
        .isEqualTo("AccessDeniedException");
    assertThat(error(partner, "DeleteResolverRule", "{\"ResolverRuleId\":\"" + rule + "\"}"))
        .isEqualTo("AccessDeniedException");
    assertThat(error(partner, "GetResolverRulePolicy", "{\"Arn\":\"" + arn + "\"}"))
        .isEqualTo("AccessDeniedException");
    assertThat(
            error(
                partner,
                "PutResolverRulePolicy",
                put(arn, policy("[\"" + partner.id() + "\"]", ACTIONS, arn))))
        .isEqualTo("AccessDeniedException");

    JsonNode got = ok(owner, "GetResolverRulePolicy", "{\"Arn\":\"" + arn + "\"}");
    JsonNode document =
        JsonMapper.builder().build().readTree(got.get("ResolverRulePolicy").stringValue());
    assertThat(document.at("/Statement/0/Effect").stringValue()).isEqualTo("Allow");
    assertThat(document.at("/Statement/0/Principal/AWS").toString())
        .contains("arn:aws:iam::" + partner.id() + ":root", "arn:aws:iam::" + spare.id() + ":root");
    assertThat(document.at("/Statement/0/Resource/0").stringValue()).isEqualTo(arn);
    assertThat(document.at("/Statement/0/Action")).hasSize(5);

    // A policy that no longer names the partner unshares the rule and ends its association.
    ok(
        owner,
        "PutResolverRulePolicy",
        put(arn, policy("\"" + spare.id() + "\"", "\"route53resolver:GetResolverRule\"", arn)));
    assertThat(error(partner, "GetResolverRule", "{\"ResolverRuleId\":\"" + rule + "\"}"))
        .isEqualTo("ResourceNotFoundException");
    assertThat(ok(partner, "ListResolverRuleAssociations", "{}").get("ResolverRuleAssociations"))
        .isEmpty();
    assertThat(
            get("/v1/resolver/rules/" + rule + "/shares", owner.token())
                .expect(200)
                .body()
                .get("items"))
        .hasSize(1);
  }

  @Test
  void aPolicyThatCannotBeSharesIsRefusedAndChangesNothing() {
    Acct owner = account("rr-pol-bad");
    Acct partner = account("rr-pol-bad-partner");
    String rule = forwardRule(owner, outbound(owner, network(owner), "ep"), "r", "bad.example");
    String arn = ResolverArns.rule(REGION, owner.id(), rule);
    String partnerArn = "[\"" + partner.id() + "\"]";

    for (String bad :
        new String[] {
          put(arn, policy("[\"000000000000\"]", ACTIONS, arn)),
          put(arn, policy("[\"arn:aws:iam::" + partner.id() + ":user/x\"]", ACTIONS, arn)),
          put(arn, policy("[\"" + owner.id() + "\"]", ACTIONS, arn)),
          put(arn, policy(partnerArn, "\"route53resolver:DeleteResolverRule\"", arn)),
          put(arn, policy(partnerArn, "[]", arn)),
          put(
              arn,
              policy(partnerArn, ACTIONS, ResolverArns.rule(REGION, owner.id(), "rslvr-rr-0"))),
          put(arn, policy(partnerArn, ACTIONS, arn).replace("Allow", "Deny")),
          put(arn, "\"{not json\""),
          put(arn, "\"[]\""),
          put(arn, "\"{\\\"Statement\\\":[5]}\""),
          put(arn, "\"{\\\"Statement\\\":{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":[]}}\""),
          put(
              arn,
              policy("{}", ACTIONS, arn).replace("\\\"AWS\\\":{}", "\\\"Service\\\":\\\"x\\\"")),
          put(arn, policy("[5]", ACTIONS, arn)),
        }) {
      assertThat(error(owner, "PutResolverRulePolicy", bad))
          .as(bad)
          .isEqualTo("InvalidPolicyDocument");
    }
    assertThat(
            get("/v1/resolver/rules/" + rule + "/shares", owner.token())
                .expect(200)
                .body()
                .get("items"))
        .isEmpty();
    assertThat(
            ok(owner, "GetResolverRulePolicy", "{\"Arn\":\"" + arn + "\"}")
                .has("ResolverRulePolicy"))
        .isFalse();
  }

  @Test
  void anotherAccountsRuleIsAnUnknownResource() {
    Acct owner = account("rr-pol-iso");
    Acct stranger = account("rr-pol-iso-stranger");
    String rule = forwardRule(owner, outbound(owner, network(owner), "ep"), "r", "iso.example");
    String arn = ResolverArns.rule(REGION, owner.id(), rule);

    assertThat(
            error(
                stranger,
                "PutResolverRulePolicy",
                put(arn, policy("[\"" + stranger.id() + "\"]", ACTIONS, arn))))
        .isEqualTo("UnknownResourceException");
    assertThat(error(stranger, "GetResolverRulePolicy", "{\"Arn\":\"" + arn + "\"}"))
        .isEqualTo("UnknownResourceException");
    assertThat(
            error(
                owner,
                "GetResolverRulePolicy",
                "{\"Arn\":\"" + ResolverArns.rule(REGION, owner.id(), "rslvr-rr-none") + "\"}"))
        .isEqualTo("UnknownResourceException");
    assertThat(error(owner, "GetResolverRulePolicy", "{\"Arn\":\"arn:aws:s3:::bucket\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            get("/v1/resolver/rules/" + rule + "/shares", owner.token())
                .expect(200)
                .body()
                .get("items"))
        .isEmpty();
  }
}
