package io.isthmus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RecordSetList}: its order is a function of the content (names by {@link
 * RecordSetList#NAME_ORDER}, the sets at a name as given), a list changed name by name equals the
 * list built from the same sets at once, and a change shares every chunk it does not touch; sets
 * held in a compact form read as the sets and stay compact across changes to other names.
 */
class RecordSetListTest {
  private static final String[] TYPES = {"A", "AAAA", "TXT", "MX"};

  private static RecordSet set(String name, String type, int value) {
    return RecordSet.simple(name, type, 60, List.of("v" + value));
  }

  private static List<RecordSet> sets(int count) {
    return IntStream.range(0, count).mapToObj(i -> set("h" + i + ".example.", "A", i)).toList();
  }

  @Test
  void ordersNamesByTheirOrderAndKeepsTheOrderOfTheSetsAtOneName() {
    RecordSet bTxt = set("b.example.", "TXT", 1);
    RecordSet a = set("a.example.", "A", 2);
    RecordSet bA = set("b.example.", "A", 3);
    RecordSet c = set("c.example.", "A", 4);

    RecordSetList list = RecordSetList.of(List.of(bTxt, a, bA, c));

    List<RecordSet> expected = new ArrayList<>(List.of(bTxt, a, bA, c));
    expected.sort(Comparator.comparing(RecordSet::name, RecordSetList.NAME_ORDER));
    assertThat(list).containsExactlyElementsOf(expected);
    assertThat(list.indexOf(bA)).isEqualTo(list.indexOf(bTxt) + 1);
    assertThat(RecordSetList.of(list)).isSameAs(list);
  }

  @Test
  void namesWithEqualHashesAreOrderedByName() {
    // "Aa" and "BB" have the same String.hashCode, and so have the names ending alike.
    assertThat("Aa.example.".hashCode()).isEqualTo("BB.example.".hashCode());
    RecordSet bb = set("BB.example.", "A", 1);
    RecordSet aaTxt = set("Aa.example.", "TXT", 2);
    RecordSet aaA = set("Aa.example.", "A", 3);

    assertThat(RecordSetList.of(List.of(bb, aaTxt, aaA))).containsExactly(aaTxt, aaA, bb);
    assertThat(RecordSetList.of(List.of(aaTxt, bb, aaA))).containsExactly(aaTxt, aaA, bb);
    assertThat(RecordSetList.of(List.of(bb)).withNames(Map.of("Aa.example.", List.of(aaA))))
        .containsExactly(aaA, bb);
  }

  @Test
  void equalContentGivesEqualListsWhateverTheOrderGiven() {
    List<RecordSet> sets = new ArrayList<>(sets(2_000));
    RecordSetList first = RecordSetList.of(sets);
    Collections.shuffle(sets, new Random(3));

    RecordSetList second = RecordSetList.of(sets);

    assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
    assertThat(second.chunkCount())
        .isEqualTo((2_000 + RecordSetList.CHUNK - 1) / RecordSetList.CHUNK);
  }

  @Test
  void aChangeToOneNameSharesEveryOtherChunk() {
    RecordSetList list = RecordSetList.of(sets(10 * RecordSetList.CHUNK));
    RecordSet changed = set("h77.example.", "A", 1_000_000);

    RecordSetList after = list.withNames(Map.of("h77.example.", List.of(changed)));

    assertThat(after)
        .hasSize(list.size())
        .contains(changed)
        .doesNotContain(set("h77.example.", "A", 77));
    assertThat(after.chunkCount()).isEqualTo(list.chunkCount());
    int shared = 0;
    for (int i = 0; i < list.chunkCount(); i++) {
      if (after.sharesChunk(i, list, i)) {
        shared++;
      }
    }
    assertThat(shared).isEqualTo(list.chunkCount() - 1);
  }

  /** A compact form for tests: gives an equal copy of its set, never the set itself. */
  private record Copying(RecordSet set) implements CompactRecordSet {
    @Override
    public RecordSet recordSet() {
      return new RecordSet(
          set.name(),
          set.type(),
          set.ttl(),
          set.records(),
          set.setIdentifier(),
          set.routing(),
          set.healthCheckId(),
          set.aliasTarget());
    }

    @Override
    public String name() {
      return set.name();
    }
  }

  @Test
  void compactFormsReadAsTheirSetsAndOutliveChangesToOtherNames() {
    RecordSetList list = RecordSetList.of(sets(3 * RecordSetList.CHUNK));

    // Every even index compact; the chunks of the last third untouched.
    RecordSetList compacted =
        list.compacted(
            i -> i % 2 == 0 && i < 2 * RecordSetList.CHUNK ? new Copying(list.get(i)) : null);

    assertThat(compacted).isEqualTo(list).hasSize(list.size());
    assertThat(compacted.element(0)).isInstanceOf(Copying.class);
    assertThat(compacted.element(1)).isSameAs(list.get(1));
    assertThat(compacted.sharesChunk(0, list, 0)).isFalse();
    assertThat(compacted.sharesChunk(2, list, 2)).isTrue();
    List<RecordSet> iterated = new ArrayList<>();
    compacted.forEach(iterated::add);
    assertThat(iterated).isEqualTo(list);
    // Nothing to compact: every chunk shared.
    RecordSetList none = list.compacted(i -> null);
    assertThat(none).isEqualTo(list);
    assertThat(none.sharesChunk(0, list, 0)).isTrue();

    String changed = list.get(2).name();
    RecordSet replacement = set(changed, "TXT", -1);
    RecordSetList after = compacted.withNames(Map.of(changed, List.of(replacement)));

    assertThat(after)
        .isEqualTo(list.withNames(Map.of(changed, List.of(replacement))))
        .contains(replacement);
    for (int i = 0; i < after.size(); i++) {
      Object element = after.element(i);
      if (after.get(i).equals(replacement)) {
        assertThat(element).isSameAs(replacement);
      } else {
        int at = list.indexOf(after.get(i));
        assertThat(element).isSameAs(compacted.element(at));
      }
    }
  }

  @Test
  void namesComeAndGo() {
    RecordSetList list = RecordSetList.of(sets(3));
    RecordSet added = set("new.example.", "AAAA", 9);

    RecordSetList after =
        list.withNames(mapOf("h1.example.", List.of(), "new.example.", List.of(added)));

    assertThat(after)
        .containsExactlyInAnyOrder(set("h0.example.", "A", 0), set("h2.example.", "A", 2), added);
    assertThat(after.withNames(Map.of())).isSameAs(after);
    RecordSetList empty = RecordSetList.of(List.of());
    assertThat(empty.withNames(Map.of("x.example.", List.of()))).isEmpty();
    assertThat(empty.withNames(Map.of("new.example.", List.of(added)))).containsExactly(added);
  }

  @Test
  void refusesASetListedUnderAnotherName() {
    RecordSetList list = RecordSetList.of(sets(3));

    assertThatThrownBy(
            () -> list.withNames(Map.of("h1.example.", List.of(set("h2.example.", "A", 1)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("h2.example.")
        .hasMessageContaining("h1.example.");
  }

  @Test
  void refusesNullSetsAndIndexesOutside() {
    List<RecordSet> withNull = new ArrayList<>(sets(2));
    withNull.add(null);
    assertThatThrownBy(() -> RecordSetList.of(withNull)).isInstanceOf(NullPointerException.class);
    RecordSetList list = RecordSetList.of(sets(2));
    assertThatThrownBy(() -> list.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  /**
   * Random changes, each to a few names of a small pool (so that names have several sets, runs
   * cross chunk boundaries and chunks empty out), applied one after another: after each, the list
   * equals the list built at once from a plain model of the same sets.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void aListChangedNameByNameEqualsTheListBuiltAtOnce(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int pool = 1 + random.nextInt(3 * RecordSetList.CHUNK);
    Map<String, List<RecordSet>> model = new LinkedHashMap<>();
    int[] value = {0};
    for (int i = 0; i < random.nextInt(4 * RecordSetList.CHUNK); i++) {
      String name = "n" + random.nextInt(pool) + ".example.";
      model.computeIfAbsent(name, n -> new ArrayList<>()).add(randomSet(random, name, value));
    }
    RecordSetList list = RecordSetList.of(flatten(model));
    for (int step = 0; step < 200; step++) {
      Map<String, List<RecordSet>> change = new LinkedHashMap<>();
      for (int i = 0, names = 1 + random.nextInt(5); i < names; i++) {
        String name = "n" + random.nextInt(pool) + ".example.";
        List<RecordSet> now = new ArrayList<>();
        // Long runs now and then: one name spanning chunks.
        int count =
            random.nextInt(10) == 0 ? random.nextInt(2 * RecordSetList.CHUNK) : random.nextInt(4);
        for (int j = 0; j < count; j++) {
          now.add(randomSet(random, name, value));
        }
        change.put(name, now);
      }
      change.forEach(
          (name, now) -> {
            model.remove(name);
            if (!now.isEmpty()) {
              model.put(name, now);
            }
          });

      list = list.withNames(change);
      if (random.nextInt(4) == 0) {
        RecordSetList before = list;
        list = before.compacted(i -> random.nextBoolean() ? new Copying(before.get(i)) : null);
      }

      List<RecordSet> expected = flatten(model);
      assertThat(list).isEqualTo(RecordSetList.of(expected)).hasSize(expected.size());
      List<RecordSet> iterated = new ArrayList<>();
      list.forEach(iterated::add);
      assertThat(iterated).isEqualTo(list);
      List<RecordSet> walked = new ArrayList<>();
      for (Iterator<RecordSet> it = list.iterator(); it.hasNext(); ) {
        walked.add(it.next());
      }
      assertThat(walked).isEqualTo(list);
      Iterator<RecordSet> done = list.iterator();
      list.forEach(set -> done.next());
      assertThatThrownBy(done::next).isInstanceOf(java.util.NoSuchElementException.class);
      assertThat(list.chunkCount())
          .isGreaterThanOrEqualTo((list.size() + RecordSetList.CHUNK - 1) / RecordSetList.CHUNK);
    }
  }

  private static RecordSet randomSet(SplittableRandom random, String name, int[] value) {
    return set(name, TYPES[random.nextInt(TYPES.length)], value[0]++);
  }

  private static List<RecordSet> flatten(Map<String, List<RecordSet>> byName) {
    List<RecordSet> all = new ArrayList<>();
    byName.values().forEach(all::addAll);
    return all;
  }

  private static Map<String, List<RecordSet>> mapOf(
      String name1, List<RecordSet> sets1, String name2, List<RecordSet> sets2) {
    Map<String, List<RecordSet>> map = new LinkedHashMap<>();
    map.put(name1, sets1);
    map.put(name2, sets2);
    return map;
  }
}
