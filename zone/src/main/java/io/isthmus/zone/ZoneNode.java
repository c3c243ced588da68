package io.isthmus.zone;

import io.isthmus.config.RecordSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Type;

/**
 * The data at one name of a {@link CompiledZone}: the prebuilt answer per type, or for a type whose
 * answer depends on health or chance a selector. An empty non-terminal has no types.
 *
 * <p>Beside the answers a node keeps what an update of the zone needs without a scan: the record
 * sets stored at the name and how many names exist one label below it, so that removing the last
 * child of an empty non-terminal removes it too. Immutable.
 *
 * <p>Most names of a large zone hold one simple record set without a health check: those get a
 * {@link Single} node, which keeps the answer and the stored record set and nothing else (the
 * parsed form is made again from them when an update or an explanation asks). It is a fraction of
 * the {@link General} node's size, and a query reaches the answer's bytes in fewer steps.
 */
abstract sealed class ZoneNode permits ZoneNode.General, ZoneNode.Single {
  private final int children;

  private ZoneNode(int children) {
    this.children = children;
  }

  /**
   * A name with record sets: {@code selectorsByType} in the order the types first appear in {@code
   * recordSets} (the order of an ANY answer), and no children yet.
   */
  static ZoneNode of(
      Map<Integer, RecordSetSelector> selectorsByType, List<ParsedRecordSet> recordSets) {
    if (recordSets.size() == 1 && selectorsByType.size() == 1) {
      ParsedRecordSet only = recordSets.get(0);
      RecordSetSelector.Rendered fixed = selectorsByType.get(only.type()).fixed();
      if (fixed != null
          && only.type() != Type.CNAME
          && only.aliasTarget() == null
          && only.stored().healthCheckId() == null) {
        return new Single(only, fixed.answer(), 0);
      }
    }
    return General.of(selectorsByType, recordSets);
  }

  /**
   * An empty non-terminal: a name without record sets that exists because names below it do, so it
   * answers NODATA, not NXDOMAIN, and is a closest encloser for wildcards (RFC 4592 2.2.2).
   */
  static ZoneNode emptyNonTerminal(int children) {
    return General.EMPTY.withChildren(children);
  }

  /** This node with {@code children} names one label below it. */
  abstract ZoneNode withChildren(int children);

  final int children() {
    return children;
  }

  /** The record sets stored at this name, in stored order; empty for an empty non-terminal. */
  abstract List<ParsedRecordSet> recordSets();

  /** The prebuilt answer of {@code type}, or null if the node has none or the type is routed. */
  abstract ZoneAnswer.Answer fixedAnswer(int type);

  abstract ZoneAnswer answer(int qtype, ZoneAnswer.NoData noData, Supplier<RandomGenerator> random);

  /**
   * A name with one simple record set of a type other than CNAME, without a health check and not an
   * alias: its answer is the answer of its type and of ANY.
   */
  static final class Single extends ZoneNode {
    private final int type;
    private final ZoneAnswer.Answer answer;

    /** As stored; parsed again from it and {@link #answer} when asked (updates, explanations). */
    private final RecordSet stored;

    private Single(ParsedRecordSet parsed, ZoneAnswer.Answer answer, int children) {
      this(parsed.type(), answer, parsed.stored(), children);
    }

    private Single(int type, ZoneAnswer.Answer answer, RecordSet stored, int children) {
      super(children);
      this.type = type;
      this.answer = answer;
      this.stored = stored;
    }

    @Override
    ZoneNode withChildren(int children) {
      return new Single(type, answer, stored, children);
    }

    @Override
    List<ParsedRecordSet> recordSets() {
      // What NodeCompiler.parse made of it: the records are those of the answer, owned by the
      // name, and a record set without a health check is always healthy.
      return List.of(
          new ParsedRecordSet(stored, type, answer.records(), null, HealthSignal.ALWAYS_HEALTHY));
    }

    @Override
    ZoneAnswer.Answer fixedAnswer(int qtype) {
      return qtype == type ? answer : null;
    }

    @Override
    ZoneAnswer answer(int qtype, ZoneAnswer.NoData noData, Supplier<RandomGenerator> random) {
      return qtype == type || qtype == Type.ANY ? answer : noData;
    }
  }

  /**
   * Any other name: parallel arrays of types and their answers (a node holds a few types, so a
   * linear scan beats boxing the type for a map lookup), a selector where a type is routed, and an
   * empty non-terminal.
   */
  static final class General extends ZoneNode {
    private static final General EMPTY =
        new General(
            new int[0],
            new ZoneAnswer.Answer[0],
            new RecordSetSelector[0],
            null,
            null,
            null,
            List.of(),
            0);

    /**
     * One shared array per type below 256 for the names with that type alone, which then neither
     * hold an array of their own nor miss the processor's cache on it.
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
     * The selector per type where {@link #answers} has none; null elsewhere, and null as a whole
     * when no type is routed.
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

    private General(
        int[] types,
        ZoneAnswer.Answer[] answers,
        RecordSetSelector[] selectors,
        ZoneAnswer.Answer all,
        ZoneAnswer.Cname cname,
        RecordSetSelector cnameSelector,
        List<ParsedRecordSet> recordSets,
        int children) {
      super(children);
      this.types = types;
      this.answers = answers;
      this.selectors = selectors;
      this.all = all;
      this.cname = cname;
      this.cnameSelector = cnameSelector;
      this.recordSets = recordSets;
    }

    static General of(
        Map<Integer, RecordSetSelector> selectorsByType, List<ParsedRecordSet> recordSets) {
      int[] types = new int[selectorsByType.size()];
      ZoneAnswer.Answer[] answers = new ZoneAnswer.Answer[types.length];
      RecordSetSelector[] selectors = new RecordSetSelector[types.length];
      ZoneAnswer.Answer all = null;
      boolean routed = false;
      ZoneAnswer.Cname cname = null;
      RecordSetSelector cnameSelector = null;
      int i = 0;
      for (Map.Entry<Integer, RecordSetSelector> entry : selectorsByType.entrySet()) {
        types[i] = entry.getKey();
        RecordSetSelector.Rendered fixed = entry.getValue().fixed();
        if (fixed != null) {
          answers[i] = fixed.answer();
          all = all == null ? fixed.answer() : all.followedBy(fixed.answer());
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
      return new General(
          types,
          answers,
          // No routed type: no selector to keep (the answers are all there).
          routed ? selectors : null,
          routed ? null : all,
          cname,
          cnameSelector,
          List.copyOf(recordSets),
          0);
    }

    @Override
    ZoneNode withChildren(int children) {
      return new General(
          types, answers, selectors, all, cname, cnameSelector, recordSets, children);
    }

    @Override
    List<ParsedRecordSet> recordSets() {
      return recordSets;
    }

    @Override
    ZoneAnswer.Answer fixedAnswer(int type) {
      for (int i = 0; i < types.length; i++) {
        if (types[i] == type) {
          return answers[i];
        }
      }
      return null;
    }

    @Override
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
      ZoneAnswer.Answer joined = null;
      for (int i = 0; i < types.length; i++) {
        ZoneAnswer.Answer answer =
            answers[i] != null ? answers[i] : selectors[i].select(random).answer();
        joined = joined == null ? answer : joined.followedBy(answer);
      }
      return joined;
    }
  }
}
