package io.isthmus.admin.aws.route53;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.config.Account;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** ChangeTagsForResource, ListTagsForResource and ListTagsForResources on zones and checks. */
class Route53TagsTest extends ApiTestSupport {
  private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

  @Autowired Route53Api route53;

  private static Caller caller(Acct acct) {
    return new Caller.Member(new Account(acct.id(), acct.name()));
  }

  private Route53Api.Answer call(Acct acct, String method, String path, String body) {
    return route53.handle(
        caller(acct),
        method,
        path,
        QueryRequest.parse(null),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  private String ok(Acct acct, String method, String path, String body) {
    Route53Api.Answer answer = call(acct, method, path, body);
    assertThat(answer).isInstanceOf(Route53Api.Answer.Done.class);
    return ((Route53Api.Answer.Done) answer).xml();
  }

  private AwsError failed(Acct acct, String method, String path, String body) {
    Route53Api.Answer answer = call(acct, method, path, body);
    assertThat(answer).isInstanceOf(Route53Api.Answer.Failed.class);
    return ((Route53Api.Answer.Failed) answer).error();
  }

  private static String change(String content) {
    return "<ChangeTagsForResourceRequest xmlns=\""
        + NS
        + "\">"
        + content
        + "</ChangeTagsForResourceRequest>";
  }

  private static String tag(String key, String value) {
    return "<Tag><Key>" + key + "</Key><Value>" + value + "</Value></Tag>";
  }

  @Test
  void aZonesTagsAreAddedReplacedRemovedAndListedByItsOwnerOnly() {
    Acct owner = account("r53-tags");
    Acct stranger = account("r53-tags-stranger");
    String zone = zone(owner, "tags.r53.example", vpc(owner, "us-east-1"));
    String path = "/2013-04-01/tags/hostedzone/" + zone;

    ok(
        owner,
        "POST",
        path,
        change("<AddTags>" + tag("team", "net") + tag("env", "dev") + "</AddTags>"));
    ok(
        owner,
        "POST",
        path,
        change(
            "<AddTags>"
                + tag("env", "prod")
                + "</AddTags><RemoveTagKeys><Key>team</Key></RemoveTagKeys>"));
    String listed = ok(owner, "GET", path, null);

    assertThat(listed)
        .contains("<ListTagsForResourceResponse")
        .contains(
            "<ResourceTagSet><ResourceType>hostedzone</ResourceType><ResourceId>"
                + zone
                + "</ResourceId><Tags>"
                + tag("env", "prod")
                + "</Tags></ResourceTagSet>");
    AwsError strangerReads = failed(stranger, "GET", path, null);
    AwsError strangerWrites =
        failed(stranger, "POST", path, change("<AddTags>" + tag("x", "y") + "</AddTags>"));
    assertThat(strangerReads.code()).isEqualTo("NoSuchHostedZone");
    assertThat(strangerWrites.code()).isEqualTo("NoSuchHostedZone");
    assertThat(ok(owner, "GET", path, null)).doesNotContain("<Key>x</Key>");
  }

  @Test
  void aCheckHasAtMostTenTagsAndSeveralResourcesAreListedAtOnce() {
    Acct owner = account("r53-tags-checks");
    String check =
        post(
                "/v1/healthchecks",
                owner.token(),
                "{\"type\":\"TCP\",\"tcp\":{\"ip\":\"10.0.0.5\",\"port\":5432}}")
            .expect(201)
            .text("/id");
    String other =
        post(
                "/v1/healthchecks",
                owner.token(),
                "{\"type\":\"TCP\",\"tcp\":{\"ip\":\"10.0.0.6\",\"port\":5432}}")
            .expect(201)
            .text("/id");
    StringBuilder ten = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      ten.append(tag("k" + i, "v" + i));
    }
    ok(
        owner,
        "POST",
        "/2013-04-01/tags/healthcheck/" + check,
        change("<AddTags>" + ten + "</AddTags>"));

    AwsError eleventh =
        failed(
            owner,
            "POST",
            "/2013-04-01/tags/healthcheck/" + check,
            change("<AddTags>" + tag("k10", "v") + "</AddTags>"));
    assertThat(eleventh.code()).isEqualTo("InvalidInput");
    assertThat(eleventh.message()).contains("at most 10 tags");
    ok(
        owner,
        "POST",
        "/2013-04-01/tags/healthcheck/" + other,
        change("<AddTags>" + tag("a", "b") + "</AddTags>"));
    String both =
        ok(
            owner,
            "POST",
            "/2013-04-01/tags/healthcheck",
            "<ListTagsForResourcesRequest xmlns=\""
                + NS
                + "\"><ResourceIds><ResourceId>"
                + check
                + "</ResourceId><ResourceId>"
                + other
                + "</ResourceId></ResourceIds></ListTagsForResourcesRequest>");
    assertThat(both)
        .contains("<ListTagsForResourcesResponse")
        .contains("<ResourceId>" + check + "</ResourceId><Tags>" + tag("k0", "v0"))
        .contains("<ResourceId>" + other + "</ResourceId><Tags>" + tag("a", "b") + "</Tags>");
    assertThat(failed(owner, "GET", "/2013-04-01/tags/healthcheck/no-such-check", null).code())
        .isEqualTo("NoSuchHealthCheck");
    assertThat(failed(owner, "GET", "/2013-04-01/tags/vpc/x", null).code())
        .isEqualTo("InvalidInput");
  }
}
