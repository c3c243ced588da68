package io.isthmus.config.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of strings kept in one text column: the fields joined by {@code &}, each with {@code %}
 * and {@code &} percent-encoded, so that any field (empty, or holding either character) reads back
 * exactly. Deterministic, so equal lists give equal text (what makes a sorted map's text
 * canonical), and readable in the database. Records of several fields are kept flat, field after
 * field; a JSON codec would be a second parser in the store for no gain. Stateless.
 */
final class FieldText {
  private static final char SEPARATOR = '&';

  private FieldText() {}

  /** The fields joined and escaped; the empty list is the empty text. */
  static String join(List<String> fields) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        text.append(SEPARATOR);
      }
      escape(fields.get(i), text);
    }
    return text.toString();
  }

  /**
   * The fields {@link #join} made {@code text} of, in groups of {@code groupSize}. The empty text
   * is the empty list, so a list of one empty field does not read back: records of two fields or
   * more never make the empty text.
   *
   * @throws IllegalArgumentException if {@code text} holds a malformed escape or a number of fields
   *     that is not a multiple of {@code groupSize}
   */
  static List<String> split(String text, int groupSize) {
    List<String> fields = new ArrayList<>();
    if (text.isEmpty()) {
      return fields;
    }
    int start = 0;
    int end;
    while ((end = text.indexOf(SEPARATOR, start)) >= 0) {
      fields.add(unescape(text.substring(start, end)));
      start = end + 1;
    }
    fields.add(unescape(text.substring(start)));
    if (fields.size() % groupSize != 0) {
      throw new IllegalArgumentException(
          fields.size() + " fields, not groups of " + groupSize + ": '" + text + "'");
    }
    return fields;
  }

  private static void escape(String field, StringBuilder text) {
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      switch (c) {
        case '%' -> text.append("%25");
        case SEPARATOR -> text.append("%26");
        default -> text.append(c);
      }
    }
  }

  private static String unescape(String field) {
    if (field.indexOf('%') < 0) {
      return field;
    }
    StringBuilder plain = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '%') {
        plain.append(c);
      } else if (field.startsWith("%25", i)) {
        plain.append('%');
        i += 2;
      } else if (field.startsWith("%26", i)) {
        plain.append(SEPARATOR);
        i += 2;
      } else {
        throw new IllegalArgumentException("malformed escape at " + i + " in '" + field + "'");
      }
    }
    return plain.toString();
  }
}
