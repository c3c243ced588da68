package io.isthmus.zone;

import io.isthmus.config.CompactRecordSet;
import io.isthmus.config.RecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
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
 * {@link Single} node, which is the answer and nothing else (the record set, stored and parsed, is
 * made again from it when an update or an explanation asks). It is a fraction of the {@link
 * General} node's size, and a query reaches the answer's bytes in fewer steps.
 */
sealed interface ZoneNode permits ZoneNode.General, ZoneNode.Single {
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
          && only.stored().healthCheckId() == null
          && only.stored()
              .equals(Single.recordSetOf(fixed.answer().owner(), only.type(), only.records()))) {
        return new Single(only.type(), fixed.answer(), 0);
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
  ZoneNode withChildren(int children);

  /** How many names exist one label below this one. */
  int children();

  /** The record sets stored at this name, in stored order; empty for an empty non-terminal. */
  List<ParsedRecordSet> recordSets();

  /** The prebuilt answer of {@code type}, or null if the node has none or the type is routed. */
  ZoneAnswer.Answer fixedAnswer(int type);

  ZoneAnswer answer(int qtype, ZoneAnswer.NoData noData, Supplier<RandomGenerator> random);

  /**
   * A name with one simple record set of a type other than CNAME, without a health check and not an
   * alias: its answer is the answer of its type and of ANY.
   *
   * <p>It keeps no stored record set: the set is made again from the answer when an update, an
   * explanation or the configuration asks ({@link #recordSet}), which gives the set as stored
   * because a {@code Single} is only made for a set that reads back equal (stored names and RDATA
   * are dnsjava's presentation, see {@code ChangeBatch}). A {@code RecordSetList} holds the node
   * itself in place of the set, so the configuration does not keep a second copy of it.
   *
   * <p>It is its own answer (it extends {@link ZoneAnswer.Answer}): a query reaches the wire bytes
   * from the index without one more object between, and a name costs one object less.
   */
  final class Single extends ZoneAnswer.Answer implements ZoneNode, CompactRecordSet {
    private final int type;
    private final int children;

    private Single(int type, ZoneAnswer.Answer answer, int children) {
      super(answer);
      this.type = type;
      this.children = children;
    }

    @Override
    public ZoneNode withChildren(int children) {
      return new Single(type, this, children);
    }

    @Override
    public int children() {
      return children;
    }

    @Override
    public List<ParsedRecordSet> recordSets() {
      // What NodeCompiler.parse made of it: the records are those of the answer, owned by the
      // name, and a record set without a health check is always healthy.
      List<Record> records = records();
      return List.of(
          new ParsedRecordSet(
              recordSetOf(owner(), type, records),
              type,
              records,
              null,
              HealthSignal.ALWAYS_HEALTHY));
    }

    @Override
    public RecordSet recordSet() {
      return recordSetOf(owner(), type, records());
    }

    @Override
    public String name() {
      return owner().toString();
    }

    /** The simple record set of {@code type} at {@code owner} that reads as {@code records}. */
    static RecordSet recordSetOf(Name owner, int type, List<Record> records) {
      List<String> rdata = new ArrayList<>(records.size());
      for (Record record : records) {
        rdata.add(record.rdataToString());
      }
      return RecordSet.simple(owner.toString(), Type.string(type), records.get(0).getTTL(), rdata);
    }

    @Override
    public ZoneAnswer.Answer fixedAnswer(int qtype) {
      return qtype == type ? this : null;
    }

    @Override
    public ZoneAnswer answer(
        int qtype, ZoneAnswer.NoData noData, Supplier<RandomGenerator> random) {
      return qtype == type || qtype == Type.ANY ? this : noData;
    }
  }

  /**
   * Any other name: parallel arrays of types and their answers (a node holds a few types, so a
   * linear scan beats boxing the type for a map lookup), a selector where a type is routed, and an
   * empty non-terminal.
   */
  final class General implements ZoneNode {
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

    private final int children;

    private General(
        int[] types,
        ZoneAnswer.Answer[] answers,
        RecordSetSelector[] selectors,
        ZoneAnswer.Answer all,
        ZoneAnswer.Cname cname,
        RecordSetSelector cnameSelector,
        List<ParsedRecordSet> recordSets,
        int children) {
      this.children = children;
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
    public ZoneNode withChildren(int children) {
      return new General(
          types, answers, selectors, all, cname, cnameSelector, recordSets, children);
    }

    @Override
    public int children() {
      return children;
    }

    @Override
    public List<ParsedRecordSet> recordSets() {
      return recordSets;
    }

    @Override
    public ZoneAnswer.Answer fixedAnswer(int type) {
      for (int i = 0; i < types.length; i++) {
        if (types[i] == type) {
          return answers[i];
        }
      }
      return null;
    }

    @Override
    public ZoneAnswer answer(
        int qtype, ZoneAnswer.NoData noData, Supplier<RandomGenerator> random) {
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
