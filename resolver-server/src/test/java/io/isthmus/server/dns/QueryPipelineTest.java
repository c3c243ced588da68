package io.isthmus.server.dns;

import static io.isthmus.server.dns.WireFixtures.CLIENT;
import static io.isthmus.server.dns.WireFixtures.LISTENER;
import static io.isthmus.server.dns.WireFixtures.NODE_ID;
import static io.isthmus.server.dns.WireFixtures.ROOT;
import static io.isthmus.server.dns.WireFixtures.aRecords;
import static io.isthmus.server.dns.WireFixtures.answer;
import static io.isthmus.server.dns.WireFixtures.concat;
import static io.isthmus.server.dns.WireFixtures.fixed;
import static io.isthmus.server.dns.WireFixtures.flag;
import static io.isthmus.server.dns.WireFixtures.name;
import static io.isthmus.server.dns.WireFixtures.nsidRequest;
import static io.isthmus.server.dns.WireFixtures.oneA;
import static io.isthmus.server.dns.WireFixtures.optionData;
import static io.isthmus.server.dns.WireFixtures.parse;
import static io.isthmus.server.dns.WireFixtures.query;
import static io.isthmus.server.dns.WireFixtures.rawOpt;
import static io.isthmus.server.dns.WireFixtures.rawOption;
import static io.isthmus.server.dns.WireFixtures.rawQuery;
import static io.isthmus.server.dns.WireFixtures.truncated;
import static io.isthmus.server.dns.WireFixtures.wire;
import static io.isthmus.server.dns.WireFixtures.withOpt;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.Resolution;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class QueryPipelineTest {

  private final QueryPipeline pipeline = new QueryPipeline(NODE_ID, oneA());

  private Message ask(byte[] query, Transport transport) {
    byte[] response = answer(pipeline, query, CLIENT, LISTENER, transport);
    assertThat(response).as("a response").isNotNull();
    Message parsed = parse(response);
    assertThat(parsed.getHeader().getFlag(Flags.QR)).isTrue();
    return parsed;
  }

  private Message ask(Message query) {
    return ask(wire(query), Transport.UDP);
  }

  private static byte[] header(int id, int flags, int qd, int an, int ns, int ar) {
    return new byte[] {
      (byte) (id >> 8),
      (byte) id,
      (byte) (flags >> 8),
      (byte) flags,
      0,
      (byte) qd,
      0,
      (byte) an,
      0,
      (byte) ns,
      0,
      (byte) ar
    };
  }

  @Nested
  class Decode {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 11})
    void shorterThanAHeaderIsDropped(int length) {
      assertThat(answer(pipeline, new byte[length], CLIENT, LISTENER, Transport.UDP)).isNull();
    }

    @Test
    void responsesAreDropped() {
      byte[] q = wire(query("example.com.", Type.A));
      q[2] |= (byte) 0x80;
      assertThat(answer(pipeline, q, CLIENT, LISTENER, Transport.UDP)).isNull();
      assertThat(answer(pipeline, q, CLIENT, LISTENER, Transport.TCP)).isNull();
    }

    @Test
    void compressionLoopInTheQuestionIsFormerrWithoutQuestion() {
      // QDCOUNT 1, the name is a pointer to itself (offset 12), opcode QUERY, RD.
      byte[] q =
          concat(header(0xBEEF, 0x0100, 1, 0, 0, 0), new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1});
      Message r = ask(q, Transport.UDP);
      assertThat(r.getHeader().getID()).isEqualTo(0xBEEF);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(r.getHeader().getOpcode()).isEqualTo(Opcode.QUERY);
      assertThat(r.getSection(Section.QUESTION)).isEmpty();
    }

    @Test
    void truncatedQuestionIsFormerr() {
      byte[] full = wire(query("example.com.", Type.A));
      Message r = ask(Arrays.copyOf(full, 17), Transport.UDP);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(r.getHeader().getID()).isEqualTo(0x1234);
      assertThat(r.getSection(Section.QUESTION)).isEmpty();
    }

    @Test
    void brokenAdditionalSectionIsFormerrEchoingTheQuestion() {
      byte[] q = wire(query("Example.COM.", Type.A));
      q[11] = 1; // ARCOUNT 1, but no record follows
      Message r = ask(q, Transport.UDP);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(r.getQuestion().getName().toString()).isEqualTo("Example.COM.");
      assertThat(r.getOPT()).isNull();
    }

    @Test
    void recordCountsTheMessageCannotHoldAreFormerr() {
      byte[] q = wire(query("example.com.", Type.A));
      q[6] = (byte) 0xFF; // ANCOUNT 0xFF00, in a 29-byte message
      Message r = ask(q, Transport.UDP);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(r.getQuestion().getName()).isEqualTo(name("example.com."));
    }

    @Test
    void truncatedBodyIsFormerrEvenWithTcSet() {
      // dnsjava tolerates parse errors in messages with TC=1; a query must not get that leniency.
      byte[] q = wire(query("example.com.", Type.A));
      q[2] |= 0x02;
      q[11] = 1;
      assertThat(ask(q, Transport.UDP).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void malformedEdnsOptionIsFormerrWithAMinimalOpt() {
      // OPT whose RDATA claims an option longer than the RDATA itself.
      byte[] q =
          concat(
              Arrays.copyOf(wire(query("example.com.", Type.A)), 29),
              new byte[] {0, 0, 41, 4, (byte) 0xD0, 0, 0, 0, 0, 0, 4, 0, 3, 0, 9});
      q[11] = 1;
      Message r = ask(q, Transport.UDP);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(r.getOPT()).isNotNull();
    }
  }

  /** The minimal OPT of a FORMERR to a query whose OPT was unusable (see {@link EdnsWriter}). */
  private static void assertMinimalOpt(Message r) {
    OPTRecord opt = r.getOPT();
    assertThat(opt).as("an OPT in the response").isNotNull();
    assertThat(opt.getPayloadSize()).isEqualTo(EdnsWriter.PAYLOAD_SIZE);
    assertThat(opt.getVersion()).isZero();
    assertThat(opt.getExtendedRcode()).isZero();
    assertThat(opt.getFlags()).isZero();
    assertThat(opt.getOptions()).isEmpty();
  }

  private static final byte[] OPT = rawOpt(new byte[0]);
  private static final byte[] X_OWNER = {1, 'x', 0};
  private static final byte[] POINTER_TO_QNAME = {(byte) 0xC0, 12};
  private static final byte[] COOKIE = rawOption(10, 1, 2, 3, 4, 5, 6, 7, 8);

  /**
   * One row per strictness rule: the query's wire bytes, the RCODE, whether the response carries an
   * OPT. Every row's response echoes the question: each query's question itself is fine.
   */
  static Stream<Arguments> strictnessRules() {
    return Stream.of(
        // Controls: well-formed EDNS queries pass.
        row("one OPT, no options", rawQuery(0, 0, 1, OPT), Rcode.NOERROR, true),
        row(
            "options tile the RDATA exactly",
            rawQuery(0, 0, 1, rawOpt(concat(rawOption(3), COOKIE, rawOption(12, 0, 0)))),
            Rcode.NOERROR,
            true),
        row("no OPT at all", rawQuery(0, 0, 0), Rcode.NOERROR, false),
        // RFC 6891 §6.1.1: at most one OPT, in the additional section only.
        row("two OPTs", rawQuery(0, 0, 2, OPT, OPT), Rcode.FORMERR, true),
        row(
            "two OPTs, the second of version 1: FORMERR before BADVERS",
            rawQuery(0, 0, 2, OPT, rawOpt(ROOT, 0x0001_0000, new byte[0])),
            Rcode.FORMERR,
            true),
        row("OPT in the answer section", rawQuery(1, 0, 0, OPT), Rcode.FORMERR, true),
        row("OPT in the authority section", rawQuery(0, 1, 0, OPT), Rcode.FORMERR, true),
        row("OPT in answer and additional", rawQuery(1, 0, 1, OPT, OPT), Rcode.FORMERR, true),
        // RFC 6891 §6.1.2: the owner is the root.
        row(
            "OPT owned by x.",
            rawQuery(0, 0, 1, rawOpt(X_OWNER, 0, new byte[0])),
            Rcode.FORMERR,
            true),
        row(
            "OPT owned by the question name (pointer)",
            rawQuery(0, 0, 1, rawOpt(POINTER_TO_QNAME, 0, new byte[0])),
            Rcode.FORMERR,
            true),
        // RFC 6891 §6.1.2: option lengths tile the RDATA.
        row(
            "option longer than the RDATA",
            rawQuery(0, 0, 1, rawOpt(new byte[] {0, 3, 0, 9})),
            Rcode.FORMERR,
            true),
        row(
            "a partial option header after an option",
            rawQuery(0, 0, 1, rawOpt(concat(rawOption(3), new byte[] {0, 10}))),
            Rcode.FORMERR,
            true),
        row(
            "a 5-byte client cookie (RFC 7873 §5.2.2)",
            rawQuery(0, 0, 1, rawOpt(rawOption(10, 1, 2, 3, 4, 5))),
            Rcode.FORMERR,
            true),
        row(
            "RDLENGTH past the end of the message",
            rawQuery(0, 0, 1, Arrays.copyOf(rawOpt(COOKIE), 15)),
            Rcode.FORMERR,
            true),
        // RFC 1035 §4.1: the counts describe the whole message.
        row(
            "OPT cut inside its fixed fields",
            rawQuery(0, 0, 1, Arrays.copyOf(OPT, 6)),
            Rcode.FORMERR,
            false),
        row("ARCOUNT 2, one record", rawQuery(0, 0, 2, OPT), Rcode.FORMERR, true),
        row("trailing bytes, no OPT", rawQuery(0, 0, 0, new byte[] {9, 9}), Rcode.FORMERR, false),
        row(
            "trailing bytes after the OPT",
            rawQuery(0, 0, 1, OPT, new byte[] {1, 2, 3}),
            Rcode.FORMERR,
            true),
        row(
            "an OPT the counts do not cover is trailing garbage",
            rawQuery(0, 0, 0, OPT),
            Rcode.FORMERR,
            false),
        row("options after RDLENGTH 0", rawQuery(0, 0, 1, OPT, rawOption(3)), Rcode.FORMERR, true),
        row(
            "an extended label type (RFC 6891 §5) before the OPT",
            rawQuery(0, 0, 2, new byte[] {0x41, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0}, OPT),
            Rcode.FORMERR,
            false));
  }

  private static Arguments row(String rule, byte[] wire, int rcode, boolean opt) {
    return Arguments.of(rule, wire, rcode, opt);
  }

  @Nested
  class EdnsAndFramingStrictness {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.isthmus.server.dns.QueryPipelineTest#strictnessRules")
    void overUdp(String rule, byte[] wire, int rcode, boolean opt) {
      Message r = ask(wire, Transport.UDP);
      assertThat(r.getRcode()).isEqualTo(rcode);
      assertThat(r.getHeader().getID()).isEqualTo(0x1234);
      assertThat(r.getQuestion()).isNotNull();
      assertThat(r.getQuestion().getName()).isEqualTo(name("example.com."));
      assertThat(r.getOPT() != null).as("OPT in the response").isEqualTo(opt);
      if (rcode == Rcode.FORMERR) {
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        if (opt) {
          assertMinimalOpt(r);
        }
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.isthmus.server.dns.QueryPipelineTest#strictnessRules")
    void overTcpTheSame(String rule, byte[] wire, int rcode, boolean opt) {
      Message r = ask(wire, Transport.TCP);
      assertThat(r.getRcode()).isEqualTo(rcode);
      assertThat(r.getOPT() != null).isEqualTo(opt);
    }

    @Test
    void theMinimalOptIgnoresDoAndNsidOfTheBrokenOpt() {
      byte[] doAndNsid = rawOpt(ROOT, 0x8000, rawOption(3));
      Message r = ask(rawQuery(0, 0, 2, doAndNsid, doAndNsid), Transport.UDP);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertMinimalOpt(r);
    }

    @Test
    void aUsableOptKeepsDoAndNsid() {
      Message r = ask(rawQuery(0, 0, 1, rawOpt(ROOT, 0x8000, rawOption(3))), Transport.UDP);
      assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(r.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
      assertThat(optionData(r.getOPT(), EDNSOption.Code.NSID)).isEqualTo(NODE_ID.getBytes(UTF_8));
    }

    @Test
    void anUnusableOptDoesNotRaiseTheUdpLimit() {
      // The broken OPT asks for 4096 bytes; the FORMERR is small anyway, but the limit must stay
      // 512.
      byte[] big = rawOpt(ROOT, 0, new byte[0]);
      big[3] = 0x10;
      big[4] = 0x00;
      byte[] wire = rawQuery(0, 0, 2, big, big);
      Query decoded = QueryDecoder.decode(wire, QueryDecoder.header(wire));
      assertThat(decoded.optInvalid()).isTrue();
      assertThat(Truncation.limit(decoded, Transport.UDP)).isEqualTo(512);
    }
  }

  @Nested
  class Admit {

    @ParameterizedTest
    @ValueSource(ints = {Opcode.IQUERY, Opcode.STATUS, Opcode.NOTIFY, Opcode.UPDATE, 3, 6, 15})
    void unknownOpcodesAreNotImplemented(int opcode) {
      Message q = query("example.com.", Type.A);
      q.getHeader().setOpcode(opcode);
      Message r = ask(q);
      assertThat(r.getRcode()).isEqualTo(Rcode.NOTIMP);
      assertThat(r.getHeader().getOpcode()).isEqualTo(opcode);
      assertThat(r.getHeader().getID()).isEqualTo(0x1234);
    }

    @Test
    void noQuestionIsFormerr() {
      Message r = ask(header(7, 0x0100, 0, 0, 0, 0), Transport.UDP);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(r.getHeader().getID()).isEqualTo(7);
    }

    @Test
    void twoQuestionsAreFormerr() {
      Message q = query("a.example.", Type.A);
      q.addRecord(Record.newRecord(name("b.example."), Type.A, DClass.IN), Section.QUESTION);
      Message r = ask(q);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(r.getSection(Section.QUESTION)).isEmpty();
    }

    @Test
    void twoOptRecordsAreFormerrWithAMinimalOpt() {
      Message q =
          withOpt(withOpt(query("example.com.", Type.A), 1232, nsidRequest()), 4096, nsidRequest());
      Message r = ask(q);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertMinimalOpt(r);
    }

    @Test
    void optOutsideTheAdditionalSectionIsFormerrWithAMinimalOpt() {
      Message q = query("example.com.", Type.A);
      q.addRecord(new OPTRecord(1232, 0, 0), Section.AUTHORITY);
      Message r = ask(q);
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertMinimalOpt(r);
    }

    @Test
    void unknownEdnsVersionIsBadvers() {
      Message q = query("example.com.", Type.A);
      q.addRecord(new OPTRecord(1232, 0, 1, 0, nsidRequest()), Section.ADDITIONAL);
      Message r = ask(q);
      // RFC 6891 §6.1.3: BADVERS = 16, upper bits in the OPT, lower 4 bits in the header (0).
      assertThat(r.getHeader().getRcode()).isZero();
      assertThat(r.getOPT().getExtendedRcode()).isEqualTo(1);
      assertThat(r.getRcode()).isEqualTo(Rcode.BADVERS);
      assertThat(r.getOPT().getVersion()).isZero();
      assertThat(r.getSection(Section.ANSWER)).isEmpty();
      assertThat(optionData(r.getOPT(), EDNSOption.Code.NSID)).isEqualTo(NODE_ID.getBytes(UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"AXFR,UDP,FORMERR", "IXFR,UDP,FORMERR", "AXFR,TCP,REFUSED", "IXFR,TCP,REFUSED"})
    void zoneTransfersAreNotOffered(String qtype, Transport transport, String rcode) {
      Message r = ask(wire(query("example.com.", Type.value(qtype))), transport);
      assertThat(r.getRcode()).isEqualTo(Rcode.value(rcode));
      assertThat(r.getQuestion().getType()).isEqualTo(Type.value(qtype));
    }

    @ParameterizedTest
    @CsvSource({
      "41,FORMERR",
      "250,FORMERR",
      "128,FORMERR",
      "200,FORMERR",
      "249,NOTIMP",
      "253,NOTIMP",
      "254,NOTIMP"
    })
    void metaTypesAreRejected(int qtype, String rcode) {
      assertThat(ask(query("example.com.", qtype)).getRcode()).isEqualTo(Rcode.value(rcode));
    }

    @ParameterizedTest
    @ValueSource(ints = {Type.ANY, Type.A, Type.AAAA, 127, 256, 65280, 65535})
    void dataTypesAndAnyAreResolved(int qtype) {
      Message r = ask(query("example.com.", qtype));
      assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(r.getSection(Section.ANSWER)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id.server.", "hostname.bind.", "ID.Server.", "HOSTNAME.BIND."})
    void chaosIdentityAnswersTheNodeId(String qname) {
      for (int qtype : new int[] {Type.TXT, Type.ANY}) {
        Message r = ask(query(qname, qtype, DClass.CH));
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(flag(r, Flags.AA)).isTrue();
        Record answer = r.getSection(Section.ANSWER).get(0);
        assertThat(answer).isInstanceOf(TXTRecord.class);
        assertThat(answer.getDClass()).isEqualTo(DClass.CH);
        assertThat(((TXTRecord) answer).getStrings()).containsExactly(NODE_ID);
        assertThat(r.getQuestion().getName().toString()).isEqualTo(qname);
      }
    }

    @Test
    void chaosIdentityWithAnotherTypeIsNoData() {
      Message r = ask(query("id.server.", Type.A, DClass.CH));
      assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(r.getSection(Section.ANSWER)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"version.bind.", "version.server.", "authors.bind.", "example.com."})
    void otherChaosNamesAreRefused(String qname) {
      assertThat(ask(query(qname, Type.TXT, DClass.CH)).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @ParameterizedTest
    @ValueSource(ints = {DClass.HS, DClass.NONE, DClass.ANY, 0, 2, 42, 65535})
    void classesOtherThanInAndChAreRefused(int dclass) {
      assertThat(ask(query("example.com.", Type.A, dclass)).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void nsidIsAddedToRefusals() {
      Message r = ask(withOpt(query("version.bind.", Type.TXT, DClass.CH), 1232, nsidRequest()));
      assertThat(r.getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(optionData(r.getOPT(), EDNSOption.Code.NSID)).isEqualTo(NODE_ID.getBytes(UTF_8));
    }
  }

  @Nested
  class Resolve {

    @Test
    void theResolverSeesSourceListenerAndTheQueryAsAsked() {
      AtomicReference<List<Object>> seen = new AtomicReference<>();
      QueryPipeline p =
          new QueryPipeline(
              NODE_ID,
              (source, local, qname, qtype) -> {
                seen.set(List.of(source, local, qname.toString(), qtype));
                return CompletableFuture.completedFuture(aRecords(qname, 1));
              });
      answer(p, wire(query("WwW.ExAmPlE.CoM.", Type.AAAA)), CLIENT, LISTENER, Transport.UDP);
      assertThat(seen.get()).containsExactly(CLIENT, LISTENER, "WwW.ExAmPlE.CoM.", Type.AAAA);
    }

    @Test
    void aThrowingResolverIsServfailAndCounted() {
      QueryPipeline p =
          new QueryPipeline(
              NODE_ID,
              (source, local, qname, qtype) -> {
                throw new IllegalStateException("bug");
              });
      byte[] response =
          answer(p, wire(query("example.com.", Type.A)), CLIENT, LISTENER, Transport.UDP);
      Message r = parse(response);
      assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(r.getQuestion().getName()).isEqualTo(name("example.com."));
      assertThat(r.getHeader().getID()).isEqualTo(0x1234);
      assertThat(p.internalErrors()).isEqualTo(1);
    }

    @Test
    void aNullResolutionIsServfailAndCounted() {
      QueryPipeline p = new QueryPipeline(NODE_ID, (source, local, qname, qtype) -> null);
      Message r =
          parse(answer(p, wire(query("example.com.", Type.A)), CLIENT, LISTENER, Transport.TCP));
      assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(p.internalErrors()).isEqualTo(1);
    }

    @Test
    void protocolErrorsAreNotInternalErrors() {
      ask(header(1, 0x0100, 2, 0, 0, 0), Transport.UDP);
      assertThat(pipeline.internalErrors()).isZero();
    }

    @Test
    void nodeIdMustFitOneCharacterString() {
      assertThatThrownBy(() -> new QueryPipeline("", oneA()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new QueryPipeline("n".repeat(256), oneA()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Finish {

    @Test
    void headerFlagsFollowTheQueryAndTheResolution() {
      Message r = ask(query("example.com.", Type.A));
      assertThat(r.getHeader().getID()).isEqualTo(0x1234);
      assertThat(flag(r, Flags.RD)).isTrue();
      assertThat(flag(r, Flags.RA)).isTrue();
      assertThat(flag(r, Flags.AA)).isTrue();
      assertThat(flag(r, Flags.TC)).isFalse();
      assertThat(flag(r, Flags.CD)).isFalse();
    }

    @Test
    void rdAndCdAreEchoedAsSent() {
      Message q = query("example.com.", Type.A);
      q.getHeader().unsetFlag(Flags.RD);
      q.getHeader().setFlag(Flags.CD);
      Message r = ask(q);
      assertThat(flag(r, Flags.RD)).isFalse();
      assertThat(flag(r, Flags.CD)).isTrue();
      assertThat(flag(r, Flags.RA)).isTrue();
    }

    @Test
    void aaAndRcodeComeFromTheResolution() {
      Resolution nx =
          Resolution.vpcFailure(Rcode.NXDOMAIN, List.of(), -1, null, RouteKind.FORWARD, "r", "v");
      QueryPipeline p = new QueryPipeline(NODE_ID, fixed(nx));
      Message r =
          parse(answer(p, wire(query("example.com.", Type.A)), CLIENT, LISTENER, Transport.UDP));
      assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(flag(r, Flags.AA)).isFalse();
    }

    @Test
    void theQuestionIsEchoedByteForByte0x20() {
      byte[] q = wire(query("wWw.ExAMple.cOm.", Type.A));
      byte[] response = answer(pipeline, q, CLIENT, LISTENER, Transport.UDP);
      // Header 12 bytes, then the question: identical bytes in both messages.
      int questionEnd = q.length;
      assertThat(Arrays.copyOfRange(response, 12, questionEnd))
          .isEqualTo(Arrays.copyOfRange(q, 12, questionEnd));
      assertThat(parse(response).getSection(Section.ANSWER).get(0).getName().toString())
          .isEqualTo("wWw.ExAMple.cOm.");
    }

    @Test
    void noOptWithoutEdns() {
      assertThat(ask(query("example.com.", Type.A)).getOPT()).isNull();
    }

    @Test
    void optIsEchoedWithOurPayloadSizeAndNoNsidUnlessAsked() {
      Message r = ask(withOpt(query("example.com.", Type.A), 4096));
      OPTRecord opt = r.getOPT();
      assertThat(opt).isNotNull();
      assertThat(opt.getPayloadSize()).isEqualTo(1232);
      assertThat(opt.getVersion()).isZero();
      assertThat(opt.getFlags() & ExtendedFlags.DO).isZero();
      assertThat(opt.getOptions()).isEmpty();
    }

    @Test
    void nsidWhenAsked() {
      Message r = ask(withOpt(query("example.com.", Type.A), 1232, nsidRequest()));
      assertThat(optionData(r.getOPT(), EDNSOption.Code.NSID)).isEqualTo(NODE_ID.getBytes(UTF_8));
    }

    @Test
    void doBitIsEchoed() {
      Message q = query("example.com.", Type.A);
      q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
      assertThat(ask(q).getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
    }

    @Test
    void extendedErrorWhenTheResolutionHasOneAndTheClientSpeaksEdns() {
      Resolution refused = Resolution.failure(Rcode.REFUSED, 18, "Prohibited", RouteKind.REFUSED);
      QueryPipeline p = new QueryPipeline(NODE_ID, fixed(refused));

      Message withEdns =
          parse(
              answer(
                  p,
                  wire(withOpt(query("example.com.", Type.A), 1232)),
                  CLIENT,
                  LISTENER,
                  Transport.UDP));
      assertThat(withEdns.getRcode()).isEqualTo(Rcode.REFUSED);
      List<EDNSOption> ede = withEdns.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR);
      assertThat(ede).hasSize(1);
      assertThat(((ExtendedErrorCodeOption) ede.get(0)).getErrorCode()).isEqualTo(18);
      assertThat(((ExtendedErrorCodeOption) ede.get(0)).getText()).isEqualTo("Prohibited");

      Message withoutEdns =
          parse(answer(p, wire(query("example.com.", Type.A)), CLIENT, LISTENER, Transport.UDP));
      assertThat(withoutEdns.getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(withoutEdns.getOPT()).isNull();
    }

    @Test
    void upstreamExtendedErrorsFollowOursAndNeedEdns() {
      Resolution stale =
          new Resolution(
              Rcode.NOERROR,
              false,
              List.of(),
              List.of(),
              3,
              "stale answer",
              RouteKind.FORWARD,
              "rule",
              "vpc",
              null,
              null,
              CacheStatus.STALE,
              List.of(
                  new ExtendedErrorCodeOption(15, "blocked"),
                  new ExtendedErrorCodeOption(17, "filtered")));
      QueryPipeline p = new QueryPipeline(NODE_ID, fixed(stale));

      Message r =
          parse(
              answer(
                  p,
                  wire(withOpt(query("example.com.", Type.A), 1232)),
                  CLIENT,
                  LISTENER,
                  Transport.UDP));
      assertThat(r.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR))
          .extracting(o -> ((ExtendedErrorCodeOption) o).getErrorCode())
          .containsExactly(3, 15, 17);
      Message withoutEdns =
          parse(answer(p, wire(query("example.com.", Type.A)), CLIENT, LISTENER, Transport.UDP));
      assertThat(withoutEdns.getOPT()).isNull();
    }

    @Test
    void extendedErrorWithoutText() {
      QueryPipeline p =
          new QueryPipeline(
              NODE_ID, fixed(Resolution.failure(Rcode.SERVFAIL, 14, null, RouteKind.DEFAULT)));
      Message r =
          parse(
              answer(
                  p,
                  wire(withOpt(query("example.com.", Type.A), 1232)),
                  CLIENT,
                  LISTENER,
                  Transport.UDP));
      ExtendedErrorCodeOption ede =
          (ExtendedErrorCodeOption)
              r.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR).get(0);
      assertThat(ede.getErrorCode()).isEqualTo(ExtendedErrorCodeOption.NOT_READY);
    }

    @Test
    void noExtendedErrorWhenTheResolutionHasNone() {
      Message r = ask(withOpt(query("example.com.", Type.A), 1232));
      assertThat(r.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)).isEmpty();
    }

    @Test
    void authorityComesFromTheResolution() {
      Name zone = name("example.com.");
      Record soa =
          new org.xbill.DNS.SOARecord(
              zone, DClass.IN, 900, name("ns.example.com."), name("h.example.com."), 1, 2, 3, 4, 5);
      Resolution noData =
          Resolution.local(Rcode.NOERROR, List.of(), List.of(soa), null, null, null, null, null);
      QueryPipeline p = new QueryPipeline(NODE_ID, fixed(noData));
      Message r =
          parse(answer(p, wire(query("a.example.com.", Type.A)), CLIENT, LISTENER, Transport.UDP));
      assertThat(r.getSection(Section.AUTHORITY)).containsExactly(soa);
      assertThat(r.getSection(Section.ANSWER)).isEmpty();
    }
  }

  @Nested
  class Size {

    private byte[] answerWith(int records, Message query, Transport transport) {
      QueryPipeline p =
          new QueryPipeline(
              NODE_ID,
              (source, local, qname, qtype) ->
                  CompletableFuture.completedFuture(aRecords(qname, records)));
      return answer(p, wire(query), CLIENT, LISTENER, transport);
    }

    @Test
    void withoutEdnsTheLimitIs512() {
      Message q = query("example.com.", Type.A);
      // Without EDNS the response is the query plus 16 bytes per A record (owner compressed).
      int fits = (512 - wire(q).length) / 16;
      byte[] small = answerWith(fits, q, Transport.UDP);
      assertThat(small.length).isLessThanOrEqualTo(512);
      assertThat(truncated(parse(small))).isFalse();
      assertThat(parse(small).getSection(Section.ANSWER)).hasSize(fits);

      byte[] large = answerWith(fits + 1, q, Transport.UDP);
      Message r = parse(large);
      assertThat(large.length).isLessThanOrEqualTo(512);
      assertThat(truncated(r)).isTrue();
      assertThat(r.getQuestion()).isNotNull();
      assertThat(r.getHeader().getCount(Section.ANSWER))
          .isEqualTo(r.getSection(Section.ANSWER).size());
    }

    @Test
    void withEdnsTheLimitIsTheClientsPayloadSize() {
      Message q = withOpt(query("example.com.", Type.A), 1400, nsidRequest());
      byte[] tcp = answerWith(100, q, Transport.TCP);
      assertThat(tcp.length).isGreaterThan(1400);
      assertThat(truncated(parse(tcp))).isFalse();

      byte[] udp = answerWith(100, q, Transport.UDP);
      Message r = parse(udp);
      assertThat(udp.length).isLessThanOrEqualTo(1400);
      assertThat(truncated(r)).isTrue();
      // The OPT survives truncation, with its options (RFC 6891 §7).
      assertThat(r.getOPT()).isNotNull();
      assertThat(optionData(r.getOPT(), EDNSOption.Code.NSID)).isEqualTo(NODE_ID.getBytes(UTF_8));
      assertThat(r.getHeader().getCount(Section.ADDITIONAL)).isEqualTo(1);

      byte[] fits = answerWith(50, q, Transport.UDP);
      assertThat(truncated(parse(fits))).isFalse();
      assertThat(parse(fits).getSection(Section.ANSWER)).hasSize(50);
    }

    @Test
    void advertisedSizesBelow512CountAs512() {
      Message q = withOpt(query("example.com.", Type.A), 100);
      byte[] r = answerWith(25, q, Transport.UDP);
      assertThat(r.length).isGreaterThan(100).isLessThanOrEqualTo(512);
      assertThat(truncated(parse(r))).isFalse();
    }

    @Test
    void truncationKeepsWholeRrsetsOnly() {
      Name owner = name("example.com.");
      List<Record> answer = new ArrayList<>(aRecords(owner, 20).answer());
      answer.add(new TXTRecord(owner, DClass.IN, 60, "t".repeat(100)));
      answer.add(new TXTRecord(owner, DClass.IN, 60, "u".repeat(100)));
      QueryPipeline p = new QueryPipeline(NODE_ID, fixed(WireFixtures.answer(answer)));
      Message r =
          parse(answer(p, wire(query("example.com.", Type.ANY)), CLIENT, LISTENER, Transport.UDP));
      // 20 A records (349 bytes with the header) and one TXT (113) fit in 512 bytes, the second
      // TXT does not: the TXT RRset is dropped as a whole (RFC 2181 §9).
      assertThat(truncated(r)).isTrue();
      assertThat(r.getSection(Section.ANSWER)).hasSize(20).allMatch(rec -> rec.getType() == Type.A);
    }

    @Test
    void tcpCarriesUpTo65535Bytes() {
      byte[] r = answerWith(3000, query("example.com.", Type.A), Transport.TCP);
      assertThat(r.length).isGreaterThan(40_000).isLessThanOrEqualTo(65535);
      assertThat(truncated(parse(r))).isFalse();
      byte[] tooBig = answerWith(5000, query("example.com.", Type.A), Transport.TCP);
      assertThat(tooBig.length).isLessThanOrEqualTo(65535);
      assertThat(truncated(parse(tooBig))).isTrue();
    }
  }
}
