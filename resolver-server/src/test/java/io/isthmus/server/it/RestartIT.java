package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testsupport.Dig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The embedded store keeps the whole configuration across a restart of the node. */
@ResourceLock(DemoAddresses.LOCK)
class RestartIT {
  @TempDir Path dataDir;

  @Test
  void demoSurvivesRestartAndIsNotLoadedTwice() throws Exception {
    Dig.assumeInstalled();
    String before;
    try (RunningNode node = RunningNode.start(dataDir, "--isthmus.demo=true")) {
      Dig dig = Dig.query(node.dnsPort, "127.1.10.5", "web.app1.aws.customer.local");
      assertThat(dig.answers("A")).as(dig.output).containsExactly("10.1.0.10");
      before = node.call("GET", "/v1/vpcs", RunningNode.OPERATOR_TOKEN, null).body();
    }
    try (RunningNode node = RunningNode.start(dataDir, "--isthmus.demo=true")) {
      Dig dig = Dig.query(node.dnsPort, "127.0.10.5", "web.app1.aws.customer.local");
      assertThat(dig.answers("A")).as(dig.output).containsExactly("10.1.0.10");
      assertThat(node.call("GET", "/v1/vpcs", RunningNode.OPERATOR_TOKEN, null).body())
          .isEqualTo(before);
    }
  }
}
