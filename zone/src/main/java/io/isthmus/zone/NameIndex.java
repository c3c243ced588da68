package io.isthmus.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.xbill.DNS.Name;

/**
 * An immutable map from DNS names whose update copies only what it touches: the entries live in
 * shards of about {@value #ENTRIES_PER_SHARD} names, and {@link #with} copies the shards that
 * change and shares every other one with the index it came from. So a change of a few names in a
 * zone of 500,000 costs a few shard copies and the shard table (one reference per shard), not a
 * copy of the zone.
 *
 * <p>A shard is one array of keys and values side by side, searched by linear probing: a lookup
 * reads the slot's key and value from one cache line, where a {@link HashMap} reads its table and
 * then an entry object (one more cache miss per query in a zone too large for the cache, and 32
 * bytes per name). dnsjava's Name hash is weak (12,000 sibling names give 9,032 distinct values),
 * so the hash is first multiplied by a large odd constant, which every bit of it moves: the shard
 * is chosen from the top bits of the product and the slot from the bits below them, so the two
 * choices stay independent. A probe that meets another name costs a look at that name's label count
 * and cached hash ({@link Name#equals} compares its bytes only when both agree). Tables are at most
 * three quarters full. Lookups allocate nothing.
 *
 * <p>Deeply immutable and thread-safe: shards are never written once the index that holds them is
 * made. Values are never null.
 *
 * @param <V> what a name maps to
 */
final class NameIndex<V> {
  static final int ENTRIES_PER_SHARD = 256;

  /**
   * At most 2^14 shards: the shard table, copied by every update, stays at 64 KiB; only zones of
   * more than four million names get larger shards.
   */
  static final int MAX_SHARD_BITS = 14;

  /** 2^32 divided by the golden ratio, odd: multiplying by it mixes every bit into the top ones. */
  private static final int SPREAD = 0x9E3779B9;

  private static final NameIndex<?> EMPTY = new NameIndex<>(new Object[][] {Shard.EMPTY}, 0, 0);

  /** The shards: see {@link Shard}. */
  private final Object[][] shards;

  /** log2 of the number of shards. */
  private final int bits;

  private final int size;

  private NameIndex(Object[][] shards, int bits, int size) {
    this.shards = shards;
    this.bits = bits;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  static <V> NameIndex<V> empty() {
    return (NameIndex<V>) EMPTY;
  }

  /** The value of {@code name}, or null. */
  @SuppressWarnings("unchecked")
  V get(Name name) {
    int mixed = name.hashCode() * SPREAD;
    return (V) Shard.get(shards[shardOf(mixed, bits)], name, mixed << bits);
  }

  boolean containsKey(Name name) {
    return get(name) != null;
  }

  int size() {
    return size;
  }

  /**
   * This index with {@code puts} put and then {@code removes} removed, sharing every shard neither
   * touches. The shard count follows the size within a factor of two of the ideal (about {@value
   * #ENTRIES_PER_SHARD} names per shard); past that the entries are spread over a new shard count,
   * once per quadrupling or quartering of the size, so that rehash costs each change a constant
   * share. An update that puts more names than the index holds spreads the index first, so that a
   * whole zone built in one update is filled into its final shards directly.
   */
  NameIndex<V> with(Map<Name, V> puts, Set<Name> removes) {
    NameIndex<V> base = puts.size() > size ? resharded(bitsFor(size + puts.size())) : this;
    Map<Integer, Map<Name, Object>> touched = new HashMap<>();
    int newSize = base.size;
    for (Map.Entry<Name, V> entry : puts.entrySet()) {
      int shard = shardOf(entry.getKey().hashCode() * SPREAD, base.bits);
      if (base.writable(touched, shard).put(entry.getKey(), entry.getValue()) == null) {
        newSize++;
      }
    }
    for (Name name : removes) {
      int mixed = name.hashCode() * SPREAD;
      int shard = shardOf(mixed, base.bits);
      Map<Name, Object> entries = touched.get(shard);
      if (entries == null && Shard.get(base.shards[shard], name, mixed << base.bits) != null) {
        entries = base.writable(touched, shard);
      }
      if (entries != null && entries.remove(name) != null) {
        newSize--;
      }
    }
    Object[][] result = base.shards.clone();
    touched.forEach((shard, entries) -> result[shard] = Shard.of(entries, base.bits));
    NameIndex<V> updated = new NameIndex<>(result, base.bits, newSize);
    return Math.abs(bitsFor(newSize) - base.bits) > 1
        ? updated.resharded(bitsFor(newSize))
        : updated;
  }

  /** The entries of shard {@code shard}, copied from this index's on its first write. */
  private Map<Name, Object> writable(Map<Integer, Map<Name, Object>> touched, int shard) {
    return touched.computeIfAbsent(shard, s -> Shard.entries(shards[s]));
  }

  private NameIndex<V> resharded(int newBits) {
    List<Map<Name, Object>> entries = new ArrayList<>(1 << newBits);
    for (int i = 0; i < 1 << newBits; i++) {
      entries.add(new HashMap<>());
    }
    for (Object[] shard : shards) {
      Shard.forEach(
          shard,
          (name, value) ->
              entries.get(shardOf(name.hashCode() * SPREAD, newBits)).put(name, value));
    }
    Object[][] result = new Object[1 << newBits][];
    for (int i = 0; i < result.length; i++) {
      result[i] = Shard.of(entries.get(i), newBits);
    }
    return new NameIndex<>(result, newBits, size);
  }

  /**
   * The top {@code bits} bits of the spread hash, rotated down to the bottom; with one shard the
   * mask is 0.
   */
  private static int shardOf(int mixed, int bits) {
    return Integer.rotateLeft(mixed, bits) & ((1 << bits) - 1);
  }

  /** log2 of the shard count for {@code size} names: one shard up to 256, at most 2^14. */
  static int bitsFor(int size) {
    int shards = (size + ENTRIES_PER_SHARD - 1) / ENTRIES_PER_SHARD;
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(shards, 1) - 1);
    return Math.min(bits, MAX_SHARD_BITS);
  }

