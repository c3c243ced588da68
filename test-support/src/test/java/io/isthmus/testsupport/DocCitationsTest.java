package io.isthmus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every doc the code and the docs cite exists, with the cited section or heading, and nothing cites
 * the specs by a bare file name (docs/spec/README.md).
 */
class DocCitationsTest {
  /** Broken citations, on purpose: the checker's own examples. */
  private static final Path EXAMPLES =
      Path.of("test-support/src/test/java/io/isthmus/testsupport/DocCitationsCheckerTest.java");

  @Test
  void everyCitedDocSectionAndHeadingExists() {
    Path root = DocCitations.repositoryRoot(Path.of(""));

    assertThat(new DocCitations(root).checkRepository(Set.of(EXAMPLES)))
        .as("broken doc citations (file:line: problem)")
        .isEmpty();
  }
}
