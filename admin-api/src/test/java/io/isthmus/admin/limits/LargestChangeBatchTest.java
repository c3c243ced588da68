package io.isthmus.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The default body limit leaves room for the largest change batch there is: 1000 changes (the
 * records a batch may carry) with names near the 255-octet limit of a DNS name.
 */
class LargestChangeBatchTest extends ApiTestSupport {

  @Test
  void aThousandChangesWithLongNamesFitTheDefaultLimit() {
    Acct acct = account("bulk");
    String zone = "bulk.example.";
    String zoneId = zone(acct, zone, vpc(acct, "us-east-1"));
    String label = "a".repeat(63);
    StringJoiner changes = new StringJoiner(",");
    for (int i = 0; i < 1000; i++) {
      String name = "h%04d.%s.%s.%s.%s".formatted(i, label, label, label.substring(0, 50), zone);
      changes.add(create(name, "A", 300, "10.%d.%d.1".formatted(i / 256, i % 256)));
    }
    String body = "{\"comment\":\"" + "c".repeat(256) + "\",\"changes\":[" + changes + "]}";
    int size = body.getBytes(StandardCharsets.UTF_8).length;

    assertThat(size).isEqualTo(283_842).isLessThan((int) AdminLimits.DEFAULT_MAX_BODY_BYTES / 3);
    post("/v1/hostedzones/" + zoneId + "/rrsets/changes", acct.token(), body).expect(200);
  }
}
