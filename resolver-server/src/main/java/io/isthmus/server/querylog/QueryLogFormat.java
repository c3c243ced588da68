package io.isthmus.server.querylog;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.isthmus.config.Vpc;
import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.AddressText;
import io.isthmus.server.query.Transport;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Writes query-log lines: the fields of Route 53 Resolver query logs in their order and formats
 * (docs/spec/admin-api.md "Troubleshooting"), then ours ({@code node_id}, {@code route}, {@code
 * route_id}, {@code latency_ms}, {@code cache}), as one JSON object and a newline, in UTF-8.
 *
 * <p>Formats: {@code query_timestamp} as Route 53 writes it, ISO-8601 UTC to the second with {@code
 * Z}; {@code query_name} in presentation format with its trailing dot and the case the client sent;
 * {@code srcport} a string; {@code srcaddr} in RFC 5952 text for IPv6; {@code srcids} an object
 * holding {@code resolver_endpoint} only when the query arrived on an inbound endpoint, or ours,
 * {@code resolver_address} (ip:port), only when it arrived on a VPC's resolver address; {@code
 * latency_ms} a number with microsecond precision. Unknown values are JSON null.
 *
 * <p>Cost matters: every logged query makes a line, and the writer thread shares the machine with
 * the query path. So lines are built as bytes in a {@link LineBuffer} and everything that repeats
 * is formatted once and copied after that: the fields that depend on the VPC only, the timestamp
 * text of the current second, type, class and RCODE mnemonics, and the answers of a resolution
 * (snapshot answers are shared lists, so one cached by identity is the same answer again). Strings
 * are escaped as RFC 8259 §7 requires.
 *
 * <p>Not thread-safe: one instance per writer thread.
 */
final class QueryLogFormat {

  static final String VERSION = "1.100000";

  /**
   * Answer lists remembered by identity: direct-mapped, a power of two. Enough for the records of a
   * large private zone (about 1.5 MiB when full).
   */
  private static final int ANSWER_SLOTS = 16384;

  /** Types and classes below this have their mnemonic cached (all but private-use values). */
  private static final int MNEMONIC_SLOTS = 1024;

  /** Distinct VPCs whose line prefix is kept before the cache starts over. */
  private static final int MAX_VPC_PREFIXES = 4096;

  /** Distinct route ids whose line segment is kept before that cache starts over. */
  private static final int MAX_ROUTE_SEGMENTS = 16384;

  /** IPv4 sources remembered with their text: direct-mapped, a power of two. */
  private static final int SOURCE_SLOTS = 4096;

  private static final byte[] NULL = ascii("null");
  private static final byte[] AFTER_TIMESTAMP = ascii("\",\"query_name\":");
  private static final byte[] SRCADDR = ascii(",\"srcaddr\":");
  private static final byte[] NO_SOURCE = ascii(",\"srcaddr\":null,\"srcport\":null");
  private static final byte[] SRCPORT = ascii(",\"srcport\":\"");
  private static final byte[] RESOLVER_ENDPOINT = ascii("\"resolver_endpoint\":");
  private static final byte[] RESOLVER_ADDRESS = ascii("\"resolver_address\":");
  private static final byte[] EMPTY_ANSWERS = ascii("[]");
  private static final byte[] FIRST_RDATA = ascii("{\"Rdata\":");
  private static final byte[] NEXT_RDATA = ascii(",{\"Rdata\":");
  private static final byte[] ANSWER_TYPE = ascii(",\"Type\":");
  private static final byte[] ANSWER_CLASS = ascii(",\"Class\":");
  private static final byte[] ROOT_NAME = ascii("\".\"");

  /** Bytes a name shows as they are: letters, digits, '-', '_' and '*'. */
  private static final boolean[] PLAIN_NAME_BYTE = plainNameBytes();

  /** "0" … "255", for dotted quads. */
  private static final byte[][] OCTETS = octets();

  /** {@code ","transport":"UDP","srcids":{} by transport, after a port (closing its quote). */
  private static final byte[][] TRANSPORT_AFTER_PORT = transports("\"");

  /** The same after {@code "srcport":null}. */
  private static final byte[][] TRANSPORT_AFTER_NULL = transports("");

  /** {@code ,"cache":"HIT"}} and the newline, by cache status. */
  private static final byte[][] ENDS = ends();

  private final QueryLogDirectory directory;
  private final String nodeId;

  // Caches, all confined to the one thread using this instance.
  private final Map<String, byte[]> vpcPrefixes = new HashMap<>();
  private String lastVpcId;
  private byte[] lastVpcPrefix;
  private final byte[][] types = new byte[MNEMONIC_SLOTS][];
  private final byte[][] classes = new byte[MNEMONIC_SLOTS][];
  private final byte[][][] questionSegments = new byte[MNEMONIC_SLOTS][][];

