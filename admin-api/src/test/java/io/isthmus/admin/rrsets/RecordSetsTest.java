package io.isthmus.admin.rrsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication.MovableAppliedVersion;
import io.isthmus.config.ConfigStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class RecordSetsTest extends ApiTestSupport {
  @Autowired ConfigStore store;
  @Autowired MovableAppliedVersion appliedVersion;

  @AfterEach
  void syncEverything() {
    appliedVersion.set(Long.MAX_VALUE);
  }

  @Test
  void aBatchIsAppliedAndAnsweredWithChangeInfo() {
    Acct acct = account("batcher");
    String zoneId = zone(acct, "batch.example", vpc(acct, "us-east-1"));

    Reply reply =
        post(
                "/v1/hostedzones/" + zoneId + "/rrsets/changes",
                acct.token(),
                "{\"comment\":\"first records\",\"changes\":["
                    + create("WWW.batch.example", "A", 300, "10.0.0.5", "10.0.0.6")
                    + ","
                    + create("batch.example", "MX", 3600, "10 Mail.Batch.Example.")
                    + ","
                    + create("txt.batch.example.", "TXT", 60, "\"hello world\"")
                    + "]}")
            .expect(200);

    assertThat(reply.text("/id")).matches("C[A-Z0-9]{13,21}");
    assertThat(reply.text("/status")).isEqualTo("INSYNC");
    assertThat(reply.text("/comment")).isEqualTo("first records");
    Reply www =
        get("/v1/hostedzones/" + zoneId + "/rrsets?name=www.batch.example&type=a", acct.token())
            .expect(200);
    assertThat(www.body().get("items")).hasSize(1);
    JsonNode rrset = www.body().get("items").get(0);
    assertThat(rrset.get("name").stringValue()).isEqualTo("www.batch.example.");
    assertThat(rrset.get("ttl").longValue()).isEqualTo(300);
    assertThat(rrset.get("records").toString()).isEqualTo("[\"10.0.0.5\",\"10.0.0.6\"]");
    assertThat(rrset.propertyNames()).containsExactly("name", "type", "ttl", "records");
    Reply mx = get("/v1/hostedzones/" + zoneId + "/rrsets?type=MX", acct.token()).expect(200);
    assertThat(mx.text("/items/0/records/0")).isEqualTo("10 mail.batch.example.");
    assertThat(
            get("/v1/hostedzones/" + zoneId, acct.token()).body().get("recordSetCount").intValue())
        .isEqualTo(5);
  }

  @Test
  void anInvalidBatchListsEveryProblemAndWritesNothing() {
    Acct acct = account("careless");
    String zoneId = zone(acct, "careful.example", vpc(acct, "us-east-1"));
    changeBatch(acct, zoneId, create("www.careful.example", "A", 300, "10.0.0.5")).expect(200);
    String before = get("/v1/hostedzones/" + zoneId + "/rrsets", acct.token()).body().toString();
    long version = store.version();

    Reply reply =
        changeBatch(
                acct,
                zoneId,
                String.join(
                    ",",
                    create("new.careful.example", "A", 300, "10.0.0.7"),
                    create("www.careful.example", "A", 300, "10.0.0.5"),
                    change("DELETE", "gone.careful.example", "A", 300, "10.0.0.1"),
                    create("bad.careful.example", "A", 300, "999.1.1.1"),
                    create("ttl.careful.example", "A", -1, "10.0.0.1"),
                    create("www.elsewhere.example", "A", 300, "10.0.0.1")))
            .problem(400, "InvalidChangeBatch");

    assertThat(reply.errorFields())
        .containsExactlyInAnyOrder(
            "changes[1].rrset",
            "changes[2].rrset",
            "changes[3].rrset.records[0]",
            "changes[4].rrset.ttl",
            "changes[5].rrset.name");
    assertThat(store.version()).isEqualTo(version);
    assertThat(get("/v1/hostedzones/" + zoneId + "/rrsets", acct.token()).body().toString())
        .isEqualTo(before);
  }

  @Test
  void aMalformedBatchIsInvalidInputWithEveryField() {
    Acct acct = account("malformed");
    String zoneId = zone(acct, "shape.example", vpc(acct, "us-east-1"));
    String path = "/v1/hostedzones/" + zoneId + "/rrsets/changes";

    Reply reply =
        post(
                path,
                acct.token(),
                """
                {"comment":5,"changes":[
                  {"action":1,"rrset":{"name":"a.shape.example","type":"A","ttl":"300","records":[1]}},
                  "CREATE",
                  {"action":"CREATE","rrset":{"name":"b.shape.example","type":"A","ttl":1.5,
                   "records":["10.0.0.1"],"weight":true}}]}
                """)
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields())
        .containsExactlyInAnyOrder(
            "comment",
            "changes[0].action",
            "changes[0].rrset.ttl",
            "changes[0].rrset.records[0]",
            "changes[1]",
            "changes[2].rrset.ttl",
            "changes[2].rrset.weight");
    post(path, acct.token(), "{}").problem(400, "InvalidInput");
    post(path, acct.token(), "{\"changes\":").problem(400, "InvalidInput");
    post(path, acct.token(), null).problem(400, "InvalidInput");
  }

  @Test
  void deleteThenCreateInOneBatchReplacesASet() {
    Acct acct = account("replacer");
    String zoneId = zone(acct, "replace.example", vpc(acct, "us-east-1"));
    changeBatch(acct, zoneId, create("www.replace.example", "A", 300, "10.0.0.5")).expect(200);

    changeBatch(
            acct,
            zoneId,
            change("DELETE", "www.replace.example", "A", 300, "10.0.0.5")
                + ","
                + create("www.replace.example", "A", 60, "10.0.0.9"))
        .expect(200);

    Reply www = get("/v1/hostedzones/" + zoneId + "/rrsets?name=www.replace.example", acct.token());
    assertThat(www.text("/items/0/records/0")).isEqualTo("10.0.0.9");
    assertThat(www.body().get("items").get(0).get("ttl").longValue()).isEqualTo(60);
  }

  @Test
  void onlyTheOwnerChangesRecords() {
    Acct owner = account("rr-owner");
    Acct stranger = account("rr-stranger");
    String zoneId = zone(owner, "mine.example", vpc(owner, "us-east-1"));

    changeBatch(stranger, zoneId, create("x.mine.example", "A", 300, "10.0.0.1"))
        .problem(404, "NoSuchHostedZone");
    post(
            "/v1/hostedzones/" + zoneId + "/rrsets/changes",
            OPERATOR,
            "{\"changes\":[" + create("x.mine.example", "A", 300, "10.0.0.1") + "]}")
        .problem(403, "AccessDenied");
  }

  @Test
  void aChangeIsPendingUntilTheNodeServesItsVersion() {
    Acct acct = account("waiter");
    String zoneId = zone(acct, "pending.example", vpc(acct, "us-east-1"));
    long served = store.version();
    appliedVersion.set(served);

    Reply change =
        changeBatch(acct, zoneId, create("a.pending.example", "A", 300, "10.0.0.1")).expect(200);

    assertThat(change.text("/status")).isEqualTo("PENDING");
    String changeId = change.text("/id");
    assertThat(get("/v1/changes/" + changeId, acct.token()).expect(200).text("/status"))
        .isEqualTo("PENDING");
    appliedVersion.set(store.version());
    Reply synced = get("/v1/changes/" + changeId, acct.token()).expect(200);
    assertThat(synced.text("/status")).isEqualTo("INSYNC");
    assertThat(synced.text("/id")).isEqualTo(changeId);
    assertThat(synced.body().has("comment")).isFalse();
  }

  @Test
  void anUnknownChangeIsNotFound() {
    get("/v1/changes/CNOSUCHCHANGE00000000", OPERATOR).problem(404, "NoSuchChange");
  }

  @Test
  void recordSetsAreListedInCanonicalOrderAcrossPages() {
    Acct acct = account("orderly");
    String zoneId = zone(acct, "order.test", vpc(acct, "us-east-1"));
    changeBatch(
            acct,
            zoneId,
            String.join(
                ",",
                create("z.order.test", "A", 300, "10.0.0.1"),
                create("b.order.test", "MX", 300, "10 mail.order.test."),
                create("aa.order.test", "A", 300, "10.0.0.1"),
                create("b.a.order.test", "A", 300, "10.0.0.1"),
                create("*.a.order.test", "A", 300, "10.0.0.1"),
                create("a.order.test", "AAAA", 300, "fd00::1"),
                create("a.order.test", "TXT", 300, "\"t\""),
                create("A.order.test", "A", 300, "10.0.0.1")))
        .expect(200);
    List<String> expected =
        List.of(
            "order.test. NS",
            "order.test. SOA",
            "a.order.test. A",
            "a.order.test. TXT",
            "a.order.test. AAAA",
            "*.a.order.test. A",
            "b.a.order.test. A",
            "aa.order.test. A",
            "b.order.test. MX",
            "z.order.test. A");

    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      String query = "?maxItems=3" + (token == null ? "" : "&nextToken=" + token);
      Reply page = get("/v1/hostedzones/" + zoneId + "/rrsets" + query, acct.token()).expect(200);
      page.body()
          .get("items")
          .forEach(i -> seen.add(i.get("name").stringValue() + " " + i.get("type").stringValue()));
      token = page.body().has("nextToken") ? page.text("/nextToken") : null;
    } while (token != null);

    assertThat(seen).containsExactlyElementsOf(expected);
  }

  /**
   * The store pages by name and type; the set identifiers of a weighted group are ordered here, and
   * a page boundary inside the group loses and repeats nothing, whatever the page size.
   */
  @Test
  void aRoutedGroupSplitAcrossPagesIsListedWhole() {
    Acct acct = account("grouped");
    String zoneId = zone(acct, "group.test", vpc(acct, "us-east-1"));
    List<String> changes = new ArrayList<>();
    for (String id : List.of("d", "B", "a", "c")) {
      changes.add(
          ("{\"action\":\"CREATE\",\"rrset\":{\"name\":\"w.group.test\",\"type\":\"A\","
                  + "\"ttl\":60,\"records\":[\"10.0.0.1\"],\"setIdentifier\":\"%s\",\"weight\":1}}")
              .formatted(id));
    }
    changes.add(create("v.group.test", "A", 60, "10.0.0.2"));
    changes.add(create("x.group.test", "A", 60, "10.0.0.3"));
    changeBatch(acct, zoneId, String.join(",", changes)).expect(200);

    List<String> whole = listed(acct, zoneId, 100);
    assertThat(whole)
        .containsExactly(
            "group.test. NS null",
            "group.test. SOA null",
            "v.group.test. A null",
            "w.group.test. A B",
            "w.group.test. A a",
            "w.group.test. A c",
            "w.group.test. A d",
            "x.group.test. A null");
    for (int size = 1; size <= 4; size++) {
      assertThat(listed(acct, zoneId, size)).as("pages of %d", size).isEqualTo(whole);
    }
  }

  /** Every record set of the zone as "name type setIdentifier", page by page. */
  private List<String> listed(Acct acct, String zoneId, int maxItems) {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      String query = "?maxItems=" + maxItems + (token == null ? "" : "&nextToken=" + token);
      Reply page = get("/v1/hostedzones/" + zoneId + "/rrsets" + query, acct.token()).expect(200);
      page.body()
          .get("items")
          .forEach(
              i ->
                  seen.add(
                      i.get("name").stringValue()
                          + " "
                          + i.get("type").stringValue()
                          + " "
                          + (i.has("setIdentifier")
                              ? i.get("setIdentifier").stringValue()
                              : null)));
      token = page.body().has("nextToken") ? page.text("/nextToken") : null;
    } while (token != null);
    return seen;
  }

  @Test
  void badFiltersAreListedTogether() {
    Acct acct = account("filterer");
    String zoneId = zone(acct, "filter.example", vpc(acct, "us-east-1"));

    Reply reply =
        get("/v1/hostedzones/" + zoneId + "/rrsets?name=a..b&type=NOPE&maxItems=-1", acct.token())
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields()).containsExactly("name", "type", "maxItems");
  }
}
