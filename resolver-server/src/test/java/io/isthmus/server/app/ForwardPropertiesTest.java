package io.isthmus.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code isthmus.forward.*}: each limit at least 1, rejected by its key's name. */
class ForwardPropertiesTest {

  @Test
  void oneIsTheSmallestAcceptedLimit() {
    IsthmusProperties.Forward forward = new IsthmusProperties.Forward(1, 1, 1);
    assertThat(forward.maxOutstanding()).isEqualTo(1);
    assertThat(forward.maxOutstandingPerTarget()).isEqualTo(1);
    assertThat(forward.maxTargets()).isEqualTo(1);
  }

  @Test
  void aLimitBelowOneIsRejectedNamingItsKey() {
    assertThatThrownBy(() -> new IsthmusProperties.Forward(0, 1, 1))
        .hasMessage("isthmus.forward.max-outstanding must be positive: 0");
    assertThatThrownBy(() -> new IsthmusProperties.Forward(1, -5, 1))
        .hasMessage("isthmus.forward.max-outstanding-per-target must be positive: -5");
    assertThatThrownBy(() -> new IsthmusProperties.Forward(1, 1, 0))
        .hasMessage("isthmus.forward.max-targets must be positive: 0");
  }
}
