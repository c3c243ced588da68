package io.isthmus.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication;
import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.AuditStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** What the audit trail records through the API, and who may read which records. */
class AuditApiTest extends ApiTestSupport {
  private static final String NOW = TestAdminApplication.NOW.toString();

  @Autowired AuditStore store;

  private List<AuditEvent> recordsOf(String caller) {
    return store.find(0, null, caller, 10_000).stream().map(AuditRecord::event).toList();
  }

  private List<AuditEvent> recordsAt(String path) {
    return store.find(0, null, null, 100_000).stream()
        .map(AuditRecord::event)
        .filter(event -> event.path().equals(path))
        .toList();
  }

  private static List<JsonNode> items(Reply reply) {
    List<JsonNode> items = new ArrayList<>();
    reply.body().get("items").forEach(items::add);
    return items;
  }

  @Test
  void mutationsAreRecordedWithCallerResourceStatusAndChange() {
    Acct acct = account("audited");
    String vpcId = vpc(acct, "us-east-1");
    Reply zone =
        post(
                "/v1/hostedzones",
                acct.token(),
                "{\"name\":\"audited.example\",\"vpcId\":\"" + vpcId + "\"}")
            .expect(201);
    String zoneId = zone.text("/id");
    Reply batch = changeBatch(acct, zoneId, create("www.audited.example", "A", 60, "10.0.0.1"));

    assertThat(recordsOf(acct.id()))
        .containsExactly(
            new AuditEvent(
                TestAdminApplication.NOW,
                acct.id(),
                "POST",
                "/v1/vpcs",
                vpcId,
                201,
                null,
                "127.0.0.1"),
            new AuditEvent(
                TestAdminApplication.NOW,
                acct.id(),
                "POST",
                "/v1/hostedzones",
                zoneId,
                201,
                zone.text("/change/id"),
                "127.0.0.1"),
            new AuditEvent(
                TestAdminApplication.NOW,
                acct.id(),
                "POST",
                "/v1/hostedzones/" + zoneId + "/rrsets/changes",
                zoneId,
                200,
                batch.text("/id"),
                "127.0.0.1"));
  }

  @Test
  void deniedMutationsAreRecordedAndDeniedReadsOnlyWhen401Or403() {
    Acct owner = account("owner-of-vpc");
    Acct prober = account("prober");
    String vpcId = vpc(owner, "us-east-1");

    delete("/v1/vpcs/" + vpcId, prober.token()).problem(404, "NoSuchVpc");
    post("/v1/accounts", prober.token(), "{\"name\":\"x\"}").problem(403, "AccessDenied");
    get("/v1/nodes", prober.token()).problem(403, "AccessDenied");
    get("/v1/vpcs/" + vpcId, prober.token()).problem(404, "NoSuchVpc");
    get("/v1/vpcs", prober.token()).expect(200);

    assertThat(recordsOf(prober.id()))
        .extracting(
            AuditEvent::method, AuditEvent::path, AuditEvent::resourceId, AuditEvent::status)
        .containsExactly(
            tuple("DELETE", "/v1/vpcs/" + vpcId, vpcId, 404),
            tuple("POST", "/v1/accounts", null, 403),
            tuple("GET", "/v1/nodes", null, 403));
  }

  @Test
  void callsWithoutAKnownTokenAreRecordedAsAnonymous() {
    String path = "/v1/vpcs/vpc-0000000000000a0d1";
    delete(path, "not-a-token").problem(401, "Unauthorized");
    get(path, null).problem(401, "Unauthorized");

    assertThat(recordsAt(path))
        .extracting(AuditEvent::caller, AuditEvent::method, AuditEvent::status)
        .containsExactly(tuple("anonymous", "DELETE", 401), tuple("anonymous", "GET", 401));
  }

  @Test
  void tokensNeverReachTheTrail() {
    Reply created = post("/v1/accounts", OPERATOR, "{\"name\":\"rotated\"}").expect(201);
    String id = created.text("/id");
    String first = created.text("/token");
    String second =
        post("/v1/accounts/" + id + "/token", OPERATOR, null).expect(200).text("/token");
    get("/v1/vpcs", first).problem(401, "Unauthorized");
    post("/v1/vpcs", second, "{}").problem(400, "InvalidInput");

    assertThat(recordsAt("/v1/accounts/" + id + "/token"))
        .singleElement()
        .isEqualTo(
            new AuditEvent(
                TestAdminApplication.NOW,
                "operator",
                "POST",
                "/v1/accounts/" + id + "/token",
                id,
                200,
                null,
                "127.0.0.1"));
    List<String> secrets = List.of(first, second, OPERATOR);
    for (AuditRecord record : store.find(0, null, null, 100_000)) {
      AuditEvent e = record.event();
      String row =
          String.join(
              "|",
              Stream.of(
                      e.caller(),
                      e.method(),
                      e.path(),
                      e.resourceId(),
                      e.changeId(),
                      e.sourceAddress())
                  .map(String::valueOf)
                  .toList());
      assertThat(secrets).noneMatch(row::contains);
    }
  }

