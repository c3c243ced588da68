package io.isthmus.admin.zones;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostedZonesTest extends ApiTestSupport {

  @Test
  void createAnswersTheZoneWithItsApexAndChange() {
    Acct acct = account("zone-creator");
    String vpcId = vpc(acct, "us-west-2");

    Reply reply =
        post(
                "/v1/hostedzones",
                acct.token(),
                "{\"name\":\"App1.AWS.customer.local\",\"vpcId\":\""
                    + vpcId
                    + "\",\"comment\":\"app one\"}")
            .expect(201);

    String id = reply.text("/id");
    assertThat(id).matches("Z[A-Z0-9]{13,21}");
    assertThat(reply.raw().getHeader("Location")).isEqualTo("/v1/hostedzones/" + id);
    assertThat(reply.text("/name")).isEqualTo("app1.aws.customer.local.");
    assertThat(reply.text("/accountId")).isEqualTo(acct.id());
    assertThat(reply.text("/comment")).isEqualTo("app one");
    assertThat(reply.text("/vpcs/0/vpcId")).isEqualTo(vpcId);
    assertThat(reply.text("/vpcs/0/region")).isEqualTo("us-west-2");
    assertThat(reply.body().get("recordSetCount").intValue()).isEqualTo(2);
    assertThat(reply.text("/change/id")).matches("C[A-Z0-9]{13,21}");
    assertThat(reply.text("/change/status")).isEqualTo("INSYNC");
    assertThat(reply.text("/change/submittedAt")).isEqualTo(TestAdminApplication.NOW.toString());

    Reply rrsets = get("/v1/hostedzones/" + id + "/rrsets", acct.token()).expect(200);
    assertThat(rrsets.body().get("items")).hasSize(2);
    assertThat(rrsets.text("/items/0/type")).isEqualTo("NS");
    assertThat(rrsets.text("/items/1/type")).isEqualTo("SOA");
    assertThat(rrsets.text("/items/1/name")).isEqualTo("app1.aws.customer.local.");
    assertThat(rrsets.body().get("items").get(0).has("setIdentifier")).isFalse();
    assertThat(rrsets.body().has("nextToken")).isFalse();
  }

  @Test
  void getAndListShowOnlyOwnZonesButTheOperatorSeesAll() {
    Acct owner = account("zone-owner");
    Acct stranger = account("zone-stranger");
    String zoneId = zone(owner, "private.example", vpc(owner, "us-east-1"));

    Reply own = get("/v1/hostedzones/" + zoneId, owner.token()).expect(200);
    assertThat(own.text("/name")).isEqualTo("private.example.");
    assertThat(own.body().has("comment")).isFalse();
    assertThat(own.body().has("change")).isFalse();

    get("/v1/hostedzones/" + zoneId, stranger.token()).problem(404, "NoSuchHostedZone");
    get("/v1/hostedzones/" + zoneId + "/rrsets", stranger.token()).problem(404, "NoSuchHostedZone");
    delete("/v1/hostedzones/" + zoneId, stranger.token()).problem(404, "NoSuchHostedZone");
    assertThat(get("/v1/hostedzones", stranger.token()).expect(200).body().get("items")).isEmpty();
    assertThat(get("/v1/hostedzones", owner.token()).expect(200).text("/items/0/id"))
        .isEqualTo(zoneId);
    get("/v1/hostedzones/" + zoneId, OPERATOR).expect(200);
    delete("/v1/hostedzones/" + zoneId, OPERATOR).problem(403, "AccessDenied");
  }

  @Test
  void theVpcMustBeTheCallers() {
    Acct owner = account("vpc-holder");
    Acct other = account("zone-wisher");
    String vpcId = vpc(owner, "us-east-1");

    post("/v1/hostedzones", other.token(), "{\"name\":\"x.example\",\"vpcId\":\"" + vpcId + "\"}")
        .problem(404, "NoSuchVpc");
  }

  @Test
  void aVpcHasOneZoneOfAName() {
    Acct acct = account("twice");
    String vpcId = vpc(acct, "us-east-1");
    zone(acct, "same.example", vpcId);

    post(
            "/v1/hostedzones",
            acct.token(),
            "{\"name\":\"SAME.example.\",\"vpcId\":\"" + vpcId + "\"}")
        .problem(409, "ConflictingDomainExists");
    // In another VPC the name is free.
    zone(acct, "same.example", vpc(acct, "us-east-1"));
  }

  @Test
  void everyInvalidFieldIsListed() {
    Acct acct = account("bad-zone");

    Reply reply =
        post(
                "/v1/hostedzones",
                acct.token(),
                "{\"name\":\"bad..name\",\"vpcId\":\"vpc-1\",\"comment\":\""
                    + "c".repeat(257)
                    + "\"}")
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields()).containsExactly("name", "vpcId", "comment");
  }

  @Test
  void aZoneWithRecordsCannotBeDeleted() {
    Acct acct = account("not-empty");
    String zoneId = zone(acct, "full.example", vpc(acct, "us-east-1"));
    changeBatch(acct, zoneId, create("www.full.example", "A", 300, "10.0.0.5")).expect(200);

    delete("/v1/hostedzones/" + zoneId, acct.token()).problem(409, "HostedZoneNotEmpty");

    changeBatch(acct, zoneId, change("DELETE", "www.full.example", "A", 300, "10.0.0.5"))
        .expect(200);
    Reply deleted = delete("/v1/hostedzones/" + zoneId, acct.token()).expect(200);
    assertThat(deleted.text("/id")).startsWith("C");
    get("/v1/hostedzones/" + zoneId, acct.token()).problem(404, "NoSuchHostedZone");
  }

  @Test
  void listsArePagedWithMaxItemsAndNextToken() {
    Acct acct = account("many-zones");
    String vpcId = vpc(acct, "us-east-1");
    List<String> names =
        List.of("e.example.", "a.example.", "d.example.", "b.example.", "c.example.");
    names.forEach(name -> zone(acct, name, vpcId));

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      String query = "?maxItems=2" + (token == null ? "" : "&nextToken=" + token);
      Reply page = get("/v1/hostedzones" + query, acct.token()).expect(200);
      page.body().get("items").forEach(item -> seen.add(item.get("name").stringValue()));
      pageSizes.add(page.body().get("items").size());
      token = page.body().has("nextToken") ? page.text("/nextToken") : null;
    } while (token != null);

    assertThat(seen)
        .containsExactly("a.example.", "b.example.", "c.example.", "d.example.", "e.example.");
    assertThat(pageSizes).containsExactly(2, 2, 1);
    Reply byVpc = get("/v1/vpcs/" + vpcId + "/hostedzones?maxItems=3", acct.token()).expect(200);
    assertThat(byVpc.body().get("items")).hasSize(3);
    assertThat(byVpc.text("/items/0/name")).isEqualTo("a.example.");
    assertThat(byVpc.text("/items/0/ownerAccountId")).isEqualTo(acct.id());
    assertThat(byVpc.body().has("nextToken")).isTrue();
  }

  @Test
  void badPagingParametersAreInvalidInput() {
    Acct acct = account("bad-paging");

    get("/v1/hostedzones?maxItems=0", acct.token()).problem(400, "InvalidInput");
    get("/v1/hostedzones?maxItems=ten", acct.token()).problem(400, "InvalidInput");
    Reply reply =
        get("/v1/hostedzones?nextToken=%25%25", acct.token()).problem(400, "InvalidInput");
    assertThat(reply.errorFields()).containsExactly("nextToken");
  }
}
