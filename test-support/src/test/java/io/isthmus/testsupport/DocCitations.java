package io.isthmus.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the project's docs cited in code comments and Markdown exist, down to the cited
 * section or heading (docs/style.md "Build habits"). A citation is a repository-relative path
 * {@code docs/<path>.md}, optionally followed by {@code section N[.M]}, {@code sections N, M and K}
 * (with ranges {@code N–M}), {@code §N}, or one or more quoted headings {@code "Heading"} (joined
 * by {@code ,} or {@code and}); the words may be split across comment lines. A quoted heading
 * matches when it is, ignoring case, the beginning of a heading of the cited file, with or without
 * the heading's section number. The four specs and the style guide cited by their file name alone,
 * without the {@code docs/spec/} or {@code docs/} before it, are refused (that was the old style),
 * except as a Markdown link target. Markdown links to {@code .md} files must resolve, anchor
 * included. Not thread-safe (it caches the headings of the files it has read).
 */
final class DocCitations {

  private static final String NUM = "\\d+(?:\\.\\d+)*";

  /** Between two words of a citation: blanks, or one line break with its comment marker. */
  private static final String GAP = "(?:[ \\t]*\\R[ \\t]*(?:\\*(?!/)|//+)?[ \\t]*|[ \\t]+)";

  private static final String QUOTED = "\"[^\"]{1,200}\"";

  private static final Pattern CITATION =
      Pattern.compile(
          "(?<![\\w-])docs/(?<path>[\\w./-]*?\\.md)(?![\\w-])"
              + "(?:"
              + GAP
              + "sections?"
              + GAP
              + "(?<sections>"
              + NUM
              + "(?:"
              + GAP
              + "?(?:[-–]|,|and)"
              + GAP
              + "?"
              + NUM
              + ")*)"
              + "|"
              + GAP
              + "?§[ \\t]*(?<paragraph>"
              + NUM
              + ")"
              + "|"
              + GAP
              + "(?<headings>"
              + QUOTED
              + "(?:"
              + GAP
              + "?(?:,|and)"
              + GAP
              + "?"
              + QUOTED
              + ")*)"
              + ")?");

  private static final Pattern NUMBER_OR_RANGE =
      Pattern.compile("(?<from>" + NUM + ")(?:\\s*[-–]\\s*(?:\\R[ \\t]*\\*?)?\\s*(?<to>\\d+))?");

  private static final Pattern QUOTE = Pattern.compile("\"([^\"]+)\"");

  private static final Pattern BARE_SPEC =
      Pattern.compile(
          "(?<![\\w/.-])(?<!\\]\\()(?<name>resolution|admin-api|health|operations|style)\\.md(?![\\w-])");

  private static final Pattern MARKDOWN_LINK =
      Pattern.compile("\\]\\((?<target>[^()\\s#:]+\\.md)(?:#(?<anchor>[^()\\s]*))?\\)");

  private static final Pattern COMMENT_BREAK = Pattern.compile("[ \\t]*\\R[ \\t]*(?:\\*|//+)?");

  private static final Pattern SECTION_NUMBER = Pattern.compile("^" + NUM + "\\.?\\s+");

  private final Path root;
  private final Map<Path, Optional<MarkdownHeadings>> docs = new HashMap<>();

  DocCitations(Path root) {
    this.root = root;
  }

