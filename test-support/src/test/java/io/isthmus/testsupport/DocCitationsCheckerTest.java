package io.isthmus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link DocCitations} accepts and what it reports, on a small repository of its own. */
class DocCitationsCheckerTest {

  @TempDir Path root;
  private DocCitations checker;

  @BeforeEach
  void smallRepository() throws IOException {
    write(
        "pom.xml",
        "<project><modules><module>test-support</module><module>zone</module></modules></project>");
    write(
        "docs/spec/resolution.md",
        "# Resolution\n\n## 1. Which VPC is asking\n\n## 2 Most specific\n\n### 2.3 Ties\n\n"
            + "## 4. Routing policies and health\n\n```\n## 5. Inside a code block\n```\n");
    write("docs/style.md", "# Style\n\n## State: one immutable snapshot\n\n## Names\n");
    checker = new DocCitations(root);
  }

  @Test
  void acceptsEveryFormOfAValidCitation() {
    String java =
        String.join(
            "\n",
            "/**",
            " * docs/spec/resolution.md, docs/spec/resolution.md section 4, section 2.3 at",
            " * docs/spec/resolution.md section 2.3. Also docs/spec/resolution.md sections 1 and 4,",
            " * docs/spec/resolution.md sections 1–2, 4, docs/spec/resolution.md §4 and",
            " * (docs/spec/resolution.md",
            " * section 1). docs/style.md \"State\", docs/style.md \"state: ONE\", docs/style.md",
            " * \"State: one immutable",
            " * snapshot\" and docs/style.md \"Names\" and \"State\"; docs/spec/resolution.md",
            " * \"Routing policies\" (without its number); docs/spec/resolution.md section 4's.",
            " */");

    assertThat(checker.check(Path.of("zone/src/main/java/Foo.java"), java)).isEmpty();
  }

  @Test
  void reportsAFileThatDoesNotExistWithFileAndLine() {
    String java = "class Foo {}\n// docs/spec/resolutoin.md section 1\n";

    assertThat(checker.check(Path.of("zone/src/main/java/Foo.java"), java))
        .containsExactly("zone/src/main/java/Foo.java:2: docs/spec/resolutoin.md does not exist");
  }

  @Test
  void reportsAMissingSectionNumber() {
    assertThat(problems("docs/spec/resolution.md section 3"))
        .containsExactly("F.java:1: docs/spec/resolution.md has no section 3");
    assertThat(problems("docs/spec/resolution.md section 2.4"))
        .containsExactly("F.java:1: docs/spec/resolution.md has no section 2.4");
    assertThat(problems("docs/spec/resolution.md §5"))
        .as("a heading inside a code block is no section")
        .containsExactly("F.java:1: docs/spec/resolution.md has no section 5");
    assertThat(problems("docs/spec/resolution.md sections 1–4"))
        .as("a range cites each section in it")
        .containsExactly("F.java:1: docs/spec/resolution.md has no section 3");
    assertThat(problems("docs/spec/resolution.md sections 2 and\n * 8"))
        .containsExactly("F.java:1: docs/spec/resolution.md has no section 8");
    assertThat(problems("docs/spec/resolution.md section 42"))
        .as("42 is not 4")
        .containsExactly("F.java:1: docs/spec/resolution.md has no section 42");
  }

  @Test
  void reportsAMissingHeading() {
    assertThat(problems("docs/style.md \"Stat e\""))
        .containsExactly("F.java:1: docs/style.md has no heading \"Stat e\"");
    assertThat(problems("docs/style.md \"one immutable snapshot\""))
        .as("the cited text must be the beginning of a heading")
        .containsExactly("F.java:1: docs/style.md has no heading \"one immutable snapshot\"");
    assertThat(problems("docs/style.md \"Names\" and \"Tests\""))
        .containsExactly("F.java:1: docs/style.md has no heading \"Tests\"");
    assertThat(problems("docs/style.md \"Style\nguide\""))
        .containsExactly("F.java:1: docs/style.md has no heading \"Style guide\"");
  }

