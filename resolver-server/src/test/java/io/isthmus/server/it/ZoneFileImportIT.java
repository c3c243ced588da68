package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A zone file five times larger than an ordinary change batch may be, imported through {@code POST
 * /v1/hostedzones/{id}/import} on a whole node with the embedded store and served once its change
 * is INSYNC. Prints the import rate; it asserts what was served, never a time. The build imports
 * 5,000 records; the rate of docs/performance.md "Zone file import" is measured with {@code
 * -Disthmus.it.import.records=100000}.
 */
class ZoneFileImportIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String OPERATOR = RunningNode.OPERATOR_TOKEN;
  private static final int RECORDS = Integer.getInteger("isthmus.it.import.records", 5_000);
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  @RegisterExtension static final SharedNode shared = new SharedNode();

  @Test
  void aZoneFileLargerThanAChangeBatchIsImportedInOneChange() throws Exception {
    RunningNode node = shared.start();
    String token =
        json(node.call("POST", "/v1/accounts", OPERATOR, "{\"name\":\"bulk\"}"), 201)
            .get("token")
            .asString();
    String vpcId =
        json(
                node.call(
                    "POST",
                    "/v1/vpcs",
                    token,
                    "{\"name\":\"bulk\",\"region\":\"us-east-1\",\"cidrs\":[\"127.77.3.0/24\"]}"),
                201)
            .get("id")
            .asString();
    String zoneId =
        json(
                node.call(
                    "POST",
                    "/v1/hostedzones",
                    token,
                    "{\"name\":\"bulk.example\",\"vpcId\":\"" + vpcId + "\"}"),
                201)
            .get("id")
            .asString();
    StringBuilder file = new StringBuilder("$ORIGIN bulk.example.\n$TTL 300\n");
    for (int i = 0; i < RECORDS; i++) {
      file.append("host")
          .append(i)
          .append("\tIN\tA\t10.")
          .append(i >> 16)
          .append('.')
          .append((i >> 8) & 255)
          .append('.')
          .append(i & 255)
          .append('\n');
    }

    HttpClient http = HttpClient.newHttpClient();
    long start = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + node.httpPort
                            + "/v1/hostedzones/"
                            + zoneId
                            + "/import"))
                .timeout(DEADLINE)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/dns")
                .POST(HttpRequest.BodyPublishers.ofString(file.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long accepted = System.nanoTime();
    String changeId = json(response, 200).get("id").asString();
    Instant deadline = Instant.now().plus(DEADLINE);
    String status = "PENDING";
    while (!status.equals("INSYNC") && Instant.now().isBefore(deadline)) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      status =
          json(node.call("GET", "/v1/changes/" + changeId, token, null), 200)
              .get("status")
              .asString();
    }
    long insync = System.nanoTime();
    assertThat(status).isEqualTo("INSYNC");
    double acceptedSeconds = (accepted - start) / 1e9;
    double insyncSeconds = (insync - start) / 1e9;
    System.out.printf(
        "zone file import: %d records, 200 after %.2f s (%.0f records/s), INSYNC after %.2f s"
            + " (%.0f records/s)%n",
        RECORDS,
        acceptedSeconds,
        RECORDS / acceptedSeconds,
        insyncSeconds,
        RECORDS / insyncSeconds);

    assertThat(
            json(node.call("GET", "/v1/hostedzones/" + zoneId, token, null), 200)
                .get("recordSetCount")
                .intValue())
        .isEqualTo(RECORDS + 2);
    SimpleResolver resolver = new SimpleResolver("127.0.0.1");
    resolver.setPort(node.dnsPort);
    resolver.setLocalAddress(new java.net.InetSocketAddress("127.77.3.5", 0));
    int last = RECORDS - 1;
    Lookup lookup = new Lookup("host" + last + ".bulk.example.", Type.A);
    lookup.setResolver(resolver);
    lookup.setCache(null);
    Record[] answer = lookup.run();
    assertThat(answer).isNotNull();
    assertThat(answer[0].rdataToString())
        .isEqualTo("10." + (last >> 16) + "." + ((last >> 8) & 255) + "." + (last & 255));
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }
}
