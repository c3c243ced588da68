package io.isthmus.admin.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.limits.ImportLimits;
import io.isthmus.config.ConfigStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** The import's own limits, in a context with small ones. */
@Import(ZoneFileLimitsTest.SmallImports.class)
class ZoneFileLimitsTest extends ApiTestSupport {
  static final int MAX_RECORDS = 3;
  static final int MAX_BYTES = 2000;

  @TestConfiguration(proxyBeanMethods = false)
  static class SmallImports {
    @Bean
    ImportLimits importLimits() {
      return new ImportLimits(MAX_RECORDS, MAX_BYTES);
    }
  }

  @Autowired ConfigStore store;

  Reply importFile(String zoneId, String token, String text, boolean declareLength) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    var request =
        MockMvcRequestBuilders.post("/v1/hostedzones/" + zoneId + "/import")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .contentType("text/dns")
            .content(bytes);
    if (!declareLength) {
      request.with(
          r -> {
            r.removeHeader(HttpHeaders.CONTENT_LENGTH);
            return r;
          });
    }
    return perform(request);
  }

  @Test
  void moreRecordsThanTheLimitIs413NamingIt() {
    Acct acct = account("many");
    String zoneId = zone(acct, "many.example", vpc(acct, "us-east-1"));
    long before = store.version();
    String three = "$TTL 60\na A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3\n";
    importFile(zoneId, acct.token(), three, true).expect(200);

    Reply reply =
        importFile(zoneId, acct.token(), three + "d A 192.0.2.4\n", true)
            .problem(413, "RequestTooLarge");
    assertThat(reply.text("/detail"))
        .isEqualTo(
            "The zone file holds more than 3 records, the import limit"
                + " (isthmus.admin.import.max-records).");
    assertThat(store.version()).isEqualTo(before + 1);
  }

  @Test
  void aLargerBodyThanTheLimitIs413NamingIt() {
    Acct acct = account("big");
    String zoneId = zone(acct, "big.example", vpc(acct, "us-east-1"));
    String big = "; " + "x".repeat(MAX_BYTES) + "\n";
    for (boolean declared : new boolean[] {true, false}) {
      Reply reply = importFile(zoneId, acct.token(), big, declared).problem(413, "RequestTooLarge");
      assertThat(reply.text("/detail"))
          .isEqualTo(
              "The zone file is larger than 2000 bytes, the import limit"
                  + " (isthmus.admin.import.max-body-size).");
    }
    // The body fits the import's limit even where it passes the ordinary one's? Here it is the
    // other way round: the ordinary limit (1 MiB) does not apply to the import path at all.
    String fits = "; " + "x".repeat(MAX_BYTES - 40) + "\n$TTL 60\na A 192.0.2.1\n";
    importFile(zoneId, acct.token(), fits, true).expect(200);
  }
}
