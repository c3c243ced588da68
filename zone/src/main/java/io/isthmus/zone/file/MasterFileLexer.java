package io.isthmus.zone.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a master file into entries, one per directive or resource record (RFC 1035 section 5.1): a
 * {@code ;} comment runs to the end of the line, parentheses let an entry continue over several
 * lines, a quoted string is one token, and a backslash escapes the next character ({@code \X} and
 * {@code \DDD} stay in the token's text, for dnsjava to read). Tokens keep their text as written,
 * quotes included, so the RDATA can be handed to dnsjava's own parser unchanged. Reading is line by
 * line, so an entry's first line is known and the input is never held whole. Not thread-safe.
 */
final class MasterFileLexer {
  /** One token as written in the file; {@code quoted} when it is a {@code "..."} string. */
  record Token(String text, boolean quoted) {}

  /**
   * One directive or record: the line it starts on, whether that line starts with a blank (the
   * owner is the previous record's, RFC 1035 section 5.1) and its tokens. {@code broken} entries
   * have an error already reported and are skipped by the reader.
   */
  record Entry(int line, boolean blankOwner, List<Token> tokens, boolean broken) {}

  private final BufferedReader in;
  private final Consumer<LineError> errors;
  private int lineNumber;

  MasterFileLexer(BufferedReader in, Consumer<LineError> errors) {
    this.in = in;
    this.errors = errors;
  }

  /** The next entry, or null at the end of the input. */
  Entry next() throws IOException {
    List<Token> tokens = new ArrayList<>();
    int depth = 0;
    int start = 0;
    int openedAt = 0;
    boolean blankOwner = false;
    boolean broken = false;
    String line;
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (tokens.isEmpty() && depth == 0) {
        start = lineNumber;
        blankOwner = !line.isEmpty() && isBlank(line.charAt(0));
        broken = false;
      }
      int i = 0;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (isBlank(c)) {
          i++;
        } else if (c == ';') {
          break;
        } else if (c == '(') {
          if (depth == 0) {
            openedAt = lineNumber;
          }
          depth++;
          i++;
        } else if (c == ')') {
          if (depth == 0) {
            errors.accept(new LineError(lineNumber, "')' without a matching '('"));
            broken = true;
          } else {
            depth--;
          }
          i++;
        } else if (c == '"') {
          int end = quotedEnd(line, i);
          if (end < 0) {
            errors.accept(new LineError(lineNumber, "quoted string not closed on its line"));
            broken = true;
            break;
          }
          tokens.add(new Token(line.substring(i, end), true));
          i = end;
        } else {
          int end = wordEnd(line, i);
          tokens.add(new Token(line.substring(i, end), false));
          i = end;
        }
      }
      if (depth == 0 && (!tokens.isEmpty() || broken)) {
        return new Entry(start, blankOwner, tokens, broken);
      }
    }
    if (depth > 0) {
      errors.accept(new LineError(openedAt, "'(' not closed before the end of the file"));
    }
    return null;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f';
  }

  /** The index after the closing quote of the string opened at {@code from}, or -1. */
  private static int quotedEnd(String line, int from) {
    int i = from + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** The index after a word: up to a blank, a comment, a parenthesis or a quote not escaped. */
  private static int wordEnd(String line, int from) {
    int i = from;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\\') {
        i = Math.min(i + 2, line.length());
      } else if (isBlank(c) || c == ';' || c == '(' || c == ')' || c == '"') {
        return i;
      } else {
        i++;
      }
    }
    return i;
  }
}
