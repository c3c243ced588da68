package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

class NameIndexTest {

  static Name name(String text) {
    return Name.fromConstantString(text);
  }

  /** {@code count} sibling names, h0.zone. to h(count-1).zone., each mapped to its number. */
  static Map<Name, Integer> siblings(int from, int count) {
    Map<Name, Integer> names = new HashMap<>();
    IntStream.range(from, from + count).forEach(i -> names.put(name("h" + i + ".zone."), i));
    return names;
  }

  static NameIndex<Integer> index(Map<Name, Integer> entries) {
    return NameIndex.<Integer>empty().with(entries, Set.of());
  }

  @Test
  void theEmptyIndexHoldsNothing() {
    NameIndex<Integer> empty = NameIndex.empty();

    assertThat(empty.size()).isZero();
    assertThat(empty.get(name("zone."))).isNull();
    assertThat(empty.containsKey(name("zone."))).isFalse();
    assertThat(empty.shardCount()).isEqualTo(1);
  }

  @Test
  void findsWhatWasPutIgnoringCase() {
    NameIndex<Integer> index = index(Map.of(name("www.zone."), 1, name("mail.zone."), 2));

    assertThat(index.get(name("WWW.Zone."))).isEqualTo(1);
    assertThat(index.containsKey(name("mail.ZONE."))).isTrue();
    assertThat(index.get(name("ftp.zone."))).isNull();
    assertThat(index.containsKey(name("ftp.zone."))).isFalse();
    assertThat(index.size()).isEqualTo(2);
  }

  @Test
  void putsReplaceAndAddThenRemovesRemoveLeavingTheOldIndexAsItWas() {
    NameIndex<Integer> before = index(siblings(0, 1000));

    NameIndex<Integer> after =
        before.with(
            Map.of(name("h1.zone."), -1, name("new.zone."), 7, name("h2.zone."), -2),
            Set.of(name("h2.zone."), name("h3.zone."), name("absent.zone.")));

    assertThat(after.get(name("h1.zone."))).isEqualTo(-1);
    assertThat(after.get(name("new.zone."))).isEqualTo(7);
    assertThat(after.containsKey(name("h2.zone."))).isFalse();
    assertThat(after.containsKey(name("h3.zone."))).isFalse();
    assertThat(after.get(name("h4.zone."))).isEqualTo(4);
    assertThat(after.size()).isEqualTo(999);
    assertThat(before.get(name("h1.zone."))).isEqualTo(1);
    assertThat(before.containsKey(name("new.zone."))).isFalse();
    assertThat(before.get(name("h3.zone."))).isEqualTo(3);
    assertThat(before.size()).isEqualTo(1000);
  }

  @Test
  void anUpdateCopiesOnlyTheShardsItTouches() {
    NameIndex<Integer> before = index(siblings(0, 10_000));
    Name changed = name("h42.zone.");
    Name removed = name("h4242.zone.");

    NameIndex<Integer> after = before.with(Map.of(changed, -42), Set.of(removed));

    assertThat(after.shardCount()).isEqualTo(before.shardCount()).isEqualTo(64);
    assertThat(after.shardFor(changed)).isNotSameAs(before.shardFor(changed));
    assertThat(after.shardFor(removed)).isNotSameAs(before.shardFor(removed));
    for (Name name : siblings(0, 10_000).keySet()) {
      if (before.shardFor(name) != before.shardFor(changed)
          && before.shardFor(name) != before.shardFor(removed)) {
        assertThat(after.shardFor(name)).as("%s", name).isSameAs(before.shardFor(name));
      }
    }
  }

  @Test
  void removingAnAbsentNameCopiesNothing() {
    NameIndex<Integer> before = index(siblings(0, 1000));
    Name absent = name("absent.zone.");

    NameIndex<Integer> after = before.with(Map.of(), Set.of(absent));

    assertThat(after.shardFor(absent)).isSameAs(before.shardFor(absent));
    assertThat(after.size()).isEqualTo(1000);
  }

  @Test
  void namesSpreadOverTheShards() {
    NameIndex<Integer> index = index(siblings(0, 10_000));

    // 64 shards for 10,000 names: about 156 each; none more than twice that.
    Map<Object, Integer> perShard = new IdentityHashMap<>();
    siblings(0, 10_000)
        .keySet()
        .forEach(name -> perShard.merge(index.shardFor(name), 1, Integer::sum));
    assertThat(perShard).hasSize(64);
    assertThat(perShard.values()).allSatisfy(count -> assertThat(count).isBetween(80, 312));
  }

  @ParameterizedTest(name = "{0} names -> 2^{1} shards")
  @CsvSource({
    "0, 0",
    "1, 0",
    "256, 0",
    "257, 1",
    "512, 1",
    "513, 2",
    "500000, 11",
    "4194304, 14",
    "100000000, 14",
  })
  void sizesShardsForAbout256NamesEach(int size, int bits) {
    assertThat(NameIndex.bitsFor(size)).isEqualTo(bits);
  }

