package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingPolicy;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A name with one simple record set gets the small node; every other name the general one, and both
 * answer and describe the name alike.
 */
class ZoneNodeTest {
  private static final Name ORIGIN = Name.fromConstantString("example.com.");
  private static final Name WWW = Name.fromConstantString("www.example.com.");
  private static final Supplier<RandomGenerator> RANDOM = () -> new java.util.Random(7);
  private static final ZoneAnswer.NoData NO_DATA =
      new ZoneAnswer.NoData(
          new SOARecord(
              ORIGIN,
              1,
              60,
              Name.fromConstantString("ns.example.com."),
              Name.fromConstantString("host.example.com."),
              1,
              7200,
              900,
              1209600,
              60));

  private static final HealthSignal DOWN = () -> false;

  /** As ZoneUpdate resolves them: no check is always healthy, every check here is down. */
  private static HealthSignal signalOf(String checkId) {
    return checkId == null ? HealthSignal.ALWAYS_HEALTHY : DOWN;
  }

  private static RecordSet a(String... addresses) {
    return RecordSet.simple("www.example.com.", "A", 300, List.of(addresses));
  }

  private static List<ParsedRecordSet> parse(RecordSet... recordSets) {
    return NodeCompiler.parse(WWW, List.of(recordSets), ORIGIN, ZoneNodeTest::signalOf);
  }

  private static ZoneNode node(RecordSet... recordSets) {
    Function<Name, List<ParsedRecordSet>> nothingElse = name -> List.of();
    return NodeCompiler.compile(WWW, parse(recordSets), nothingElse);
  }

  private static ZoneAnswer answer(ZoneNode node, int qtype) {
    return node.answer(qtype, NO_DATA, RANDOM);
  }

  private static List<String> records(ZoneAnswer answer) {
    return ((ZoneAnswer.Answer) answer).records().stream().map(Record::toString).toList();
  }

  @Test
  void oneSimpleRecordSetGetsTheSmallNodeThatAnswersItsTypeAndAny() {
    ZoneNode node = node(a("10.0.0.1", "10.0.0.2"));

    assertThat(node).isInstanceOf(ZoneNode.Single.class);
    assertThat(records(answer(node, Type.A)))
        .containsExactly(
            "www.example.com.\t300\tIN\tA\t10.0.0.1", "www.example.com.\t300\tIN\tA\t10.0.0.2");
    assertThat(answer(node, Type.ANY)).isSameAs(answer(node, Type.A));
    assertThat(node.fixedAnswer(Type.A)).isSameAs(answer(node, Type.A));
    assertThat(answer(node, Type.AAAA)).isSameAs(NO_DATA);
    assertThat(answer(node, Type.CNAME)).isSameAs(NO_DATA);
    assertThat(node.fixedAnswer(Type.AAAA)).isNull();
    assertThat(node.children()).isZero();
  }

  @Test
  void theSmallNodeDescribesItsRecordSetAsParsingDoes() {
    RecordSet stored = a("10.0.0.1", "10.0.0.2");

    ZoneNode node = node(stored);

    assertThat(node.recordSets()).isEqualTo(parse(stored));
    ParsedRecordSet described = node.recordSets().get(0);
    assertThat(described.stored()).isEqualTo(stored);
    assertThat(described.signal()).isSameAs(HealthSignal.ALWAYS_HEALTHY);
    assertThat(described.aliasTarget()).isNull();
  }

  @Test
  void theSmallNodeIsTheCompactFormOfItsRecordSet() {
    RecordSet stored =
        RecordSet.simple("www.example.com.", "MX", 300, List.of("10 mx.example.com."));

    ZoneNode.Single node = (ZoneNode.Single) node(stored);

    assertThat(node.recordSet()).isEqualTo(stored).isNotSameAs(node.recordSet());
    assertThat(node.name()).isEqualTo("www.example.com.");
  }

  @Test
  void aRecordSetThatDoesNotReadBackAsStoredKeepsTheGeneralNode() {
    // Not as the API stores them (dnsjava's presentation): the small node could not give them back.
    RecordSet upperCaseAddress =
        RecordSet.simple("www.example.com.", "AAAA", 300, List.of("2001:DB8::1"));
    RecordSet upperCaseName = RecordSet.simple("WWW.example.com.", "A", 300, List.of("10.0.0.1"));
    RecordSet relativeTarget = RecordSet.simple("www.example.com.", "MX", 300, List.of("10 mx"));

    for (RecordSet stored : List.of(upperCaseAddress, upperCaseName, relativeTarget)) {
      ZoneNode node = node(stored);

      assertThat(node).as(stored.toString()).isInstanceOf(ZoneNode.General.class);
      assertThat(node.recordSets().get(0).stored()).isSameAs(stored);
    }
  }