  /** Slot i: the list at 2i, its bytes at 2i + 1 (one cache line for both). */
  private final Object[] answerCache = new Object[2 * ANSWER_SLOTS];

  private final int[] sourceKeys = new int[SOURCE_SLOTS];
  private final byte[][] sourceBytes = new byte[SOURCE_SLOTS][];
  private final List<Map<String, byte[]>> routeSegments = new ArrayList<>();
  private final LineBuffer scratch = new LineBuffer(256);
  private long second = Long.MIN_VALUE;
  private byte[] secondText;

  QueryLogFormat(QueryLogDirectory directory, String nodeId) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    // Index 0 for "no route", then one per route kind.
    for (int i = 0; i <= RouteKind.values().length; i++) {
      routeSegments.add(new HashMap<>());
    }
  }

  /**
   * Appends the line for {@code query}, its newline included. A line is a dozen copies of cached
   * segments, with only the query name, the port and the latency written byte by byte.
   */
  void append(LineBuffer out, LoggedQuery query) {
    out.append(vpcPrefix(query.vpcId));
    out.append(timestamp(Math.floorDiv(query.timestampMillis, 1000L)));
    name(out, query.qname);
    out.append(questionSegment(query));
    answers(out, query.answers, query.answersHash);
    byte[][] transport;
    if (query.sourceLength == 0) {
      out.append(NO_SOURCE);
      transport = TRANSPORT_AFTER_NULL;
    } else {
      source(out, query);
      out.digits(query.sourcePort);
      transport = TRANSPORT_AFTER_PORT;
    }
    out.append(transport[query.transport.ordinal()]);
    String inboundEndpointId = directory.inboundEndpointId(query.local);
    if (inboundEndpointId != null) {
      out.append(RESOLVER_ENDPOINT).json(inboundEndpointId);
    } else {
      String resolverAddress = directory.vpcResolverAddress(query.local);
      if (resolverAddress != null) {
        out.append(RESOLVER_ADDRESS).json(resolverAddress);
      }
    }
    out.append(routeSegment(query.route, query.routeId));
    latencyMillis(out, query.latencyNanos);
    out.append(ENDS[query.cache.ordinal()]);
  }

  /**
   * {@code {"version":…,"account_id":…,"region":…,"vpc_id":…,"query_timestamp":"}. A VPC's account
   * and region never change (docs/spec/admin-api.md has no update for VPCs), so the segment is made once per
   * VPC the directory knows, and kept even when the VPC is deleted: lines still queued describe
   * queries answered while it existed. A VPC the directory does not know gets nulls, not kept.
   */
  private byte[] vpcPrefix(String vpcId) {
    if (vpcId != null && vpcId == lastVpcId) {
      return lastVpcPrefix;
    }
    byte[] prefix = vpcPrefixes.get(vpcId);
    if (prefix == null) {
      Vpc vpc = vpcId == null ? null : directory.vpc(vpcId);
      LineBuffer text = new LineBuffer(160);
      text.append(ascii("{\"version\":")).json(VERSION);
      text.append(ascii(",\"account_id\":")).json(vpc == null ? null : vpc.accountId());
      text.append(ascii(",\"region\":")).json(vpc == null ? null : vpc.region());
      text.append(ascii(",\"vpc_id\":")).json(vpcId);
      text.append(ascii(",\"query_timestamp\":\""));
      prefix = copy(text);
      if (vpc == null) {
        return prefix;
      }
      if (vpcPrefixes.size() >= MAX_VPC_PREFIXES) {
        vpcPrefixes.clear();
      }
      vpcPrefixes.put(vpcId, prefix);
    }
    lastVpcId = vpcId;
    lastVpcPrefix = prefix;
    return prefix;
  }

  /** The ISO-8601 text of the second, closing quote and the next key: once per second. */
  private byte[] timestamp(long epochSecond) {
    if (epochSecond != second) {
      String text = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond));
      byte[] bytes = new byte[text.length() + AFTER_TIMESTAMP.length];
      System.arraycopy(ascii(text), 0, bytes, 0, text.length());
      System.arraycopy(AFTER_TIMESTAMP, 0, bytes, text.length(), AFTER_TIMESTAMP.length);
      secondText = bytes;
      second = epochSecond;
    }
    return secondText;
  }

  /**
   * {@code ,"query_type":…,"query_class":…,"rcode":…,"answers":}: kept per type and RCODE for class
   * IN queries with one of the first 16 RCODEs (nearly all), made each time for the rest.
   */
  private byte[] questionSegment(LoggedQuery query) {
    int qtype = query.qtype;
    int rcode = query.rcode;
    boolean cached =
        query.qclass == DClass.IN
            && qtype >= 0
            && qtype < MNEMONIC_SLOTS
            && (query.dropped() || (rcode >= 0 && rcode < 16));
    // Index 0 is "dropped", 1..16 RCODEs 0..15.
    int rcodeIndex = query.dropped() ? 0 : rcode + 1;
    if (cached) {
      byte[][] byRcode = questionSegments[qtype];
      if (byRcode == null) {
        byRcode = new byte[17][];
        questionSegments[qtype] = byRcode;
      }
      byte[] segment = byRcode[rcodeIndex];
      if (segment == null) {
        segment = makeQuestionSegment(query);
        byRcode[rcodeIndex] = segment;
      }
      return segment;
    }
    return makeQuestionSegment(query);
  }

  private byte[] makeQuestionSegment(LoggedQuery query) {
    LineBuffer text = new LineBuffer(96);
    text.append(ascii(",\"query_type\":")).append(mnemonic(types, query.qtype, true));
    text.append(ascii(",\"query_class\":")).append(mnemonic(classes, query.qclass, false));
    text.append(ascii(",\"rcode\":"));
    if (query.dropped()) {
      text.append(NULL);
    } else {
      text.json(Rcode.string(query.rcode));
    }
    text.append(ascii(",\"answers\":"));
    return copy(text);
  }

  /**
   * The source address as a JSON string and the start of {@code srcport}'s: IPv4 addresses are kept
   * with their text (a node sees the same clients again and again), IPv6 made each time.
   */
  private void source(LineBuffer out, LoggedQuery query) {
    if (query.sourceLength != 4) {
      out.append(SRCADDR).json(AddressText.of(query.sourceAddress())).append(SRCPORT);
      return;
    }
    int key = query.sourceV4;
    int slot = (key ^ key >>> 12 ^ key >>> 24) & (SOURCE_SLOTS - 1);
    byte[] text = sourceBytes[slot];
    if (text == null || sourceKeys[slot] != key) {
      scratch.clear();
      scratch.append(SRCADDR);
      dottedQuad(
          scratch,
          new byte[] {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key});
      scratch.append(SRCPORT);
      text = copy(scratch);
      sourceKeys[slot] = key;
      sourceBytes[slot] = text;
    }
    out.append(text);
  }

  /**
   * {@code },"node_id":…,"route":…,"route_id":…,"latency_ms":}: the node id is fixed and route ids
   * are the snapshot's few zones and rules, so it is kept per route kind and id.
   */
  private byte[] routeSegment(RouteKind route, String routeId) {
    Map<String, byte[]> byId = routeSegments.get(route == null ? 0 : route.ordinal() + 1);
    byte[] segment = byId.get(routeId);
    if (segment == null) {
      if (byId.size() >= MAX_ROUTE_SEGMENTS) {
        byId.clear();
      }
      LineBuffer text = new LineBuffer(128);
      text.append(ascii("},\"node_id\":")).json(nodeId);
      text.append(ascii(",\"route\":"));
      if (route == null) {
        text.append(NULL);
      } else {
        text.json(route.name());
      }
      text.append(ascii(",\"route_id\":")).json(routeId);
      text.append(ascii(",\"latency_ms\":"));
      segment = copy(text);
      byId.put(routeId, segment);
    }
    return segment;
  }

  /** A type or class mnemonic as a JSON string, made once per value; null for -1. */
  private static byte[] mnemonic(byte[][] table, int value, boolean type) {
    if (value < 0) {
      return NULL;
    }
    if (value >= table.length) {
      return quoted(type ? Type.string(value) : DClass.string(value));
    }
    byte[] text = table[value];
    if (text == null) {
      text = quoted(type ? Type.string(value) : DClass.string(value));
      table[value] = text;
    }
    return text;
  }

  /**
   * The answers array. A resolution's answer list is immutable and, for private-zone answers, the
   * snapshot's own list: it is formatted once and found again by identity. The cache holds the
   * list, so its identity cannot be reused by another list while the entry is there.
   */
  private void answers(LineBuffer out, List<Record> answers, int identityHash) {
    // The identity hash comes with the query (computed where the list was last touched); a hit
    // compares references and never reads the list.
    int slot = 2 * (identityHash & (ANSWER_SLOTS - 1));
    if (answerCache[slot] == answers) {
      out.append((byte[]) answerCache[slot + 1]);
      return;
    }
    if (answers.isEmpty()) {
      out.append(EMPTY_ANSWERS);
      return;
    }
    scratch.clear();
    scratch.append((byte) '[');
    for (int i = 0; i < answers.size(); i++) {
      Record answer = answers.get(i);
      scratch.append(i == 0 ? FIRST_RDATA : NEXT_RDATA);
      rdata(scratch, answer);
      scratch.append(ANSWER_TYPE).append(mnemonic(types, answer.getType(), true));
      scratch.append(ANSWER_CLASS).append(mnemonic(classes, answer.getDClass(), false));
      scratch.append((byte) '}');
    }
    scratch.append((byte) ']');
    byte[] bytes = copy(scratch);
    answerCache[slot] = answers;
    answerCache[slot + 1] = bytes;
    out.append(bytes);
  }

  /** RDATA in presentation format; A records formatted here (most answers), others by dnsjava. */
  private static void rdata(LineBuffer out, Record record) {
    if (record instanceof ARecord) {
      // The wire RDATA is the address: no InetAddress (whose making formats the owner name).
      dottedQuad(out, record.rdataToWireCanonical());
    } else {
      out.json(record.rdataToString());
    }
  }

  /**
   * A name in presentation format with its trailing dot, as dnsjava writes it, from its labels:
   * letters, digits, '-', '_' and '*' are copied as they are; any other byte falls back to
   * dnsjava's escaping (RFC 1035 §5.1). Null for no name.
   */
  static void name(LineBuffer out, Name name) {
    if (name == null) {
      out.append(NULL);
      return;
    }
    if (!name.isAbsolute()) {
      out.json(name.toString());
      return;
    }
    int labels = name.labels();
    if (labels == 1) {
      out.append(ROOT_NAME);
      return;
    }
    int start = out.length();
    out.append((byte) '"');
    // The last label is the root's, empty.
    for (int i = 0; i < labels - 1; i++) {
      byte[] label = name.getLabel(i);
      int length = label[0] & 0xff;
      for (int j = 1; j <= length; j++) {
        if (!PLAIN_NAME_BYTE[label[j] & 0xff]) {
          out.truncate(start);
          out.json(name.toString());
          return;
        }
      }
      out.append(label, 1, length).append((byte) '.');
    }
    out.append((byte) '"');
  }

  /** Four address bytes as a quoted dotted quad. */
  private static void dottedQuad(LineBuffer out, byte[] bytes) {
    out.append((byte) '"');
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        out.append((byte) '.');
      }
      out.append(OCTETS[bytes[i] & 0xff]);
    }
    out.append((byte) '"');
  }

  /** Milliseconds with three decimals (microseconds), e.g. {@code 0.042}. */
  static void latencyMillis(LineBuffer out, long nanos) {
    long micros = Math.max(0, (nanos + 500) / 1000);
    out.digits(micros / 1000).append((byte) '.');
    long fraction = micros % 1000;
    if (fraction < 100) {
      out.append((byte) '0');
      if (fraction < 10) {
        out.append((byte) '0');
      }
    }
    out.digits(fraction);
  }

  /** {@code value} as a JSON string literal in UTF-8. */
  private static byte[] quoted(String value) {
    LineBuffer text = new LineBuffer(value.length() + 2);
    text.json(value);
    return copy(text);
  }

  private static byte[] copy(LineBuffer text) {
    return Arrays.copyOf(text.array(), text.length());
  }

  private static byte[][] transports(String beforeComma) {
    Transport[] values = Transport.values();
    byte[][] segments = new byte[values.length][];
    for (Transport transport : values) {
      LineBuffer text = new LineBuffer(48);
      text.append(ascii(beforeComma + ",\"transport\":")).json(transport.name());
      text.append(ascii(",\"srcids\":{"));
      segments[transport.ordinal()] = copy(text);
    }
    return segments;
  }

  private static byte[][] ends() {
    CacheStatus[] values = CacheStatus.values();
    byte[][] ends = new byte[values.length][];
    for (CacheStatus cache : values) {
      LineBuffer text = new LineBuffer(32);
      text.append(ascii(",\"cache\":")).json(cache.name()).append(ascii("}\n"));
      ends[cache.ordinal()] = copy(text);
    }
    return ends;
  }

  private static boolean[] plainNameBytes() {
    boolean[] plain = new boolean[256];
    for (int b = 0; b < 256; b++) {
      plain[b] =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || b == '_'
              || b == '*';
    }
    return plain;
  }

  private static byte[][] octets() {
    byte[][] octets = new byte[256][];
    for (int i = 0; i < 256; i++) {
      octets[i] = ascii(Integer.toString(i));
    }
    return octets;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(US_ASCII);
  }
}