  @Test
  void aBulkUpdateFillsItsFinalShardsDirectly() {
    NameIndex<Integer> small = index(siblings(0, 10));

    NameIndex<Integer> grown = small.with(siblings(10, 10_000), Set.of());

    assertThat(small.shardCount()).isEqualTo(1);
    assertThat(grown.shardCount()).isEqualTo(64);
    assertThat(grown.size()).isEqualTo(10_010);
    assertThat(grown.get(name("h5.zone."))).isEqualTo(5);
    assertThat(grown.get(name("h10009.zone."))).isEqualTo(10_009);
  }

  @Test
  void theShardCountFollowsTheSizeWithinAFactorOfTwo() {
    NameIndex<Integer> index = index(siblings(0, 512));
    assertThat(index.shardCount()).isEqualTo(2);

    // 513 names would ideally take 4 shards: within a factor of two, nothing moves.
    index = index.with(siblings(512, 1), Set.of());
    assertThat(index.shardCount()).isEqualTo(2);
    assertThat(index.size()).isEqualTo(513);

    // 1025 names would take 8: now they are spread again.
    for (int i = 513; i < 1025; i++) {
      index = index.with(siblings(i, 1), Set.of());
    }
    assertThat(index.shardCount()).isEqualTo(8);
    assertThat(index.size()).isEqualTo(1025);
    assertThat(index.get(name("h0.zone."))).isZero();

    // And back: 600 names would take 4 shards, within the factor; 500 would take 2.
    index = index.with(Map.of(), siblings(600, 425).keySet());
    assertThat(index.shardCount()).isEqualTo(8);
    index = index.with(Map.of(), siblings(500, 100).keySet());
    assertThat(index.shardCount()).isEqualTo(2);
    assertThat(index.size()).isEqualTo(500);
    assertThat(index.get(name("h499.zone."))).isEqualTo(499);
    assertThat(index.containsKey(name("h500.zone."))).isFalse();
  }

  @Test
  void answersAsAMapThroughRandomUpdatesIncludingNamesPutAndRemovedAtOnce() {
    java.util.Random random = new java.util.Random(13);
    Map<Name, Integer> model = new HashMap<>();
    NameIndex<Integer> index = NameIndex.empty();
    for (int round = 0; round < 300; round++) {
      Map<Name, Integer> puts = new HashMap<>();
      Set<Name> removes = new java.util.HashSet<>();
      int changes = random.nextInt(round % 50 == 0 ? 3000 : 40);
      for (int i = 0; i < changes; i++) {
        Name name = name("h" + random.nextInt(5000) + ".zone.");
        if (random.nextInt(3) == 0) {
          removes.add(name);
        } else {
          puts.put(name, round);
        }
      }
      index = index.with(puts, removes);
      model.putAll(puts);
      model.keySet().removeAll(removes);

      assertThat(index.size()).isEqualTo(model.size());
      for (int i = 0; i < 5000; i += 7) {
        Name name = name("h" + i + ".zone.");
        assertThat(index.get(name)).as("%s in round %d", name, round).isEqualTo(model.get(name));
      }
    }
  }

  @Test
  void namesOfEqualHashAreKeptApart() {
    // dnsjava's name hash is weak: find sibling names that share one.
    Map<Integer, Name> byHash = new HashMap<>();
    Map<Name, Integer> colliding = new HashMap<>();
    for (int i = 0; colliding.size() < 40; i++) {
      Name name = name("h" + i + ".zone.");
      Name before = byHash.putIfAbsent(name.hashCode(), name);
      if (before != null) {
        colliding.put(before, -1);
        colliding.put(name, i);
      }
    }
    colliding.replaceAll((name, value) -> name.toString().hashCode());

    NameIndex<Integer> index = index(colliding);

    colliding.forEach((name, value) -> assertThat(index.get(name)).isEqualTo(value));
    Name gone = colliding.keySet().iterator().next();
    NameIndex<Integer> without = index.with(Map.of(), Set.of(gone));
    assertThat(without.containsKey(gone)).isFalse();
    colliding.keySet().stream()
        .filter(name -> !name.equals(gone))
        .forEach(name -> assertThat(without.get(name)).isEqualTo(colliding.get(name)));
  }

  @ParameterizedTest(name = "{0} names")
  @CsvSource({"0", "1", "2", "3", "100", "256", "300", "5000", "40000"})
  void shardsAreAtMostThreeQuartersFullAndMoreThanAThirdFull(int count) {
    NameIndex<Integer> index = index(siblings(0, count));

    Map<Object, Integer> perShard = new IdentityHashMap<>();
    Map<Object, Integer> slots = new IdentityHashMap<>();
    siblings(0, count)
        .keySet()
        .forEach(
            name -> {
              perShard.merge(index.shardFor(name), 1, Integer::sum);
              slots.put(index.shardFor(name), index.slotsOfShardFor(name));
            });
    perShard.forEach(
        (shard, entries) -> {
          assertThat(entries * 4).isLessThanOrEqualTo(slots.get(shard) * 3);
          assertThat(entries * 8 + 8).isGreaterThan(slots.get(shard) * 3);
        });
    assertThat(index.slotsOfShardFor(name("absent.zone."))).isGreaterThanOrEqualTo(2);
  }
}
