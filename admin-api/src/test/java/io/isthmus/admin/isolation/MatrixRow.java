package io.isthmus.admin.isolation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the isolation matrix (matrix.txt): a request and the answer each caller must get.
 * Immutable.
 *
 * @param method the HTTP method
 * @param path the path and query, with {@code {name}} placeholders for fixture resources
 * @param body the JSON body with placeholders, or null
 * @param cells the expected answers, in the order of {@link Column}
 */
record MatrixRow(String method, String path, String body, List<Expected> cells) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9]+)}");

  /** The columns after the request and the body. */
  enum Column {
    OWNER,
    PARTNER,
    STRANGER,
    OPERATOR,
    MISSING,
    MALFORMED,
    OPERATOR_MISSING
  }

  /**
   * An expected answer: a status and, for errors, the problem code; {@link #SKIP} for a call the
   * matrix does not make. Immutable.
   *
   * @param byDesign the request takes another account's id by design, so its answer may tell that
   *     the id exists ({@code *} after the code)
   */
  record Expected(int status, String code, boolean byDesign) {
    static final Expected SKIP = new Expected(0, null, false);

    static Expected parse(String cell) {
      if (cell.equals("-")) {
        return SKIP;
      }
      String[] parts = cell.split("\\s+");
      String code = parts.length > 1 ? parts[1] : null;
      boolean byDesign = code != null && code.endsWith("*");
      return new Expected(
          Integer.parseInt(parts[0]),
          byDesign ? code.substring(0, code.length() - 1) : code,
          byDesign);
    }

    boolean skipped() {
      return status == 0;
    }

    @Override
    public String toString() {
      return code == null ? Integer.toString(status) : status + " " + code;
    }
  }

  static List<MatrixRow> load(InputStream table) {
    List<MatrixRow> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Objects.requireNonNull(table), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(parse(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static MatrixRow parse(String line) {
    String[] columns = line.split("\\|");
    int expectedColumns = 2 + Column.values().length;
    if (columns.length != expectedColumns) {
      throw new IllegalArgumentException(
          "a matrix row has " + expectedColumns + " columns: " + line);
    }
    String[] request = columns[0].trim().split("\\s+", 2);
    String body = columns[1].trim();
    List<Expected> cells = new ArrayList<>();
    for (int i = 2; i < columns.length; i++) {
      cells.add(Expected.parse(columns[i].trim()));
    }
    return new MatrixRow(request[0], request[1], body.equals("-") ? null : body, cells);
  }

  Expected expected(Column column) {
    return cells.get(column.ordinal());
  }

  /**
   * The placeholder the missing and malformed columns replace: the first in the path, else the
   * first in the body; null when the request names no resource.
   */
  String subject() {
    List<String> names = placeholders();
    return names.isEmpty() ? null : names.get(0);
  }

  /** The fixture resources the request names, path first, the caller's own VPC left out. */
  List<String> placeholders() {
    List<String> names = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(path + " " + (body == null ? "" : body));
    while (matcher.find()) {
      if (!matcher.group(1).equals("myVpc") && !names.contains(matcher.group(1))) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  /** The path pattern as Spring maps it, variables reduced to {@code {}}: the coverage key. */
  String route() {
    return method + " " + normalized(path.replaceFirst("\\?.*", ""));
  }

  static String normalized(String pattern) {
    return PLACEHOLDER.matcher(pattern).replaceAll("{}");
  }

  @Override
  public String toString() {
    return method + " " + path + (body == null ? "" : " " + body);
  }
}
