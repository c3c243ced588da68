package io.isthmus.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The data at one name of a {@link CompiledZone}: parallel arrays of types and their prebuilt
 * answers (a node holds a few types, so a linear scan beats boxing the type for a map lookup). A
 * type whose answer depends on health or chance has a selector instead of a prebuilt answer. An
 * empty non-terminal has no types.
 *
 * <p>Beside the answers a node keeps what an update of the zone needs without a scan: the record
 * sets stored at the name and how many names exist one label below it, so that removing the last
 * child of an empty non-terminal removes it too. Immutable.
 */
final class ZoneNode {
  private static final ZoneNode EMPTY =
      new ZoneNode(
          new int[0],
          new ZoneAnswer.Answer[0],
          new RecordSetSelector[0],
          null,
          null,
          null,
          List.of(),
          0);

  /**
   * One shared array per type below 256 for the names with that type alone: most names of a large
   * zone, which then neither hold an array of their own nor miss the processor's cache on it.
   */
  private static final int[][] SINGLE_TYPES = new int[256][];

  static {
    for (int type = 0; type < SINGLE_TYPES.length; type++) {
      SINGLE_TYPES[type] = new int[] {type};
    }
  }

  private final int[] types;

  /** The answer per type; null where the type is routed (see {@link #selectors}). */
  private final ZoneAnswer.Answer[] answers;

  /**
   * The selector per type where {@link #answers} has none; null elsewhere, and null as a whole when
   * no type is routed.
   */
  private final RecordSetSelector[] selectors;

  /**
   * The ANY answer; null for an empty non-terminal and for a name with a routed type, whose ANY
   * answer is assembled per query.
   */
  private final ZoneAnswer.Answer all;

  /** The CNAME at this name, answered for every type but CNAME itself; usually null. */
  private final ZoneAnswer.Cname cname;

  /** A routed CNAME group at this name (then {@link #cname} is null); usually null. */
  private final RecordSetSelector cnameSelector;

  private final List<ParsedRecordSet> recordSets;

  private final int children;

  private ZoneNode(
      int[] types,
      ZoneAnswer.Answer[] answers,
      RecordSetSelector[] selectors,
      ZoneAnswer.Answer all,
      ZoneAnswer.Cname cname,
      RecordSetSelector cnameSelector,
      List<ParsedRecordSet> recordSets,
      int children) {
    this.types = types;
    this.answers = answers;
    this.selectors = selectors;
    this.all = all;
    this.cname = cname;
    this.cnameSelector = cnameSelector;
    this.recordSets = recordSets;
    this.children = children;
  }

  /**
   * A name with record sets: {@code selectorsByType} in the order the types first appear in {@code
   * recordSets} (the order of an ANY answer), and no children yet.
   */
  static ZoneNode of(
      Map<Integer, RecordSetSelector> selectorsByType, List<ParsedRecordSet> recordSets) {
    int[] types = new int[selectorsByType.size()];
    ZoneAnswer.Answer[] answers = new ZoneAnswer.Answer[types.length];
    RecordSetSelector[] selectors = new RecordSetSelector[types.length];
    List<Record> all = new ArrayList<>();
    boolean routed = false;
    ZoneAnswer.Cname cname = null;
    RecordSetSelector cnameSelector = null;
    int i = 0;
    for (Map.Entry<Integer, RecordSetSelector> entry : selectorsByType.entrySet()) {
      types[i] = entry.getKey();
      RecordSetSelector.Rendered fixed = entry.getValue().fixed();
      if (fixed != null) {
        answers[i] = fixed.answer();
        all.addAll(fixed.answer().records());
        if (types[i] == Type.CNAME) {
          cname = fixed.cname();
        }
      } else {
        selectors[i] = entry.getValue();
        routed = true;
        if (types[i] == Type.CNAME) {
          cnameSelector = entry.getValue();
        }
      }
      i++;
    }
    if (types.length == 1 && types[0] < SINGLE_TYPES.length) {
      types = SINGLE_TYPES[types[0]];
    }
    return new ZoneNode(
        types,
        answers,
        // No routed type: no selector to keep (the answers are all there).
        routed ? selectors : null,
        // One type: its answer is the ANY answer too (the same records, the same wire), so a
        // million single-type names do not hold a second copy of it.
        routed ? null : answers.length == 1 ? answers[0] : new ZoneAnswer.Answer(all),
        cname,
        cnameSelector,
        List.copyOf(recordSets),
        0);
  }

  /**
   * An empty non-terminal: a name without record sets that exists because names below it do, so it
   * answers NODATA, not NXDOMAIN, and is a closest encloser for wildcards (RFC 4592 2.2.2).
   */
  static ZoneNode emptyNonTerminal(int children) {
    return EMPTY.withChildren(children);
  }

  /** This node with {@code children} names one label below it. */
  ZoneNode withChildren(int children) {
    return new ZoneNode(types, answers, selectors, all, cname, cnameSelector, recordSets, children);
  }

  int children() {
    return children;
  }

  /** The record sets stored at this name, in stored order; empty for an empty non-terminal. */
  List<ParsedRecordSet> recordSets() {
    return recordSets;
  }

  /** The prebuilt answer of {@code type}, or null if the node has none or the type is routed. */
  ZoneAnswer.Answer fixedAnswer(int type) {
    for (int i = 0; i < types.length; i++) {
      if (types[i] == type) {
        return answers[i];
      }
    }
    return null;
  }

  ZoneAnswer answer(int qtype, ZoneAnswer.NoData noData, Supplier<RandomGenerator> random) {
    if (qtype == Type.ANY) {
      if (all != null) {
        return all;
      }
      return types.length == 0 ? noData : any(random);
    }
    if (qtype != Type.CNAME) {
      if (cname != null) {
        return cname;
      }
      if (cnameSelector != null) {
        // A routed CNAME group behaves like a CNAME: the selected set's CNAME.
        return cnameSelector.select(random).cname();
      }
    }
    for (int i = 0; i < types.length; i++) {
      if (types[i] == qtype) {
        return answers[i] != null ? answers[i] : selectors[i].select(random).answer();
      }
    }
    return noData;
  }

  /** Every type's answer, one selection per routed type. */
  private ZoneAnswer any(Supplier<RandomGenerator> random) {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      ZoneAnswer.Answer answer =
          answers[i] != null ? answers[i] : selectors[i].select(random).answer();
      records.addAll(answer.records());
    }
    return new ZoneAnswer.Answer(records);
  }
}