  @Test
  void reportsBareSpecNamesButNotPathsOrLinkTargets() {
    List<String> problems =
        problems(
            "see resolution.md section 4,\n(admin-api.md \"Conventions\"), style.md and"
                + " health.md; operations.md.");

    assertThat(problems)
        .containsExactly(
            "F.java:1: bare resolution.md, cite docs/spec/resolution.md",
            "F.java:2: bare admin-api.md, cite docs/spec/admin-api.md",
            "F.java:2: bare style.md, cite docs/style.md",
            "F.java:2: bare health.md, cite docs/spec/health.md",
            "F.java:2: bare operations.md, cite docs/spec/operations.md");
    assertThat(
            checker.check(
                Path.of("docs/spec/README.md"),
                "[docs/spec/resolution.md](resolution.md) and docs/style.md, my-style.md"))
        .isEmpty();
  }

  @Test
  void checksMarkdownLinksAndTheirAnchors() {
    String markdown =
        "[ok](resolution.md#4-routing-policies-and-health), [ok](../style.md#names),"
            + " [ok](https://example.org/x.md)\n"
            + "[gone](missing.md) [bad anchor](resolution.md#5-inside-a-code-block)\n";

    assertThat(checker.check(Path.of("docs/spec/README.md"), markdown))
        .containsExactly(
            "docs/spec/README.md:2: link missing.md does not exist",
            "docs/spec/README.md:2: link resolution.md has no anchor #5-inside-a-code-block");
  }

  @Test
  void linksAreCheckedInMarkdownOnly() {
    assertThat(checker.check(Path.of("F.java"), "// [gone](missing.md)")).isEmpty();
  }

  @Test
  void scansJavaUnderModuleSourcesAndMarkdownButNotTargetOrOtherFiles() throws IOException {
    write("zone/src/main/java/A.java", "// docs/gone.md\n");
    write("zone/README.md", "\n\nresolution.md\n");
    write("zone/target/B.java", "// docs/gone.md\n");
    write("zone/target/C.md", "docs/gone.md\n");
    write(".git/D.md", "docs/gone.md\n");
    write("zone/Tool.java", "// docs/gone.md\n");
    write("zone/src/main/resources/e.txt", "docs/gone.md\n");

    assertThat(new DocCitations(root).checkRepository(Set.of()))
        .containsExactlyInAnyOrder(
            Path.of("zone/src/main/java/A.java") + ":1: docs/gone.md does not exist",
            Path.of("zone/README.md") + ":3: bare resolution.md, cite docs/spec/resolution.md");
  }

  @Test
  void skipsTheFilesItIsTold() throws IOException {
    write("zone/src/main/java/A.java", "// docs/gone.md\n");
    write("zone/src/main/java/B.java", "// docs/gone.md\n");

    assertThat(new DocCitations(root).checkRepository(Set.of(Path.of("zone/src/main/java/A.java"))))
        .containsExactly(Path.of("zone/src/main/java/B.java") + ":1: docs/gone.md does not exist");
  }

  @Test
  void findsTheRepositoryRootFromBelowIt() throws IOException {
    Path below = Files.createDirectories(root.resolve("zone/src/test"));
    write("zone/pom.xml", "<project><artifactId>zone</artifactId></project>");

    assertThat(DocCitations.repositoryRoot(below)).isEqualTo(root.toAbsolutePath());
  }

  @Test
  void failsWithoutARepositoryRoot(@TempDir Path elsewhere) {
    assertThatThrownBy(() -> DocCitations.repositoryRoot(elsewhere))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("<module>test-support</module>");
  }

  @Test
  void slugsAsGitHubDoes() {
    assertThat(DocCitations.MarkdownHeadings.slug("6. Default resolution (the `.` rule)"))
        .isEqualTo("6-default-resolution-the--rule");
    assertThat(DocCitations.MarkdownHeadings.slug("Forwarding (FORWARD rules, outbound_endpoints)"))
        .isEqualTo("forwarding-forward-rules-outbound_endpoints");
  }

  private List<String> problems(String comment) {
    return checker.check(Path.of("F.java"), comment);
  }

  private void write(String file, String content) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }
}
