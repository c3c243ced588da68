package io.isthmus.admin.aws.route53;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.config.Account;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** ListHostedZonesByName and UpdateHostedZoneComment on the {@code /v1} zones. */
class Route53ZoneNamesTest extends ApiTestSupport {
  private static final byte[] NO_BODY = new byte[0];
  private static final Pattern NAME = Pattern.compile("<Name>([^<]+)</Name>");

  @Autowired Route53Api route53;

  private static Caller caller(Acct acct) {
    return new Caller.Member(new Account(acct.id(), acct.name()));
  }

  private String byName(Acct acct, String query) {
    Route53Api.Answer answer =
        route53.handle(
            caller(acct),
            "GET",
            "/2013-04-01/hostedzonesbyname",
            QueryRequest.parse(query),
            NO_BODY);
    assertThat(answer).isInstanceOf(Route53Api.Answer.Done.class);
    return ((Route53Api.Answer.Done) answer).xml();
  }

  private AwsError byNameFails(Acct acct, String query) {
    Route53Api.Answer answer =
        route53.handle(
            caller(acct),
            "GET",
            "/2013-04-01/hostedzonesbyname",
            QueryRequest.parse(query),
            NO_BODY);
    assertThat(answer).isInstanceOf(Route53Api.Answer.Failed.class);
    return ((Route53Api.Answer.Failed) answer).error();
  }

  private static List<String> names(String xml) {
    List<String> names = new ArrayList<>();
    Matcher m = NAME.matcher(xml);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void zonesAreListedWithTheirLabelsReversedAndPagedByNameAndId() {
    Acct acct = account("r53-byname");
    Acct other = account("r53-byname-other");
    String vpc = vpc(acct, "us-east-1");
    String secondVpc = vpc(acct, "us-east-1");
    zone(acct, "www.b.byname.example", vpc);
    zone(acct, "a.byname.example", vpc);
    zone(acct, "z.byname.example", vpc);
    String first = zone(acct, "b.byname.example", vpc);
    String second = zone(acct, "b.byname.example", secondVpc);
    zone(other, "c.byname.example", vpc(other, "us-east-1"));
    List<String> sameName =
        first.compareTo(second) < 0 ? List.of(first, second) : List.of(second, first);

    String all = byName(acct, "dnsname=byname.example");
    String page = byName(acct, "dnsname=b.byname.example&maxitems=2");
    String next = byName(acct, "dnsname=b.byname.example&hostedzoneid=" + sameName.get(1));

    assertThat(names(all))
        .containsExactly(
            "a.byname.example.",
            "b.byname.example.",
            "b.byname.example.",
            "www.b.byname.example.",
            "z.byname.example.");
    assertThat(names(page)).containsExactly("b.byname.example.", "b.byname.example.");
    assertThat(page)
        .contains(
            "<DNSName>b.byname.example.</DNSName><IsTruncated>true</IsTruncated>"
                + "<NextDNSName>www.b.byname.example.</NextDNSName><NextHostedZoneId>")
        .contains("<MaxItems>2</MaxItems>");
    assertThat(names(next))
        .containsExactly("b.byname.example.", "www.b.byname.example.", "z.byname.example.");
    assertThat(next).contains("<Id>/hostedzone/" + sameName.get(1) + "</Id>");
    assertThat(next).doesNotContain(sameName.get(0));
    assertThat(next).contains("<IsTruncated>false</IsTruncated>").doesNotContain("NextDNSName");
  }

  @Test
  void aZoneIdWithoutANameAndABadNameOrPageSizeAreRefused() {
    Acct acct = account("r53-byname-bad");

    assertThat(byNameFails(acct, "hostedzoneid=Z1").code()).isEqualTo("InvalidInput");
    assertThat(byNameFails(acct, "dnsname=bad..name").code()).isEqualTo("InvalidDomainName");
    assertThat(byNameFails(acct, "maxitems=0").code()).isEqualTo("InvalidInput");
    assertThat(byNameFails(acct, "maxitems=101").status()).isEqualTo(400);
  }

  @Test
  void theCommentIsReplacedAndRemovedByItsOwnerOnly() {
    Acct owner = account("r53-comment");
    Acct stranger = account("r53-comment-stranger");
    String zone = zone(owner, "comment.byname.example", vpc(owner, "us-east-1"));

    String updated = comment(owner, zone, "<Comment>the new one</Comment>");
    assertThat(updated)
        .contains("<UpdateHostedZoneCommentResponse")
        .contains("<Comment>the new one</Comment>");
    assertThat(get("/v1/hostedzones/" + zone, owner.token()).expect(200).text("/comment"))
        .isEqualTo("the new one");

    comment(owner, zone, "");
    JsonNode removed =
        get("/v1/hostedzones/" + zone, owner.token()).expect(200).body().get("comment");
    assertThat(removed == null || removed.isNull()).as(String.valueOf(removed)).isTrue();

    AwsError tooLong = commentFails(owner, zone, "<Comment>" + "x".repeat(257) + "</Comment>");
    AwsError notFound = commentFails(stranger, zone, "<Comment>mine</Comment>");
    assertThat(tooLong.code()).isEqualTo("InvalidInput");
    assertThat(tooLong.message()).contains("256");
    assertThat(notFound.code()).isEqualTo("NoSuchHostedZone");
    assertThat(notFound.status()).isEqualTo(404);
  }

  private Route53Api.Answer commentCall(Acct acct, String zone, String content) {
    String body =
        "<UpdateHostedZoneCommentRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
            + content
            + "</UpdateHostedZoneCommentRequest>";
    return route53.handle(
        caller(acct),
        "POST",
        "/2013-04-01/hostedzone/" + zone,
        QueryRequest.parse(null),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private String comment(Acct acct, String zone, String content) {
    Route53Api.Answer answer = commentCall(acct, zone, content);
    assertThat(answer).isInstanceOf(Route53Api.Answer.Done.class);
    return ((Route53Api.Answer.Done) answer).xml();
  }

  private AwsError commentFails(Acct acct, String zone, String content) {
    Route53Api.Answer answer = commentCall(acct, zone, content);
    assertThat(answer).isInstanceOf(Route53Api.Answer.Failed.class);
    return ((Route53Api.Answer.Failed) answer).error();
  }
}
