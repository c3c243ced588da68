package io.isthmus.admin.aws;

/** Text for XML documents written by hand (the responses of the AWS-compatible API). */
public final class Xml {
  private Xml() {}

  /** {@code text} escaped for element content and attribute values (XML 1.0 section 2.4). */
  public static String text(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          // Characters XML 1.0 cannot carry at all (section 2.2) become U+FFFD.
          boolean allowed =
              c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
          out.append(allowed ? c : '\uFFFD');
        }
      }
    }
    return out.toString();
  }
}
