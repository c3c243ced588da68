package io.isthmus.server.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForwarderOptionsTest {

  @Test
  void limitsDefaultToUnboundLikeValues() {
    ForwarderOptions defaults = ForwarderOptions.defaults();
    assertThat(defaults.maxOutstanding()).isEqualTo(4096);
    assertThat(defaults.maxOutstandingPerTarget()).isEqualTo(1024);
    assertThat(defaults.maxTargets()).isEqualTo(10_000);
  }

  @Test
  void limitsOfOneAreTheSmallestAccepted() {
    ForwarderOptions options = ForwarderOptions.defaults().withLimits(1, 1, 1);
    assertThat(options.maxOutstanding()).isEqualTo(1);
    assertThat(options.maxOutstandingPerTarget()).isEqualTo(1);
    assertThat(options.maxTargets()).isEqualTo(1);
    assertThat(options.overallBudget()).isEqualTo(ForwarderOptions.defaults().overallBudget());
  }

  @Test
  void nonPositiveLimitsAreRejectedByName() {
    ForwarderOptions d = ForwarderOptions.defaults();
    assertThatThrownBy(() -> d.withLimits(0, 1, 1))
        .hasMessage("maxOutstanding must be positive: 0");
    assertThatThrownBy(() -> d.withLimits(1, 0, 1))
        .hasMessage("maxOutstandingPerTarget must be positive: 0");
    assertThatThrownBy(() -> d.withLimits(1, 1, -1)).hasMessage("maxTargets must be positive: -1");
  }
}
