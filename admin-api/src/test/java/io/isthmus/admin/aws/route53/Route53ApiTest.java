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
  private static final byte[] NO_BODY = new byte[0];

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
                caller(acct),
                "GET",
                "/2013-04-01/hostedzone",
                QueryRequest.parse("maxitems=2"),
                NO_BODY))
            .xml();
    String second =
        done(route53.handle(
                caller(acct),
                "GET",
                "/2013-04-01/hostedzone",
                QueryRequest.parse("maxitems=2&marker=" + ids.get(2)),
                NO_BODY))
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
                        QueryRequest.parse("maxitems=101"),
                        NO_BODY))
                .code())
        .isEqualTo("InvalidInput");
    assertThat(
            failed(
                    route53.handle(
                        caller(acct),
                        "GET",
                        "/2013-04-01/hostedzone",
                        QueryRequest.parse("maxitems=x"),
                        NO_BODY))
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
                QueryRequest.parse(null),
                NO_BODY));
    AwsError unserved =
        failed(
            route53.handle(
                caller(owner),
                "POST",
                "/2013-04-01/trafficpolicy",
                QueryRequest.parse(null),
                NO_BODY));

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.code()).isEqualTo("NoSuchHostedZone");
    assertThat(unserved.status()).isEqualTo(400);
    assertThat(unserved.code()).isEqualTo("InvalidAction");
    assertThat(
            done(route53.handle(
                    caller(owner),
                    "GET",
                    "/2013-04-01/hostedzone/" + zone,
                    QueryRequest.parse(null),
                    NO_BODY))
                .xml())
        .startsWith(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><GetHostedZoneResponse xmlns=\""
                + Route53Api.NAMESPACE
                + "\">")
        .contains(
            "<PrivateZone>true</PrivateZone>",
            "<ResourceRecordSetCount>2</ResourceRecordSetCount>");
  }

  private static byte[] batch(String changes) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ChangeResourceRecordSetsRequest xmlns=\""
            + Route53Api.NAMESPACE
            + "\"><ChangeBatch><Comment>via route53</Comment><Changes>"
            + changes
            + "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String upsert(String name, String type, String extra, String... values) {
    StringBuilder records = new StringBuilder();
    for (String value : values) {
      records.append("<ResourceRecord><Value>").append(value).append("</Value></ResourceRecord>");
    }
    return "<Change><Action>UPSERT</Action><ResourceRecordSet><Name>"
        + name
        + "</Name><Type>"
        + type
        + "</Type>"
        + extra
        + "<TTL>60</TTL><ResourceRecords>"
        + records
        + "</ResourceRecords></ResourceRecordSet></Change>";
  }

  @Test
  void aChangeBatchIsAppliedWholeOrRefusedWithEveryProblem() {
    Acct acct = account("r53-change");
    String zone = zone(acct, "change.r53.example", vpc(acct, "us-east-1"));
    String path = "/2013-04-01/hostedzone/" + zone + "/rrset/";

    String applied =
        done(route53.handle(
                caller(acct),
                "POST",
                path,
                QueryRequest.parse(null),
                batch(
                    upsert("www.change.r53.example", "A", "", "10.0.0.1", "10.0.0.2")
                        + upsert(
                            "w.change.r53.example",
                            "A",
                            "<SetIdentifier>one</SetIdentifier><Weight>10</Weight>",
                            "10.0.0.3"))))
            .xml();
    AwsError unsupported =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                path,
                QueryRequest.parse(null),
                batch(
                    upsert(
                            "geo.change.r53.example",
                            "A",
                            "<SetIdentifier>eu</SetIdentifier><GeoLocation><ContinentCode>EU</ContinentCode></GeoLocation>",
                            "10.0.0.4")
                        + upsert(
                            "x.change.r53.example", "A", "<Weight>many</Weight>", "10.0.0.5"))));
    AwsError invalid =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                path,
                QueryRequest.parse(null),
                batch(upsert("bad.change.r53.example", "A", "", "10.0.0.300"))));
    AwsError doctype =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                path,
                QueryRequest.parse(null),
                ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<ChangeResourceRecordSetsRequest>&e;</ChangeResourceRecordSetsRequest>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThat(applied)
        .contains(
            "<ChangeResourceRecordSetsResponse", "<Id>/change/C", "<Comment>via route53</Comment>");
    assertThat(
            done(route53.handle(
                    caller(acct),
                    "GET",
                    "/2013-04-01/hostedzone/" + zone,
                    QueryRequest.parse(null),
                    NO_BODY))
                .xml())
        .contains("<ResourceRecordSetCount>4</ResourceRecordSetCount>");
    assertThat(unsupported.code()).isEqualTo("InvalidInput");
    assertThat(unsupported.message())
        .contains(
            "Changes[0].ResourceRecordSet.GeoLocation", "Changes[1].ResourceRecordSet.Weight");
    assertThat(invalid.code()).isEqualTo("InvalidChangeBatch");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.message()).contains("10.0.0.300");
    assertThat(doctype.code()).isEqualTo("InvalidInput");
    assertThat(doctype.message()).doesNotContain("root:");
  }

  /**
   * Route 53 reads a name in a value as fully qualified with or without its trailing dot (where
   * {@code /v1} reads it relative to the zone): ExternalDNS sends CNAME targets without the dot,
   * and Terraform deletes with the values of its state, written the same way.
   */
  @Test
  void aResourceRecordWithoutItsValueIsNamedAndNothingIsWritten() {
    Acct acct = account("r53-no-value");
    String zone = zone(acct, "novalue.r53.example", vpc(acct, "us-east-1"));
    String change =
        upsert("www.novalue.r53.example", "A", "", "10.0.0.1")
            .replace("<ResourceRecords>", "<ResourceRecords><ResourceRecord/>");

    AwsError error =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                "/2013-04-01/hostedzone/" + zone + "/rrset/",
                QueryRequest.parse(null),
                batch(change)));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.message())
        .contains("Changes[0].ResourceRecordSet.ResourceRecords[0].Value")
        .contains("Value is required");
    assertThat(
            get("/v1/hostedzones/" + zone + "/rrsets", acct.token()).expect(200).body().toString())
        .doesNotContain("www.novalue");
  }

  @Test
  void aNameInAValueIsFullyQualifiedWithOrWithoutItsDot() {
    Acct acct = account("r53-fqdn");
    String zone = zone(acct, "fqdn.r53.example", vpc(acct, "us-east-1"));
    String path = "/2013-04-01/hostedzone/" + zone + "/rrset/";

    done(
        route53.handle(
            caller(acct),
            "POST",
            path,
            QueryRequest.parse(null),
            batch(
                upsert("api.fqdn.r53.example", "CNAME", "", "web.fqdn.r53.example")
                    + upsert("fqdn.r53.example", "MX", "", "10 mail.other.example")
                    + upsert(
                        "_sip._tcp.fqdn.r53.example", "SRV", "", "1 2 5060 sip.other.example."))));
    String listed =
        done(route53.handle(caller(acct), "GET", path, QueryRequest.parse(null), NO_BODY)).xml();
    String deleted =
        done(route53.handle(
                caller(acct),
                "POST",
                path,
                QueryRequest.parse(null),
                batch(
                    upsert("api.fqdn.r53.example", "CNAME", "", "web.fqdn.r53.example")
                        .replace("UPSERT", "DELETE"))))
            .xml();

    assertThat(listed)
        .contains(
            "<Value>web.fqdn.r53.example.</Value>",
            "<Value>10 mail.other.example.</Value>",
            "<Value>1 2 5060 sip.other.example.</Value>")
        .doesNotContain("fqdn.r53.example.fqdn.r53.example");
    assertThat(deleted).contains("<ChangeResourceRecordSetsResponse");
    assertThat(RecordValues.absolute("NAPTR", "100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:a@b!\" x"))
        .isEqualTo("100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:a@b!\" x.");
    assertThat(RecordValues.absolute("A", "10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(RecordValues.absolute("TXT", "\"a b\"")).isEqualTo("\"a b\"");
  }

  /** Without maxitems a page holds Route 53's default of 100 record sets, not its largest. */
  @Test
  void aPageHoldsAHundredRecordSetsUnlessAskedOtherwise() {
    Acct acct = account("r53-default-page");
    String zone = zone(acct, "page.r53.example", vpc(acct, "us-east-1"));
    String path = "/2013-04-01/hostedzone/" + zone + "/rrset";
    StringBuilder changes = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      changes.append(upsert("h" + i + ".page.r53.example", "A", "", "10.0.1." + i));
    }
    done(
        route53.handle(
            caller(acct), "POST", path, QueryRequest.parse(null), batch(changes.toString())));

    String first =
        done(route53.handle(caller(acct), "GET", path, QueryRequest.parse(null), NO_BODY)).xml();
    String large =
        done(route53.handle(caller(acct), "GET", path, QueryRequest.parse("maxitems=300"), NO_BODY))
            .xml();

    assertThat(entries(first)).hasSize(100);
    assertThat(element(first, "IsTruncated")).isEqualTo("true");
    assertThat(entries(large)).hasSize(102);
    assertThat(element(large, "IsTruncated")).isEqualTo("false");
  }

  /** GetDNSSEC of a private zone is Route 53's InvalidArgument, which Terraform waits for. */
  @Test
  void dnssecIsUnsupportedForPrivateZones() {
    Acct owner = account("r53-dnssec");
    Acct stranger = account("r53-dnssec-stranger");
    String zone = zone(owner, "dnssec.r53.example", vpc(owner, "us-east-1"));
    String path = "/2013-04-01/hostedzone/" + zone + "/dnssec";

    AwsError unsupported =
        failed(route53.handle(caller(owner), "GET", path, QueryRequest.parse(null), NO_BODY));
    AwsError notFound =
        failed(route53.handle(caller(stranger), "GET", path, QueryRequest.parse(null), NO_BODY));

    assertThat(unsupported.status()).isEqualTo(400);
    assertThat(unsupported.code()).isEqualTo("InvalidArgument");
    assertThat(unsupported.message()).startsWith("Operation is unsupported for private");
    assertThat(notFound.code()).isEqualTo("NoSuchHostedZone");
  }

  /** The names and types of a page, then its NextRecord* elements. */
  private static List<String> entries(String xml) {
    List<String> found = new java.util.ArrayList<>();
    java.util.regex.Matcher set =
        java.util.regex.Pattern.compile(
                "<ResourceRecordSet><Name>([^<]*)</Name><Type>([^<]*)</Type>(?:<SetIdentifier>([^<]*)</SetIdentifier>)?")
            .matcher(xml);
    while (set.find()) {
      found.add(
          set.group(1) + " " + set.group(2) + (set.group(3) == null ? "" : " " + set.group(3)));
    }
    return found;
  }

  private static String element(String xml, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void recordSetsAreListedInRoute53sOrderOnceEachWhateverThePageSize() {
    Acct acct = account("r53-list-sets");
    String zone = zone(acct, "order.r53.example", vpc(acct, "us-east-1"));
    changeBatch(
            acct,
            zone,
            String.join(
                ",",
                create("www.order.r53.example", "TXT", 60, "\"t\""),
                create("www.order.r53.example", "AAAA", 60, "2001:db8::1"),
                create("www.order.r53.example", "A", 60, "10.0.0.1"),
                create("a.order.r53.example", "A", 60, "10.0.0.2"),
                create("*.z.order.r53.example", "A", 60, "10.0.0.3"),
                "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"w.order.r53.example\",\"type\":\"A\",\"ttl\":60,"
                    + "\"records\":[\"10.0.0.4\"],\"setIdentifier\":\"b\",\"weight\":1}}",
                "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"w.order.r53.example\",\"type\":\"A\",\"ttl\":60,"
                    + "\"records\":[\"10.0.0.5\"],\"setIdentifier\":\"a\",\"weight\":2}}"))
        .expect(200);
    List<String> expected =
        List.of(
            "order.r53.example. NS",
            "order.r53.example. SOA",
            "a.order.r53.example. A",
            "w.order.r53.example. A a",
            "w.order.r53.example. A b",
            "www.order.r53.example. A",
            "www.order.r53.example. AAAA",
            "www.order.r53.example. TXT",
            "\\052.z.order.r53.example. A");
    String path = "/2013-04-01/hostedzone/" + zone + "/rrset";

    for (int size : List.of(1, 2, 3, 300)) {
      List<String> listed = new java.util.ArrayList<>();
      String query = "maxitems=" + size;
      for (int pages = 0; pages < 20; pages++) {
        String xml =
            done(route53.handle(caller(acct), "GET", path, QueryRequest.parse(query), NO_BODY))
                .xml();
        List<String> page = entries(xml);
        assertThat(page.size()).isLessThanOrEqualTo(size);
        listed.addAll(page);
        if (!"true".equals(element(xml, "IsTruncated"))) {
          break;
        }
        query =
            "maxitems="
                + size
                + "&name="
                + java.net.URLEncoder.encode(
                    element(xml, "NextRecordName"), java.nio.charset.StandardCharsets.UTF_8);
        if (element(xml, "NextRecordType") != null) {
          query += "&type=" + element(xml, "NextRecordType");
        }
        if (element(xml, "NextRecordIdentifier") != null) {
          query += "&identifier=" + element(xml, "NextRecordIdentifier");
        }
      }
      assertThat(listed).as("pages of " + size).isEqualTo(expected);
    }
    assertThat(
            failed(route53.handle(caller(acct), "GET", path, QueryRequest.parse("type=A"), NO_BODY))
                .code())
        .isEqualTo("InvalidInput");
  }

  @Test
  void namesAreWrittenAsRoute53WritesThem() {
    assertThat(Route53Names.escape("*.example.com.")).isEqualTo("\\052.example.com.");
    assertThat(Route53Names.escape("a\\032b.example.com.")).isEqualTo("a\\040b.example.com.");
    assertThat(Route53Names.escape("a\\.b.example.com.")).isEqualTo("a\\056b.example.com.");
    assertThat(Route53Names.escape("_sip-1.x.example.")).isEqualTo("_sip-1.x.example.");
    assertThat(Route53Names.escape("a\\255.example.")).isEqualTo("a\\377.example.");
    assertThat(Route53Names.unescape("\\052.example.com.")).isEqualTo("\\042.example.com.");
    assertThat(Route53Names.unescape("a\\040b\\.c\\9.example."))
        .isEqualTo("a\\032b\\.c\\9.example.");
    assertThat(Route53Names.unescape("plain.example.")).isEqualTo("plain.example.");
    assertThat(Route53Names.unescape(null)).isNull();
  }

  private static byte[] createRequest(String name, String reference, String vpc, String region) {
    return ("<CreateHostedZoneRequest xmlns=\""
            + Route53Api.NAMESPACE
            + "\"><Name>"
            + name
            + "</Name>"
            + (vpc == null
                ? ""
                : "<VPC><VPCRegion>" + region + "</VPCRegion><VPCId>" + vpc + "</VPCId></VPC>")
            + "<CallerReference>"
            + reference
            + "</CallerReference><HostedZoneConfig><Comment>made here</Comment>"
            + "<PrivateZone>true</PrivateZone></HostedZoneConfig></CreateHostedZoneRequest>")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aZoneIsCreatedOncePerCallerReferenceInTheCallersVpcOfItsRegion() {
    Acct acct = account("r53-create");
    Acct stranger = account("r53-create-other");
    String vpc = vpc(acct, "eu-west-1");
    String path = "/2013-04-01/hostedzone";

    Route53Api.Answer.Done created =
        done(
            route53.handle(
                caller(acct),
                "POST",
                path,
                QueryRequest.parse(null),
                createRequest("made.r53.example", "ref-1", vpc, "eu-west-1")));
    AwsError again =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                path,
                QueryRequest.parse(null),
                createRequest("again.r53.example", "ref-1", vpc, "eu-west-1")));
    AwsError noVpc =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                path,
                QueryRequest.parse(null),
                createRequest("public.r53.example", "ref-2", null, null)));
    AwsError otherRegion =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                path,
                QueryRequest.parse(null),
                createRequest("far.r53.example", "ref-3", vpc, "us-east-1")));
    AwsError notTheirs =
        failed(
            route53.handle(
                caller(stranger),
                "POST",
                path,
                QueryRequest.parse(null),
                createRequest("theirs.r53.example", "ref-1", vpc, "eu-west-1")));

    assertThat(created.status()).isEqualTo(201);
    String id = created.location().substring("/2013-04-01/hostedzone/".length());
    assertThat(created.xml())
        .contains(
            "<Id>/hostedzone/"
                + id
                + "</Id><Name>made.r53.example.</Name><CallerReference>ref-1</CallerReference>")
        .contains(
            "<Comment>made here</Comment>",
            "<ChangeInfo><Id>/change/C",
            "<VPC><VPCRegion>eu-west-1</VPCRegion><VPCId>" + vpc);
    assertThat(
            done(route53.handle(
                    caller(acct), "GET", created.location(), QueryRequest.parse(null), NO_BODY))
                .xml())
        .contains("<CallerReference>ref-1</CallerReference>");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("HostedZoneAlreadyExists");
    assertThat(noVpc.code()).isEqualTo("InvalidInput");
    assertThat(noVpc.message()).contains("VPC");
    assertThat(otherRegion.code()).isEqualTo("InvalidVPCId");
    assertThat(notTheirs.code()).isEqualTo("InvalidVPCId");
    assertThat(notTheirs.status()).isEqualTo(400);
  }

  @Test
  void theVpcCallsSpeakRoute53sErrors() {
    Acct acct = account("r53-vpc-calls");
    String vpc = vpc(acct, "us-east-1");
    String zone = zone(acct, "vpc.r53.example", vpc);
    String base = "/2013-04-01/hostedzone/" + zone + "/";
    byte[] otherVpc =
        ("<DeleteVPCAssociationAuthorizationRequest><VPC><VPCRegion>us-east-1</VPCRegion><VPCId>"
                + vpc(account("r53-vpc-other"), "us-east-1")
                + "</VPCId></VPC></DeleteVPCAssociationAuthorizationRequest>")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    AwsError notAuthorized =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                base + "deauthorizevpcassociation",
                QueryRequest.parse(null),
                otherVpc));
    AwsError last =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                base + "disassociatevpc",
                QueryRequest.parse(null),
                ("<DisassociateVPCFromHostedZoneRequest><VPC><VPCId>"
                        + vpc
                        + "</VPCId></VPC></DisassociateVPCFromHostedZoneRequest>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    AwsError noVpc =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                base + "associatevpc",
                QueryRequest.parse(null),
                "<AssociateVPCWithHostedZoneRequest/>"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    AwsError malformed =
        failed(
            route53.handle(
                caller(acct),
                "POST",
                base + "associatevpc",
                QueryRequest.parse(null),
                "<open>".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    AwsError wrongMethod =
        failed(
            route53.handle(
                caller(acct), "GET", base + "associatevpc", QueryRequest.parse(null), NO_BODY));

    assertThat(notAuthorized)
        .extracting(AwsError::status, AwsError::code)
        .containsExactly(404, "VPCAssociationAuthorizationNotFound");
    assertThat(last)
        .extracting(AwsError::status, AwsError::code)
        .containsExactly(400, "LastVPCAssociation");
    assertThat(noVpc.code()).isEqualTo("InvalidInput");
    assertThat(malformed.code()).isEqualTo("InvalidInput");
    assertThat(wrongMethod.code()).isEqualTo("InvalidAction");
    assertThat(
            done(route53.handle(
                    caller(acct),
                    "GET",
                    base + "authorizevpcassociation",
                    QueryRequest.parse(null),
                    NO_BODY))
                .xml())
        .contains("<HostedZoneId>" + zone + "</HostedZoneId><VPCs></VPCs>");
  }

  @Test
  void theZonesOfAVpcAreListedInPagesForItsOwnerOnly() {
    Acct acct = account("r53-by-vpc");
    String vpc = vpc(acct, "us-east-1");
    List<String> ids =
        List.of("a.byvpc.r53.example", "b.byvpc.r53.example", "c.byvpc.r53.example").stream()
            .map(name -> zone(acct, name, vpc))
            .sorted()
            .toList();
    String path = "/2013-04-01/hostedzonesbyvpc";

    String first =
        done(route53.handle(
                caller(acct),
                "GET",
                path,
                QueryRequest.parse("vpcid=" + vpc + "&vpcregion=us-east-1&maxitems=2"),
                NO_BODY))
            .xml();
    String second =
        done(route53.handle(
                caller(acct),
                "GET",
                path,
                QueryRequest.parse(
                    "vpcid=" + vpc + "&vpcregion=us-east-1&maxitems=2&nexttoken=" + ids.get(2)),
                NO_BODY))
            .xml();

    assertThat(first)
        .contains(
            "<HostedZoneId>" + ids.get(0) + "</HostedZoneId>",
            "<HostedZoneId>" + ids.get(1) + "</HostedZoneId>")
        .contains(
            "<OwningAccount>" + acct.id() + "</OwningAccount>",
            "<NextToken>" + ids.get(2) + "</NextToken>");
    assertThat(second)
        .contains("<HostedZoneId>" + ids.get(2) + "</HostedZoneId>")
        .doesNotContain("NextToken");
    assertThat(
            failed(
                    route53.handle(
                        caller(account("r53-by-vpc-other")),
                        "GET",
                        path,
                        QueryRequest.parse("vpcid=" + vpc + "&vpcregion=us-east-1"),
                        NO_BODY))
                .code())
        .isEqualTo("InvalidVPCId");
    assertThat(
            failed(
                    route53.handle(
                        caller(acct),
                        "GET",
                        path,
                        QueryRequest.parse("vpcid=" + vpc + "&vpcregion=eu-west-1"),
                        NO_BODY))
                .code())
        .isEqualTo("InvalidVPCId");
    assertThat(
            failed(
                    route53.handle(
                        caller(acct), "GET", path, QueryRequest.parse("vpcid=" + vpc), NO_BODY))
                .code())
        .isEqualTo("InvalidInput");
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