  @Test
  void childrenChangeNothingElse() {
    ZoneNode node = node(a("10.0.0.1"));

    ZoneNode parent = node.withChildren(3);

    assertThat(parent).isInstanceOf(ZoneNode.Single.class);
    assertThat(parent.children()).isEqualTo(3);
    // The small node is its own answer: a new node, the same answer and the same bytes.
    assertThat(answer(parent, Type.A)).isSameAs(parent).isEqualTo(answer(node, Type.A));
    assertThat(parent.fixedAnswer(Type.A).wire().bytes())
        .isSameAs(node.fixedAnswer(Type.A).wire().bytes());
    assertThat(parent.recordSets()).isEqualTo(node.recordSets());
    assertThat(node.children()).isZero();
  }

  @Test
  void everyOtherNameGetsTheGeneralNode() {
    RecordSet checked =
        new RecordSet(
            "www.example.com.",
            "A",
            300L,
            List.of("10.0.0.1"),
            null,
            RoutingPolicy.SIMPLE,
            "hc-1",
            null);
    RecordSet cname = RecordSet.simple("www.example.com.", "CNAME", 300, List.of("web"));
    RecordSet text = RecordSet.simple("www.example.com.", "TXT", 300, List.of("\"x\""));
    RecordSet heavy =
        RecordSet.routed(
            "www.example.com.",
            "A",
            300,
            List.of("10.0.0.1"),
            "heavy",
            new RoutingPolicy.Weighted(10),
            null);

    assertThat(node(checked)).isInstanceOf(ZoneNode.General.class);
    assertThat(node(cname)).isInstanceOf(ZoneNode.General.class);
    assertThat(node(a("10.0.0.1"), text)).isInstanceOf(ZoneNode.General.class);
    assertThat(node(heavy)).isInstanceOf(ZoneNode.General.class);
    // The health check's signal is kept for aliases and explanations.
    assertThat(node(checked).recordSets().get(0).signal()).isSameAs(DOWN);
  }

  @Test
  void anAliasGetsTheGeneralNode() {
    Name target = Name.fromConstantString("web.example.com.");
    List<ParsedRecordSet> targetSets =
        NodeCompiler.parse(
            target,
            List.of(RecordSet.simple("web.example.com.", "A", 60, List.of("10.0.0.9"))),
            ORIGIN,
            ZoneNodeTest::signalOf);
    RecordSet alias =
        new RecordSet(
            "www.example.com.",
            "A",
            null,
            List.of(),
            null,
            RoutingPolicy.SIMPLE,
            null,
            new AliasTarget("web.example.com.", false));

    ZoneNode node =
        NodeCompiler.compile(
            WWW, parse(alias), name -> name.equals(target) ? targetSets : List.of());

    assertThat(node).isInstanceOf(ZoneNode.General.class);
    assertThat(records(answer(node, Type.A)))
        .containsExactly("www.example.com.\t60\tIN\tA\t10.0.0.9");
  }

  @Test
  void aNameOfSeveralTypesAnswersAnyWithEveryTypeInStoredOrder() {
    RecordSet text = RecordSet.simple("www.example.com.", "TXT", 60, List.of("\"x\""));

    ZoneNode node = node(text, a("10.0.0.1"));

    assertThat(records(answer(node, Type.ANY)))
        .containsExactly(
            "www.example.com.\t60\tIN\tTXT\t\"x\"", "www.example.com.\t300\tIN\tA\t10.0.0.1");
    assertThat(answer(node, Type.ANY))
        .isEqualTo(
            ((ZoneAnswer.Answer) answer(node, Type.TXT))
                .followedBy((ZoneAnswer.Answer) answer(node, Type.A)));
  }

  @Test
  void anEmptyNonTerminalAnswersNoData() {
    ZoneNode node = ZoneNode.emptyNonTerminal(2);

    assertThat(node.children()).isEqualTo(2);
    assertThat(node.recordSets()).isEmpty();
    assertThat(answer(node, Type.A)).isSameAs(NO_DATA);
    assertThat(answer(node, Type.ANY)).isSameAs(NO_DATA);
  }
}
