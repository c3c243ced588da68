package io.isthmus.admin.aws;

/** Text for JSON documents written by hand (the errors of the AWS JSON protocols). */
final class Json {
  private Json() {}

  /** {@code text} escaped as the content of a JSON string (RFC 8259 section 7). */
  static String text(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