  /**
   * The repository's root: the nearest directory at or above {@code start} whose pom.xml lists the
   * test-support module.
   */
  static Path repositoryRoot(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path pom = dir.resolve("pom.xml");
      if (Files.isRegularFile(pom) && read(pom).contains("<module>test-support</module>")) {
        return dir;
      }
    }
    throw new IllegalStateException("no pom.xml with <module>test-support</module> above " + start);
  }

  /**
   * Every broken citation in the repository's Java sources (under a module's {@code src}) and
   * Markdown files (outside {@code target} and {@code .git}), as {@code file:line: problem}, except
   * in {@code skipped} (paths relative to the root: files that quote broken citations on purpose).
   */
  List<String> checkRepository(Set<Path> skipped) {
    List<String> problems = new ArrayList<>();
    for (Path file : sources()) {
      if (skipped.contains(root.relativize(file))) {
        continue;
      }
      problems.addAll(check(root.relativize(file), read(file)));
    }
    return problems;
  }

  /** The broken citations in {@code text}, the content of {@code file} (relative to the root). */
  List<String> check(Path file, String text) {
    List<String> problems = new ArrayList<>();
    Matcher citation = CITATION.matcher(text);
    while (citation.find()) {
      String where = file + ":" + line(text, citation.start()) + ": ";
      String doc = "docs/" + citation.group("path");
      Optional<MarkdownHeadings> headings = headings(root.resolve(doc));
      if (headings.isEmpty()) {
        problems.add(where + doc + " does not exist");
        continue;
      }
      for (String section : sections(citation)) {
        if (!headings.get().hasSection(section)) {
          problems.add(where + doc + " has no section " + section);
        }
      }
      for (String heading : quotedHeadings(citation.group("headings"))) {
        if (!headings.get().hasHeadingStartingWith(heading)) {
          problems.add(where + doc + " has no heading \"" + heading + "\"");
        }
      }
    }
    Matcher bare = BARE_SPEC.matcher(text);
    while (bare.find()) {
      String name = bare.group("name");
      String path = name.equals("style") ? "docs/style.md" : "docs/spec/" + name + ".md";
      problems.add(
          file + ":" + line(text, bare.start()) + ": bare " + bare.group() + ", cite " + path);
    }
    if (file.toString().endsWith(".md")) {
      problems.addAll(checkLinks(file, text));
    }
    return problems;
  }

  private List<String> checkLinks(Path file, String text) {
    List<String> problems = new ArrayList<>();
    Matcher link = MARKDOWN_LINK.matcher(text);
    while (link.find()) {
      String where = file + ":" + line(text, link.start()) + ": link ";
      Path parent = file.getParent() == null ? Path.of("") : file.getParent();
      Path target = root.resolve(parent).resolve(link.group("target")).normalize();
      Optional<MarkdownHeadings> headings = headings(target);
      String anchor = link.group("anchor");
      if (headings.isEmpty()) {
        problems.add(where + link.group("target") + " does not exist");
      } else if (anchor != null && !headings.get().hasAnchor(anchor)) {
        problems.add(where + link.group("target") + " has no anchor #" + anchor);
      }
    }
    return problems;
  }

  private static List<String> sections(Matcher citation) {
    List<String> sections = new ArrayList<>();
    if (citation.group("paragraph") != null) {
      sections.add(citation.group("paragraph"));
    }
    if (citation.group("sections") != null) {
      Matcher each = NUMBER_OR_RANGE.matcher(citation.group("sections"));
      while (each.find()) {
        String from = each.group("from");
        if (each.group("to") == null || from.contains(".")) {
          sections.add(from);
          continue;
        }
        int last = Integer.parseInt(each.group("to"));
        for (int n = Integer.parseInt(from); n <= last; n++) {
          sections.add(Integer.toString(n));
        }
      }
    }
    return sections;
  }

  private static List<String> quotedHeadings(String headings) {
    List<String> quoted = new ArrayList<>();
    if (headings != null) {
      Matcher quote = QUOTE.matcher(headings);
      while (quote.find()) {
        quoted.add(oneLine(quote.group(1)));
      }
    }
    return quoted;
  }

  /** A heading cited across comment lines, as one line of text. */
  private static String oneLine(String text) {
    return COMMENT_BREAK.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").trim();
  }

  private Optional<MarkdownHeadings> headings(Path doc) {
    return docs.computeIfAbsent(
        doc.normalize(),
        path ->
            Files.isRegularFile(path)
                ? Optional.of(MarkdownHeadings.of(read(path)))
                : Optional.empty());
  }

  private List<Path> sources() {
    List<Path> sources = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              return name.equals("target") || name.equals(".git")
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (isMarkdown(file) || isJavaSource(root.relativize(file))) {
                sources.add(file);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sources.sort(null);
    return sources;
  }

  private static boolean isMarkdown(Path file) {
    return file.getFileName().toString().endsWith(".md");
  }

  /** A Java file under a module's {@code src/}: {@code <module>/src/...java}. */
  private static boolean isJavaSource(Path relative) {
    return relative.getNameCount() > 2
        && relative.getName(1).toString().equals("src")
        && relative.getFileName().toString().endsWith(".java");
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The headings of one Markdown file, outside fenced code blocks. Immutable. */
  static final class MarkdownHeadings {
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private final List<String> headings;

    private MarkdownHeadings(List<String> headings) {
      this.headings = List.copyOf(headings);
    }

    static MarkdownHeadings of(String markdown) {
      List<String> headings = new ArrayList<>();
      boolean fenced = false;
      for (String line : markdown.split("\\R", -1)) {
        if (line.startsWith("```") || line.startsWith("~~~")) {
          fenced = !fenced;
          continue;
        }
        Matcher heading = HEADING.matcher(line);
        if (!fenced && heading.matches()) {
          headings.add(heading.group(1));
        }
      }
      return new MarkdownHeadings(headings);
    }

    /** A heading numbered {@code section}: "4. Title", "4 Title", "4.2 Title" or just "4". */
    boolean hasSection(String section) {
      Pattern numbered = Pattern.compile("^" + Pattern.quote(section) + "(?:\\.?(?:\\s.*)?)$");
      return headings.stream().anyMatch(heading -> numbered.matcher(heading).matches());
    }

    /** A heading that begins with {@code cited}, ignoring case and the heading's number. */
    boolean hasHeadingStartingWith(String cited) {
      String prefix = cited.toLowerCase(Locale.ROOT);
      return headings.stream()
          .map(heading -> heading.toLowerCase(Locale.ROOT))
          .anyMatch(
              heading ->
                  heading.startsWith(prefix)
                      || SECTION_NUMBER.matcher(heading).replaceFirst("").startsWith(prefix));
    }

    /** An anchor as GitHub derives it from a heading: lower case, punctuation dropped. */
    boolean hasAnchor(String anchor) {
      return headings.stream().anyMatch(heading -> slug(heading).equals(anchor));
    }

    static String slug(String heading) {
      return heading
          .toLowerCase(Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
          .replace(' ', '-');
    }
  }
}
