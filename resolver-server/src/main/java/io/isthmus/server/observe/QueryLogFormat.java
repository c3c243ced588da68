package io.isthmus.server.observe;

import io.isthmus.config.Vpc;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One query-log line: the fields of Route 53 Resolver query logs in their order and formats
 * (admin-api.md "Troubleshooting"), then ours ({@code node_id}, {@code route}, {@code route_id},
 * {@code latency_ms}, {@code cache}), as one JSON object and a newline.
 *
 * <p>Formats: {@code query_timestamp} as Route 53 writes it, ISO-8601 UTC to the second with {@code
 * Z}; {@code query_name} in presentation format with its trailing dot and the case the client sent;
 * {@code srcport} a string; {@code srcaddr} in RFC 5952 text for IPv6; {@code srcids} an object
 * holding {@code resolver_endpoint} only when the query arrived on an inbound endpoint; {@code
 * latency_ms} a number with microsecond precision. Unknown values are JSON null.
 *
 * <p>JSON is written by hand: the shape is fixed and small, and every string goes through {@link
 * #string}, which escapes quotes, backslashes and control characters (RFC 8259 §7). Stateless.
 */
final class QueryLogFormat {

  static final String VERSION = "1.100000";

  private QueryLogFormat() {}

  /**
   * The writer formats lines of the same second over and over: the ISO-8601 text is made once per
   * second per thread instead of once per line.
   */
  private static final ThreadLocal<SecondStamp> SECOND_STAMPS =
      ThreadLocal.withInitial(SecondStamp::new);

  private static final class SecondStamp {
    private long second = Long.MIN_VALUE;
    private String text;

    String format(long epochSecond) {
      if (epochSecond != second) {
        text = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond));
        second = epochSecond;
      }
      return text;
    }
  }

  /**
   * Appends the line for {@code event}.
   *
   * @param vpc the event's VPC, for account and region; null when no longer known
   * @param inboundEndpointId the inbound endpoint the query arrived on, or null
   */
  static void append(
      StringBuilder out, QueryEvent event, Vpc vpc, String inboundEndpointId, String nodeId) {
    out.append("{\"version\":");
    plain(out, VERSION);
    out.append(",\"account_id\":");
    plain(out, vpc == null ? null : vpc.accountId());
    out.append(",\"region\":");
    string(out, vpc == null ? null : vpc.region());
    out.append(",\"vpc_id\":");
    plain(out, event.vpcId());
    out.append(",\"query_timestamp\":\"");
    out.append(SECOND_STAMPS.get().format(Math.floorDiv(event.timestampMillis(), 1000L)));
    out.append("\",\"query_name\":");
    name(out, event.qname());
    out.append(",\"query_type\":");
    plain(out, event.qtype() < 0 ? null : Type.string(event.qtype()));
    out.append(",\"query_class\":");
    plain(out, event.qclass() < 0 ? null : DClass.string(event.qclass()));
    out.append(",\"rcode\":");
    plain(out, event.dropped() ? null : Rcode.string(event.rcode()));
    out.append(",\"answers\":[");
    List<Record> answers = event.answers();
    for (int i = 0; i < answers.size(); i++) {
      Record answer = answers.get(i);
      out.append(i == 0 ? "{\"Rdata\":" : ",{\"Rdata\":");
      rdata(out, answer);
      out.append(",\"Type\":");
      plain(out, Type.string(answer.getType()));
      out.append(",\"Class\":");
      plain(out, DClass.string(answer.getDClass()));
      out.append('}');
    }
    out.append("],\"srcaddr\":");
    string(out, event.source() == null ? null : address(event.source().getAddress()));
    out.append(",\"srcport\":");
    string(out, event.source() == null ? null : Integer.toString(event.source().getPort()));
    out.append(",\"transport\":");
    plain(out, event.transport().name());
    out.append(",\"srcids\":{");
    if (inboundEndpointId != null) {
      out.append("\"resolver_endpoint\":");
      string(out, inboundEndpointId);
    }
    out.append("},\"node_id\":");
    string(out, nodeId);
    out.append(",\"route\":");
    plain(out, event.route() == null ? null : event.route().name());
    out.append(",\"route_id\":");
    string(out, event.routeId());
    out.append(",\"latency_ms\":");
    latencyMillis(out, event.latencyNanos());
    out.append(",\"cache\":");
    plain(out, event.cache().name());
    out.append("}\n");
  }

  /**
   * A JSON string known to need no escaping: mnemonics, enum names, and ids Isthmus itself made
   * (VPC ids) or validated as digits (account ids). Skips the per-character scan.
   */
  private static void plain(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
    } else {
      out.append('"').append(value).append('"');
    }
  }

  /**
   * A name in presentation format with its trailing dot, as dnsjava writes it, built from the
   * labels: letters, digits, '-', '_' and '*' are copied as they are; any other byte falls back to
   * dnsjava's escaping (RFC 1035 §5.1). Cheaper than {@code Name.toString()} for the usual names.
   */
  static void name(StringBuilder out, Name name) {
    if (name == null) {
      out.append("null");
      return;
    }
    if (!name.isAbsolute()) {
      string(out, name.toString());
      return;
    }
    int start = out.length();
    out.append('"');
    int labels = name.labels();
    if (labels == 1 && name.isAbsolute()) {
      out.append(".\"");
      return;
    }
    for (int i = 0; i < labels; i++) {
      byte[] label = name.getLabel(i);
      int length = label[0] & 0xff;
      if (length == 0) {
        break;
      }
      for (int j = 1; j <= length; j++) {
        int b = label[j] & 0xff;
        if ((b >= 'a' && b <= 'z')
            || (b >= 'A' && b <= 'Z')
            || (b >= '0' && b <= '9')
            || b == '-'
            || b == '_'
            || b == '*') {
          out.append((char) b);
        } else {
          out.setLength(start);
          string(out, name.toString());
          return;
        }
      }
      out.append('.');
    }
    out.append('"');
  }

  /** RDATA in presentation format; A records formatted here (most answers), others by dnsjava. */
  private static void rdata(StringBuilder out, Record record) {
    if (record instanceof ARecord a) {
      byte[] bytes = a.getAddress().getAddress();
      out.append('"')
          .append(bytes[0] & 0xff)
          .append('.')
          .append(bytes[1] & 0xff)
          .append('.')
          .append(bytes[2] & 0xff)
          .append('.')
          .append(bytes[3] & 0xff)
          .append('"');
    } else {
      string(out, record.rdataToString());
    }
  }

  /** A JSON string (RFC 8259 §7), or null. */
  static void string(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
      return;
    }
    if (!needsEscape(value)) {
      // The usual case (names, addresses, ids): one bulk copy instead of a char at a time.
      out.append('"').append(value).append('"');
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          // Controls must be escaped; U+2028/2029 too, for readers that treat them as newlines.
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append("\\u");
            String hex = Integer.toHexString(c);
            out.append("0000", 0, 4 - hex.length()).append(hex);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean needsEscape(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  /** Milliseconds with three decimals (microseconds), e.g. {@code 0.042}. */
  static void latencyMillis(StringBuilder out, long nanos) {
    long micros = Math.max(0, (nanos + 500) / 1000);
    out.append(micros / 1000).append('.');
    long fraction = micros % 1000;
    if (fraction < 100) {
      out.append(fraction < 10 ? "00" : "0");
    }
    out.append(fraction);
  }

  /** Dotted quad for IPv4; RFC 5952 for IPv6 (lower case, longest zero run as ::, no zone). */
  static String address(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    // RFC 5952 §4.2.2/§4.2.3: the longest run of two or more zero groups, the first if tied.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (i > 0 && i != bestStart + bestLength) {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
