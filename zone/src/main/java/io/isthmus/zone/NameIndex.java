package io.isthmus.zone;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * An immutable map from DNS names whose update copies only what it touches: the entries live in
 * shards, each a {@link HashMap} of about {@value #ENTRIES_PER_SHARD} names, and {@link #with}
 * copies the shards that change and shares every other one with the index it came from. So a change
 * of a few names in a zone of 500,000 costs a few shard copies and the shard table (one reference
 * per shard), not a copy of the zone.
 *
 * <p>HashMap shards, not {@code Map.copyOf}: dnsjava's Name hash is weak (12,000 sibling names give
 * 9,032 distinct values) and the immutable maps resolve collisions by linear probing from the raw
 * hash; a HashMap lookup measured 5-20 % faster on such names. A lookup picks its shard from the
 * top bits of the hash multiplied by a large odd constant, which every byte of the name moves,
 * while the shard's HashMap picks its bucket from the low bits: the two choices stay independent.
 * Lookups allocate nothing.
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

  private static final NameIndex<?> EMPTY = new NameIndex<>(newShards(1), 0, 0);

  private final HashMap<Name, V>[] shards;

  /** log2 of the number of shards. */
  private final int bits;

  private final int size;

  private NameIndex(HashMap<Name, V>[] shards, int bits, int size) {
    this.shards = shards;
    this.bits = bits;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  static <V> NameIndex<V> empty() {
    return (NameIndex<V>) EMPTY;
  }

  /** The value of {@code name}, or null. */
  V get(Name name) {
    return shards[shardOf(name, bits)].get(name);
  }

  boolean containsKey(Name name) {
    return shards[shardOf(name, bits)].containsKey(name);
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
    HashMap<Name, V>[] result = base.shards.clone();
    int newSize = base.size;
    for (Map.Entry<Name, V> entry : puts.entrySet()) {
      int shard = shardOf(entry.getKey(), base.bits);
      if (base.writable(result, shard).put(entry.getKey(), entry.getValue()) == null) {
        newSize++;
      }
    }
    for (Name name : removes) {
      int shard = shardOf(name, base.bits);
      if (result[shard].containsKey(name)) {
        base.writable(result, shard).remove(name);
        newSize--;
      }
    }
    NameIndex<V> updated = new NameIndex<>(result, base.bits, newSize);
    return Math.abs(bitsFor(newSize) - base.bits) > 1
        ? updated.resharded(bitsFor(newSize))
        : updated;
  }

  /** Shard {@code shard} of {@code result}, copied from this index's on its first write. */
  private Map<Name, V> writable(HashMap<Name, V>[] result, int shard) {
    if (result[shard] == shards[shard]) {
      result[shard] = new HashMap<>(shards[shard]);
    }
    return result[shard];
  }

  private NameIndex<V> resharded(int newBits) {
    HashMap<Name, V>[] result = newShards(1 << newBits);
    for (HashMap<Name, V> shard : shards) {
      shard.forEach((name, value) -> result[shardOf(name, newBits)].put(name, value));
    }
    return new NameIndex<>(result, newBits, size);
  }

  /**
   * The top {@code bits} bits of the spread hash, rotated down to the bottom; with one shard the
   * mask is 0.
   */
  private static int shardOf(Name name, int bits) {
    return Integer.rotateLeft(name.hashCode() * SPREAD, bits) & ((1 << bits) - 1);
  }

  /** log2 of the shard count for {@code size} names: one shard up to 256, at most 2^14. */
  static int bitsFor(int size) {
    int shards = (size + ENTRIES_PER_SHARD - 1) / ENTRIES_PER_SHARD;
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(shards, 1) - 1);
    return Math.min(bits, MAX_SHARD_BITS);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <V> HashMap<Name, V>[] newShards(int count) {
    HashMap<Name, V>[] shards = new HashMap[count];
    for (int i = 0; i < count; i++) {
      shards[i] = new HashMap<>();
    }
    return shards;
  }

  /** The number of shards (tests of the sizing). */
  int shardCount() {
    return shards.length;
  }

  /** The shard that holds {@code name} (tests of the sharing: compared by identity). */
  Map<Name, V> shardFor(Name name) {
    return shards[shardOf(name, bits)];
  }
}
