package io.isthmus.admin.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication.MovableAppliedVersion;
import io.isthmus.config.ConfigStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

class ZoneFilesTest extends ApiTestSupport {
  @Autowired ConfigStore store;
  @Autowired MovableAppliedVersion appliedVersion;

  @AfterEach
  void syncEverything() {
    appliedVersion.set(Long.MAX_VALUE);
  }

  /** POSTs a zone file as text/dns (or the given content type). */
  Reply importFile(String zoneId, String token, String query, String contentType, String text) {
    return perform(
        MockMvcRequestBuilders.post("/v1/hostedzones/" + zoneId + "/import" + query)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .contentType(contentType)
            .content(text.getBytes(StandardCharsets.UTF_8)));
  }

  Reply importFile(String zoneId, String token, String text) {
    return importFile(zoneId, token, "", "text/dns", text);
  }

  MockHttpServletResponse export(String zoneId, String token) {
    try {
      return mvc.perform(
              MockMvcRequestBuilders.get("/v1/hostedzones/" + zoneId + "/export")
                  .header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
          .andReturn()
          .getResponse();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** "name TYPE ttl records" of every record set of the zone, in the listing's order. */
  List<String> recordSets(String zoneId, String token) {
    List<String> sets = new ArrayList<>();
    Reply page = get("/v1/hostedzones/" + zoneId + "/rrsets?maxItems=1000", token).expect(200);
    for (JsonNode item : page.body().get("items")) {
      sets.add(
          item.get("name").stringValue()
              + " "
              + item.get("type").stringValue()
              + " "
              + item.get("ttl").longValue()
              + " "
              + item.get("records"));
    }
    return sets;
  }

  @Test
  void anImportIsOneChangeBatchAnsweredWithChangeInfo() {
    Acct acct = account("importer");
    String zoneId = zone(acct, "import.example", vpc(acct, "us-east-1"));
    long served = store.version();
    appliedVersion.set(served);

    Reply reply =
        importFile(
                zoneId,
                acct.token(),
                """
                $ORIGIN import.example.
                $TTL 1h
                @   IN SOA ns1 hostmaster ( 2024010101 7200 900 1209600 86400 )
                @   IN NS  ns1
                www IN A   192.0.2.1
                    IN A   192.0.2.2 ; same owner
                mail 300 IN MX 10 www
                $ORIGIN sub.import.example.
                txt IN TXT "semi;colon" "\\065"
                """)
            .expect(200);

    String changeId = reply.text("/id");
    assertThat(reply.text("/status")).isEqualTo("PENDING");
    assertThat(reply.text("/comment")).isEqualTo("zone file import (merge): 6 records");
    assertThat(reply.text("/warnings/0/code")).isEqualTo("ZoneFileApexIgnored");
    assertThat(store.version()).isEqualTo(served + 1);
    appliedVersion.set(store.version());
    assertThat(get("/v1/changes/" + changeId, acct.token()).expect(200).text("/status"))
        .isEqualTo("INSYNC");
    assertThat(recordSets(zoneId, acct.token()))
        .containsExactly(
            "import.example. NS 172800 [\"ns-0.isthmus.internal.\"]",
            "import.example. SOA 900 [\"ns-0.isthmus.internal. hostmaster.isthmus.internal. 1"
                + " 7200 900 1209600 86400\"]",
            "mail.import.example. MX 300 [\"10 www.import.example.\"]",
            "txt.sub.import.example. TXT 3600 [\"\\\"semi;colon\\\" \\\"A\\\"\"]",
            "www.import.example. A 3600 [\"192.0.2.1\",\"192.0.2.2\"]");
    Reply audit = get("/v1/audit?maxItems=1000", acct.token()).expect(200);
    List<String> audited = new ArrayList<>();
    audit
        .body()
        .get("items")
        .forEach(
            item -> {
              if (item.get("path").stringValue().endsWith("/import")) {
                audited.add(item.get("changeId").stringValue());
              }
            });
    assertThat(audited).containsExactly(changeId);
  }

  @Test
  void aFileWithErrorsChangesNothingAndListsEveryErrorWithItsLine() {
    Acct acct = account("bad-importer");
    String zoneId = zone(acct, "bad.example", vpc(acct, "us-east-1"));
    changeBatch(acct, zoneId, create("keep.bad.example", "A", 60, "192.0.2.9")).expect(200);
    long before = store.version();

    Reply reply =
        importFile(
                zoneId,
                acct.token(),
                """
                $TTL 300
                ok A 192.0.2.1
                $INCLUDE /etc/passwd
                bad A 192.0.2.300
                other.example. A 192.0.2.1
                c CNAME ok
                c TXT "x"
                """)
            .problem(400, "InvalidZoneFile");

    assertThat(reply.text("/detail"))
        .isEqualTo("The zone file was rejected as a whole: 4 problem(s).");
    assertThat(reply.errorFields()).containsExactly("line 3", "line 4", "line 5", "line 7");
    assertThat(reply.text("/errors/2/message"))
        .isEqualTo("other.example. is outside the zone bad.example.");
    assertThat(store.version()).isEqualTo(before);
    assertThat(recordSets(zoneId, acct.token())).hasSize(3);
  }

  @Test
  void replaceModeKeepsOnlyTheFileAndTheApexSoaAndNs() {
    Acct acct = account("replacer");
    String zoneId = zone(acct, "replace.example", vpc(acct, "us-east-1"));
    changeBatch(acct, zoneId, create("old.replace.example", "A", 60, "192.0.2.9")).expect(200);

    importFile(zoneId, acct.token(), "?mode=replace", "text/plain", "new 60 IN A 192.0.2.1\n")
        .expect(200);

    assertThat(recordSets(zoneId, acct.token()))
        .containsExactly(
            "replace.example. NS 172800 [\"ns-0.isthmus.internal.\"]",
            "replace.example. SOA 900 [\"ns-0.isthmus.internal. hostmaster.isthmus.internal. 1"
                + " 7200 900 1209600 86400\"]",
            "new.replace.example. A 60 [\"192.0.2.1\"]");
  }

  @Test
  void mergeIsTheDefaultAndKeepsOtherRecordSets() {
    Acct acct = account("merger");
    String zoneId = zone(acct, "merge.example", vpc(acct, "us-east-1"));
    changeBatch(acct, zoneId, create("old.merge.example", "A", 60, "192.0.2.9")).expect(200);

    importFile(zoneId, acct.token(), "?mode=MERGE", "text/dns", "new 60 IN A 192.0.2.1\n")
        .expect(200);

    assertThat(recordSets(zoneId, acct.token())).hasSize(4);
  }

  @Test
  void badModeAndMediaType() {
    Acct acct = account("mode-tester");
    String zoneId = zone(acct, "mode.example", vpc(acct, "us-east-1"));
    assertThat(
            importFile(zoneId, acct.token(), "?mode=sync", "text/dns", "a 1 A 192.0.2.1\n")
                .problem(400, "InvalidInput")
                .errorFields())
        .containsExactly("mode");
    assertThat(
            importFile(zoneId, acct.token(), "", "application/json", "{}")
                .problem(415, "UnsupportedMediaType")
                .text("/detail"))
        .isEqualTo(
            "A zone file is sent as text/dns (RFC 4027) or text/plain, not application/json.");
    importFile(zoneId, acct.token(), "", "text/*", "a 1 A 192.0.2.1\n")
        .problem(415, "UnsupportedMediaType");
    importFile(zoneId, acct.token(), "", "text/dns;", "a 1 A 192.0.2.1\n").expect(200);
    importFile(zoneId, acct.token(), "", "text/dns; charset=nope", "a 1 A 192.0.2.1\n")
        .problem(415, "UnsupportedMediaType");
  }

  @Test
  void onlyTheOwnerImportsAndTheOperatorMayExport() {
    Acct owner = account("zf-owner");
    Acct stranger = account("zf-stranger");
    String zoneId = zone(owner, "owned.example", vpc(owner, "us-east-1"));

    importFile(zoneId, stranger.token(), "a 60 A 192.0.2.1\n").problem(404, "NoSuchHostedZone");
    importFile(zoneId, OPERATOR, "a 60 A 192.0.2.1\n").problem(403, "AccessDenied");
    assertThat(export(zoneId, stranger.token()).getStatus()).isEqualTo(404);
    assertThat(export(zoneId, OPERATOR).getStatus()).isEqualTo(200);
    assertThat(export("Z0000000000000000000", owner.token()).getStatus()).isEqualTo(404);
  }

  @Test
  void anExportImportsIntoAnotherZoneUnchanged() throws Exception {
    Acct acct = account("exporter");
    String vpcId = vpc(acct, "us-east-1");
    String zoneId = zone(acct, "source.example", vpcId);
    changeBatch(
            acct,
            zoneId,
            create("www.source.example", "A", 60, "192.0.2.1", "192.0.2.2")
                + ","
                + create("source.example", "MX", 300, "10 mail.source.example.")
                + ","
                + create("t.source.example", "TXT", 30, "\"a b\" \"c\\\"d\""))
        .expect(200);

    MockHttpServletResponse exported = export(zoneId, acct.token());
    assertThat(exported.getStatus()).isEqualTo(200);
    assertThat(exported.getContentType()).isEqualTo("text/dns;charset=UTF-8");
    String text = exported.getContentAsString();
    assertThat(text).startsWith("$ORIGIN source.example.\n$TTL 900\n@\t900\tIN\tSOA\t");

    String copyId = zone(acct, "source.example", vpc(acct, "us-west-2"));
    importFile(copyId, acct.token(), "?mode=replace", "text/dns", text).expect(200);
    assertThat(recordSets(copyId, acct.token())).isEqualTo(recordSets(zoneId, acct.token()));
    assertThat(export(copyId, acct.token()).getContentAsString()).isEqualTo(text);
  }
}
