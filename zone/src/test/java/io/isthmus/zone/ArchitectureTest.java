package io.isthmus.zone;

import io.isthmus.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** This module against the architecture table of {@link ArchitectureRules}. */
class ArchitectureTest {
  @Test
  void followsTheArchitectureRules() {
    ArchitectureRules.check(CompiledZone.class);
  }
}
