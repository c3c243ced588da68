package io.isthmus.server.querylog;

import static io.isthmus.server.query.QueryEvents.event;
import static io.isthmus.server.query.QueryEvents.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.AddressText;
import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.query.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The query log's own formatting writes exactly what dnsjava's presentation format says. */
class QueryLogFormatProperties {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** More answer lists than the format's identity cache has slots: entries get replaced. */
  private static final List<List<Record>> ANSWER_LISTS = answerLists(3000, new Random(53));

  /** Clients: none, IPv4 (more than the formatter's address slots), IPv6. */
  private static final List<InetSocketAddress> SOURCES = sources(5000, new Random(54));

  /** One formatter for every try, as the writer thread has: its caches fill and turn over. */
  private static final QueryLogFormat FORMAT = new QueryLogFormat(QueryLogDirectory.NONE, "n-1");

  @Property(tries = 2000)
  void namesAreWrittenAsDnsjavaPresentsThem(@ForAll("names") Name name) {
    LineBuffer fast = new LineBuffer(8);
    QueryLogFormat.name(fast, name);
    LineBuffer reference = new LineBuffer(8);
    reference.json(name.toString());
    assertThat(fast.toString()).isEqualTo(reference.toString());
  }

  @Property(tries = 300)
  void everyLineSaysWhatItsEventSays(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 2999) Integer> picks,
      @ForAll("names") Name qname,
      @ForAll @IntRange(min = -1, max = 23) int rcode,
      @ForAll @IntRange(min = 1, max = 1100) int qtype,
      @ForAll boolean chaos,
      @ForAll Transport transport,
      @ForAll CacheStatus cache,
      @ForAll @IntRange(min = 0, max = 5_000_000) int latencyNanos) {
    for (int pick : picks) {
      List<Record> answers = ANSWER_LISTS.get(pick);
      InetSocketAddress source = SOURCES.get(pick % SOURCES.size());
      RouteKind route = pick % 7 == 0 ? null : RouteKind.values()[pick % RouteKind.values().length];
      String routeId = pick % 5 == 0 ? null : "id-" + (pick % 11);
      QueryEvent event =
          event()
              .vpc(pick % 4 == 0 ? null : "vpc-" + (pick % 3))
              .qname(qname)
              .qtype(qtype)
              .qclass(chaos ? DClass.CH : DClass.IN)
              .rcode(rcode)
              .answers(answers)
              .source(source)
              .transport(transport)
              .route(route, routeId)
              .cache(cache)
              .latencyNanos(latencyNanos)
              .build();
      LineBuffer line = new LineBuffer(64);
      FORMAT.append(line, LoggedQuery.of(event));

      String text = line.toString();
      assertThat(text).endsWith("}\n").doesNotContain("\n{");
      JsonNode json = JSON.readTree(text);
      assertThat(json.get("vpc_id").isNull()).isEqualTo(event.vpcId() == null);
      if (event.vpcId() != null) {
        assertThat(json.get("vpc_id").asString()).isEqualTo(event.vpcId());
      }
      assertThat(json.get("query_name").asString()).isEqualTo(qname.toString());
      assertThat(json.get("query_type").asString()).isEqualTo(Type.string(qtype));
      assertThat(json.get("query_class").asString()).isEqualTo(chaos ? "CH" : "IN");
      if (rcode == QueryEvent.DROPPED) {
        assertThat(json.get("rcode").isNull()).isTrue();
      } else {
        assertThat(json.get("rcode").asString()).isEqualTo(Rcode.string(rcode));
      }
      JsonNode logged = json.get("answers");
      assertThat(logged.size()).isEqualTo(answers.size());
      for (int i = 0; i < answers.size(); i++) {
        Record answer = answers.get(i);
        assertThat(logged.get(i).get("Rdata").asString()).isEqualTo(answer.rdataToString());
        assertThat(logged.get(i).get("Type").asString()).isEqualTo(Type.string(answer.getType()));
        assertThat(logged.get(i).get("Class").asString())
            .isEqualTo(DClass.string(answer.getDClass()));
      }
      if (source == null) {
        assertThat(json.get("srcaddr").isNull()).isTrue();
        assertThat(json.get("srcport").isNull()).isTrue();
      } else {
        assertThat(json.get("srcaddr").asString()).isEqualTo(AddressText.of(source.getAddress()));
        assertThat(json.get("srcport").asString()).isEqualTo(Integer.toString(source.getPort()));
      }
      assertThat(json.get("transport").asString()).isEqualTo(transport.name());
      assertThat(json.get("srcids").size()).isZero();
      assertThat(json.get("node_id").asString()).isEqualTo("n-1");
      assertThat(json.get("route").isNull()).isEqualTo(route == null);
      if (route != null) {
        assertThat(json.get("route").asString()).isEqualTo(route.name());
      }
      assertThat(json.get("route_id").isNull()).isEqualTo(routeId == null);
      if (routeId != null) {
        assertThat(json.get("route_id").asString()).isEqualTo(routeId);
      }
      assertThat(json.get("latency_ms").decimalValue())
          .isEqualByComparingTo(BigDecimal.valueOf((latencyNanos + 500) / 1000, 3));
      assertThat(json.get("cache").asString()).isEqualTo(cache.name());
    }
  }

  /** Mostly host-name labels, some with any byte (dots, quotes, backslashes, controls, UTF-8). */
  @Provide
  Arbitrary<Name> names() {
    Arbitrary<byte[]> ldh =
        Arbitraries.strings()
            .withChars("abcXYZ019-_*")
            .ofMinLength(1)
            .ofMaxLength(20)
            .map(String::getBytes);
    Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(10);
    Arbitrary<byte[]> label =
        Arbitraries.integers().between(1, 10).flatMap(n -> n == 1 ? anyBytes : ldh);
    return label.list().ofMinSize(0).ofMaxSize(5).map(QueryLogFormatProperties::absolute);
  }

  private static Name absolute(List<byte[]> labels) {
    // Wire form: length-prefixed labels, then the root.
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (byte[] label : labels) {
      wire.write(label.length);
      wire.write(label, 0, label.length);
    }
    wire.write(0);
    try {
      return new Name(wire.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<InetSocketAddress> sources(int count, Random random) {
    List<InetSocketAddress> sources = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] address = new byte[i % 10 == 1 ? 16 : 4];
      random.nextBytes(address);
      try {
        sources.add(
            i % 10 == 0
                ? null
                : new InetSocketAddress(InetAddress.getByAddress(address), random.nextInt(65536)));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return sources;
  }

  /** Lists of zero to three A, AAAA, CNAME and TXT records, TXT with quotes and backslashes. */
  private static List<List<Record>> answerLists(int count, Random random) {
    List<List<Record>> lists = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Name owner = name("h" + i + ".example.");
      List<Record> records = new ArrayList<>();
      for (int r = random.nextInt(4); r > 0; r--) {
        records.add(record(owner, random));
      }
      lists.add(List.copyOf(records));
    }
    return lists;
  }

  private static Record record(Name owner, Random random) {
    try {
      switch (random.nextInt(4)) {
        case 0 -> {
          byte[] v4 = new byte[4];
          random.nextBytes(v4);
          return new ARecord(owner, DClass.IN, 60, InetAddress.getByAddress(v4));
        }
        case 1 -> {
          byte[] v6 = new byte[16];
          random.nextBytes(v6);
          return new AAAARecord(owner, DClass.IN, 60, InetAddress.getByAddress(v6));
        }
        case 2 -> {
          return new CNAMERecord(owner, DClass.IN, 60, name("t" + random.nextInt(99) + ".x."));
        }
        default -> {
          return new TXTRecord(
              owner, DClass.CH, 60, List.of("say \"" + random.nextInt() + "\"\\", "tab\t"));
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
