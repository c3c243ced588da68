package io.isthmus.admin.aws.route53;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;
import io.isthmus.config.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Route 53's shapes and statuses on top of the {@code /v1} services (the CLI: AwsCliIT). */
class Route53ApiTest extends ApiTestSupport {
  @Autowired Route53Api route53;

  private static Caller caller(Acct acct) {
    return new Caller.Member(new Account(acct.id(), acct.name()));
  }

  private Route53Api.Answer.Done done(Route53Api.Answer answer) {
    assertThat(answer).isInstanceOf(Route53Api.Answer.Done.class);
    return (Route53Api.Answer.Done) answer;
  }

  private AwsError failed(Route53Api.Answer answer) {
    assertThat(answer).isInstanceOf(Route53Api.Answer.Failed.class);
    return ((Route53Api.Answer.Failed) answer).error();
  }

  @Test
  void aZoneIsListedInPagesOfTheGivenSizeFromItsMarker() {
    Acct acct = account("r53-list");
    String vpc = vpc(acct, "us-east-1");
    List<String> ids =
        List.of("a.r53.example", "b.r53.example", "c.r53.example").stream()
            .map(name -> zone(acct, name, vpc))
            .sorted()
            .toList();

    String first =
        done(route53.handle(
                caller(acct), "GET", "/2013-04-01/hostedzone", QueryRequest.parse("maxitems=2")))
            .xml();
    String second =
        done(route53.handle(
                caller(acct),
                "GET",
                "/2013-04-01/hostedzone",
                QueryRequest.parse("maxitems=2&marker=" + ids.get(2))))
            .xml();

    assertThat(first)
        .contains(
            "<Id>/hostedzone/" + ids.get(0) + "</Id>", "<Id>/hostedzone/" + ids.get(1) + "</Id>")
        .doesNotContain(ids.get(2) + "</Id>")
        .contains(
            "<IsTruncated>true</IsTruncated><NextMarker>"
                + ids.get(2)
                + "</NextMarker><MaxItems>2</MaxItems>");
    assertThat(second)
        .contains("<Id>/hostedzone/" + ids.get(2) + "</Id>", "<Marker>" + ids.get(2) + "</Marker>")
        .contains("<IsTruncated>false</IsTruncated>")
        .doesNotContain("NextMarker");
    assertThat(
            failed(
                    route53.handle(
                        caller(acct),
                        "GET",
                        "/2013-04-01/hostedzone",
                        QueryRequest.parse("maxitems=101")))
                .code())
        .isEqualTo("InvalidInput");
    assertThat(
            failed(
                    route53.handle(
                        caller(acct),
                        "GET",
                        "/2013-04-01/hostedzone",
                        QueryRequest.parse("maxitems=x")))
                .status())
        .isEqualTo(400);
  }

  @Test
  void anotherAccountsZoneIsNotFoundAndAnUnservedOperationSaysSo() {
    Acct owner = account("r53-owner");
    Acct stranger = account("r53-stranger");
    String zone = zone(owner, "owned.r53.example", vpc(owner, "us-east-1"));

    AwsError notFound =
        failed(
            route53.handle(
                caller(stranger),
                "GET",
                "/2013-04-01/hostedzone/" + zone,
                QueryRequest.parse(null)));
    AwsError unserved =
        failed(
            route53.handle(
                caller(owner),
                "POST",
                "/2013-04-01/hostedzone/" + zone + "/rrset/",
                QueryRequest.parse(null)));

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.code()).isEqualTo("NoSuchHostedZone");
    assertThat(unserved.status()).isEqualTo(400);
    assertThat(unserved.code()).isEqualTo("InvalidAction");
    assertThat(
            done(route53.handle(
                    caller(owner),
                    "GET",
                    "/2013-04-01/hostedzone/" + zone,
                    QueryRequest.parse(null)))
                .xml())
        .startsWith(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><GetHostedZoneResponse xmlns=\""
                + Route53Api.NAMESPACE
                + "\">")
        .contains(
            "<PrivateZone>true</PrivateZone>",
            "<ResourceRecordSetCount>2</ResourceRecordSetCount>");
  }

  @Test
  void aV1ProblemKeepsItsCodeTakesRoute53sStatusAndListsEveryField() {
    AwsError notEmpty =
        Route53Api.error(
            ApiException.conflict("HostedZoneNotEmpty", "Hosted zone Z1 has record sets."));
    AwsError invalid =
        Route53Api.error(
            ApiException.invalidInput(
                List.of(
                    new FieldError("name", "not a valid DNS name"),
                    new FieldError("vpcId", "vpcId is required"))));
    AwsError missing =
        Route53Api.error(ApiException.notFound("NoSuchChange", "No change with id C1."));

    assertThat(notEmpty)
        .isEqualTo(
            new AwsError(400, "HostedZoneNotEmpty", "Hosted zone Z1 has record sets.", true));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.message())
        .contains("name: not a valid DNS name.", "vpcId: vpcId is required.");
    assertThat(missing).isEqualTo(new AwsError(404, "NoSuchChange", "No change with id C1.", true));
  }
}
