package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.it.AwsCli.Run;
import io.isthmus.testsupport.Dig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replays of real tools' Route 53 call sequences (src/test/resources/aws-replays): a boto3
 * script given the endpoint, a key pair and a JSON request, answering one JSON document; and the
 * real dig's answers from a client address, awaited while the node applies a change.
 */
final class AwsReplay {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AwsCli awsCli;
  private final int dnsPort;

  AwsReplay(AwsCli awsCli, int dnsPort) {
    this.awsCli = awsCli;
    this.dnsPort = dnsPort;
  }

  /** {@code script} (a file of aws-replays) run for {@code account} on {@code request}. */
  JsonNode run(String script, RunningNode.AwsAccount account, Object request) throws Exception {
    Path file = Path.of(AwsReplay.class.getResource("/aws-replays/" + script).toURI());
    Run run =
        awsCli.run(
            Map.of(),
            "python3",
            file.toString(),
            awsCli.endpoint(),
            account.keyId(),
            account.secret(),
            JSON.writeValueAsString(request));
    assertThat(run.exitCode()).as(script + ": " + run.err()).isZero();
    return JSON.readTree(run.out());
  }

  /**
   * dig from {@code client} for {@code type} at {@code name}, once its status is {@code status}.
   */
  Dig await(String client, String name, String type, String status, List<String> answers)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Dig dig;
    do {
      dig = Dig.query(dnsPort, client, name, type);
      if (dig.status().equals(status) && dig.answers(type).equals(answers)) {
        return dig;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "no " + status + " " + answers + " for " + name + " " + type + ":\n" + dig.output);
  }

  /** The answer's records of {@code type}, once they are {@code expected} (NOERROR). */
  Dig awaitAnswer(String client, String name, String type, String... expected) throws Exception {
    return await(client, name, type, "NOERROR", List.of(expected));
  }
}