  /** The number of shards (tests of the sizing). */
  int shardCount() {
    return shards.length;
  }

  /** The shard that holds {@code name} (tests of the sharing: compared by identity). */
  Object shardFor(Name name) {
    return shards[shardOf(name.hashCode() * SPREAD, bits)];
  }

  /** The number of slots of the shard that holds {@code name} (tests of the load). */
  int slotsOfShardFor(Name name) {
    return Shard.slots(shards[shardOf(name.hashCode() * SPREAD, bits)]);
  }

  /**
   * One shard is an array of keys at even positions and their values right after them; null keys
   * are free slots. The slot count is the power of two that keeps the shard at most three quarters
   * full, so there is always a free slot to end a search. A shard is the bare array, not an object
   * holding it: a lookup then reads one object less (one cache miss less in a large zone), and the
   * shift that takes a slot from the hash comes from the array's length.
   */
  private static final class Shard {
    static final Object[] EMPTY = of(Map.of(), 0);

    private Shard() {}

    /** A shard of {@code entries} (values never null), in an index of {@code 2^bits} shards. */
    static Object[] of(Map<Name, Object> entries, int bits) {
      // The next power of two from 4/3 of the entries (at least 2): more slots than entries.
      int needed = Math.max(2, (entries.size() * 4 + 2) / 3);
      int slots = Integer.highestOneBit(needed - 1) << 1;
      Object[] table = new Object[slots * 2];
      int shift = shift(table);
      int mask = slots - 1;
      entries.forEach(
          (name, value) -> {
            int slot = ((name.hashCode() * SPREAD) << bits) >>> shift;
            while (table[slot * 2] != null) {
              slot = (slot + 1) & mask;
            }
            table[slot * 2] = name;
            table[slot * 2 + 1] = value;
          });
      return table;
    }

    /** 32 minus log2 of the slot count: the shift that takes a slot from the high bits. */
    private static int shift(Object[] table) {
      return 33 - Integer.numberOfTrailingZeros(table.length);
    }

    /**
     * The value of {@code name} in {@code table}, or null.
     *
     * @param below the spread hash shifted past the shard's bits
     */
    static Object get(Object[] table, Name name, int below) {
      int mask = table.length / 2 - 1;
      int slot = below >>> shift(table);
      while (true) {
        Object key = table[slot * 2];
        if (key == null) {
          return null;
        }
        if (name.equals(key)) {
          return table[slot * 2 + 1];
        }
        slot = (slot + 1) & mask;
      }
    }

    static int slots(Object[] table) {
      return table.length / 2;
    }

    static void forEach(Object[] table, BiConsumer<Name, Object> action) {
      for (int i = 0; i < table.length; i += 2) {
        if (table[i] != null) {
          action.accept((Name) table[i], table[i + 1]);
        }
      }
    }

    /** The entries, in a map of their own. */
    static Map<Name, Object> entries(Object[] table) {
      Map<Name, Object> entries = new HashMap<>();
      forEach(table, entries::put);
      return entries;
    }
  }
}