  @Test
  void anAccountReadsItsOwnRecordsOnly() {
    Acct acct = account("reader");
    Acct other = account("other-reader");
    vpc(acct, "us-east-1");
    vpc(other, "us-east-1");

    Reply own = get("/v1/audit", acct.token()).expect(200);
    assertThat(items(own))
        .isNotEmpty()
        .allMatch(item -> item.get("caller").stringValue().equals(acct.id()));
    assertThat(items(own).get(0).get("time").stringValue()).isEqualTo(NOW);
    get("/v1/audit?accountId=" + acct.id(), acct.token()).expect(200);
    // Whether the other account exists or not, the answer is the same.
    get("/v1/audit?accountId=" + other.id(), acct.token()).problem(403, "AccessDenied");
    get("/v1/audit?accountId=999999999999", acct.token()).problem(403, "AccessDenied");
  }

  @Test
  void theOperatorReadsEveryRecordOrOneAccounts() {
    Acct acct = account("filtered");
    vpc(acct, "us-east-1");

    Reply filtered = get("/v1/audit?accountId=" + acct.id(), OPERATOR).expect(200);
    assertThat(items(filtered))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.get("method").stringValue()).isEqualTo("POST");
              assertThat(item.get("path").stringValue()).isEqualTo("/v1/vpcs");
              assertThat(item.get("status").intValue()).isEqualTo(201);
              assertThat(item.has("changeId")).isFalse();
            });
    List<String> callers = new ArrayList<>();
    String token = null;
    do {
      Reply page =
          get("/v1/audit?maxItems=1000" + (token == null ? "" : "&nextToken=" + token), OPERATOR)
              .expect(200);
      items(page).forEach(item -> callers.add(item.get("caller").stringValue()));
      token = page.body().has("nextToken") ? page.text("/nextToken") : null;
    } while (token != null);
    assertThat(callers).contains("operator", acct.id());
  }

  @Test
  void pagesFollowTheOrderOfRecordsAndSinceBoundsThem() {
    Acct acct = account("paged");
    for (int i = 0; i < 3; i++) {
      vpc(acct, "us-east-1");
    }

    Reply first = get("/v1/audit?maxItems=2", acct.token()).expect(200);
    assertThat(items(first)).hasSize(2);
    Reply rest =
        get("/v1/audit?maxItems=2&nextToken=" + first.text("/nextToken"), acct.token()).expect(200);
    assertThat(items(rest)).hasSize(1);
    assertThat(rest.body().has("nextToken")).isFalse();
    List<String> ids = new ArrayList<>();
    Stream.concat(items(first).stream(), items(rest).stream())
        .forEach(item -> ids.add(item.get("resourceId").stringValue()));
    assertThat(ids).doesNotHaveDuplicates().hasSize(3);

    assertThat(items(get("/v1/audit?since=" + NOW, acct.token()).expect(200))).hasSize(3);
    String later = TestAdminApplication.NOW.plusMillis(1).toString();
    assertThat(items(get("/v1/audit?since=" + later, acct.token()).expect(200))).isEmpty();
  }

  @Test
  void badParametersAreAllReported() {
    Reply reply =
        get("/v1/audit?since=yesterday&accountId=12&maxItems=0&nextToken=%21%21", OPERATOR)
            .problem(400, "InvalidInput");
    assertThat(reply.errorFields()).containsExactly("since", "accountId", "maxItems", "nextToken");
    get("/v1/audit?nextToken=LTE", OPERATOR).problem(400, "InvalidInput"); // "-1"
  }

  @Test
  void theAuditEndpointIsInTheOpenApiDocument() {
    Reply reply = get("/v3/api-docs", null).expect(200);
    JsonNode parameters = reply.body().at("/paths/~1v1~1audit/get/parameters");
    List<String> names = new ArrayList<>();
    parameters.forEach(p -> names.add(p.get("name").stringValue()));
    assertThat(names).containsExactly("since", "accountId", "maxItems", "nextToken");
  }

  @Test
  void unknownPathsWithAMutationAreRecordedToo() {
    Acct acct = account("wanderer");
    call(HttpMethod.PUT, "/v1/nothing-here", acct.token(), "{}").problem(404, "ResourceNotFound");
    assertThat(recordsOf(acct.id()))
        .extracting(AuditEvent::method, AuditEvent::path, AuditEvent::status)
        .containsExactly(tuple("PUT", "/v1/nothing-here", 404));
  }
}
