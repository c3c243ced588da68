package io.isthmus.config;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;

/**
 * The record sets of a zone, immutable, grouped by owner name so that the sets at a few names can
 * be replaced without copying the zone: a change to one name of a 500,000-record zone copies one
 * chunk of at most {@link #CHUNK} sets and the array of chunks, not the whole list.
 *
 * <p>The order is a function of the content, so that a list brought up to date name by name equals
 * the list of a full load: names in the order of {@link #NAME_ORDER} (their hash, then the names
 * themselves), and the sets at one name in the order they were given (the store's order). It is not
 * the order of the list given to {@link #of}, nor a meaningful one: listings that users read sort
 * for themselves.
 */
public final class RecordSetList extends AbstractList<RecordSet> implements RandomAccess {
  /** The most sets a chunk holds. */
  static final int CHUNK = 512;

  /**
   * The order of owner names: by {@link String#hashCode}, cached in the string, then by the names
   * themselves when their hashes are equal. Cheap to compute for a binary search.
   */
  static final Comparator<String> NAME_ORDER =
      Comparator.comparingInt(String::hashCode).thenComparing(Comparator.naturalOrder());

  private static final Comparator<RecordSet> BY_NAME =
      Comparator.comparing(RecordSet::name, NAME_ORDER);
  private static final RecordSetList EMPTY = new RecordSetList(new RecordSet[0][], new int[] {0});

  private final RecordSet[][] chunks;

  /** {@code starts[i]} is the index of the first set of chunk i; the last entry is the size. */
  private final int[] starts;

  private RecordSetList(RecordSet[][] chunks, int[] starts) {
    this.chunks = chunks;
    this.starts = starts;
  }

  /**
   * The sets of {@code sets} in this list's order (a stable sort by name: the sets at one name keep
   * their order). A {@code RecordSetList} is returned as it is.
   *
   * @throws NullPointerException if a set is null
   */
  public static RecordSetList of(Collection<RecordSet> sets) {
    if (sets instanceof RecordSetList list) {
      return list;
    }
    RecordSet[] array = sets.toArray(new RecordSet[0]);
    // A full load sorts a million sets: sort their names' hashes with their positions as primitive
    // longs, not the sets through a comparator (ten times slower, from cache misses).
    long[] keys = new long[array.length];
    for (int i = 0; i < array.length; i++) {
      Objects.requireNonNull(array[i], "record set");
      keys[i] = ((long) array[i].name().hashCode() << 32) | i;
    }
    Arrays.sort(keys);
    RecordSet[] sorted = new RecordSet[array.length];
    for (int i = 0; i < keys.length; i++) {
      sorted[i] = array[(int) keys[i]];
    }
    // Distinct names with equal hashes: ordered by name, stably (the sets at a name keep their
    // order). Rare, and each run short.
    for (int from = 0, to; from < sorted.length; from = to) {
      to = from + 1;
      while (to < sorted.length && keys[to] >>> 32 == keys[from] >>> 32) {
        to++;
      }
      Arrays.sort(sorted, from, to, BY_NAME);
    }
    return chunked(Arrays.asList(sorted));
  }

  /**
   * This list with the sets at each name of {@code changedNames} replaced by the sets it maps the
   * name to (none: the name is gone; a name not here yet: its sets are added).
   *
   * @throws IllegalArgumentException if a set is not at the name it is listed under
   */
  public RecordSetList withNames(Map<String, List<RecordSet>> changedNames) {
    if (changedNames.isEmpty()) {
      return this;
    }
    String[] names = changedNames.keySet().toArray(new String[0]);
    for (String name : names) {
      for (RecordSet set : changedNames.get(name)) {
        if (!set.name().equals(name)) {
          throw new IllegalArgumentException(
              "record set at " + set.name() + " listed under " + name);
        }
      }
    }
    Arrays.sort(names, NAME_ORDER);
    if (chunks.length == 0) {
      List<RecordSet> added = new ArrayList<>();
      for (String name : names) {
        added.addAll(changedNames.get(name));
      }
      return chunked(added);
    }
    // Where each name's sets start in this list, found once (the names are sorted, so are these).
    int[] starting = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      starting[i] = lowerBound(names[i]);
    }
    List<RecordSet[]> rebuilt = new ArrayList<>();
    int nextChunk = 0;
    int edit = 0;
    while (edit < names.length) {
      // A span of whole chunks is rebuilt: it starts at the chunk of the next edit and grows to
      // take every later edit that falls in it, and the chunks a long run of one name reaches.
      int first = chunkOf(starting[edit]);
      for (; nextChunk < first; nextChunk++) {
        rebuilt.add(chunks[nextChunk]);
      }
      int spanEnd = starts[first + 1];
      List<RecordSet> span = new ArrayList<>();
      int position = starts[first];
      while (edit < names.length) {
        int from = starting[edit];
        if (from >= spanEnd && !(from == size() && spanEnd == size())) {
          break;
        }
        int to = from;
        while (to < size() && get(to).name().equals(names[edit])) {
          to++;
        }
        copy(position, from, span);
        span.addAll(changedNames.get(names[edit]));
        position = to;
        if (to > spanEnd) {
          spanEnd = starts[chunkOf(to - 1) + 1];
        }
        edit++;
      }
      copy(position, spanEnd, span);
      nextChunk = chunkOf(spanEnd - 1) + 1;
      split(span, rebuilt);
    }
    for (; nextChunk < chunks.length; nextChunk++) {
      rebuilt.add(chunks[nextChunk]);
    }
    return ofChunks(rebuilt);
  }

  @Override
  public RecordSet get(int index) {
    Objects.checkIndex(index, size());
    int chunk = chunkOf(index);
    return chunks[chunk][index - starts[chunk]];
  }

  @Override
  public int size() {
    return starts[starts.length - 1];
  }

  @Override
  public void forEach(Consumer<? super RecordSet> action) {
    for (RecordSet[] chunk : chunks) {
      for (RecordSet set : chunk) {
        action.accept(set);
      }
    }
  }

  /** The number of chunks; for tests of the sharing. */
  int chunkCount() {
    return chunks.length;
  }

  /** Whether chunk {@code i} of this list is the same array as chunk {@code j} of {@code other}. */
  boolean sharesChunk(int i, RecordSetList other, int j) {
    return chunks[i] == other.chunks[j];
  }

  /** The chunk holding {@code index}; the last chunk for the size (where sets are appended). */
  private int chunkOf(int index) {
    int found = Arrays.binarySearch(starts, 0, chunks.length, index);
    if (found >= 0) {
      // Chunks are never empty, so no two chunks start at the same index.
      return found;
    }
    return -found - 2;
  }

  /** The index of the first set at {@code name} or at a name after it. */
  private int lowerBound(String name) {
    int low = 0;
    int high = size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (NAME_ORDER.compare(get(middle).name(), name) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private void copy(int from, int to, List<RecordSet> into) {
    for (int i = from; i < to; i++) {
      into.add(get(i));
    }
  }

  /** Appends {@code sets} to {@code chunks} cut into chunks of at most {@link #CHUNK}. */
  private static void split(List<RecordSet> sets, List<RecordSet[]> chunks) {
    for (int from = 0; from < sets.size(); from += CHUNK) {
      chunks.add(sets.subList(from, Math.min(sets.size(), from + CHUNK)).toArray(new RecordSet[0]));
    }
  }

  private static RecordSetList chunked(List<RecordSet> sorted) {
    List<RecordSet[]> chunks = new ArrayList<>();
    split(sorted, chunks);
    return ofChunks(chunks);
  }

  private static RecordSetList ofChunks(List<RecordSet[]> chunks) {
    if (chunks.isEmpty()) {
      return EMPTY;
    }
    int[] starts = new int[chunks.size() + 1];
    for (int i = 0; i < chunks.size(); i++) {
      starts[i + 1] = starts[i] + chunks.get(i).length;
    }
    return new RecordSetList(chunks.toArray(new RecordSet[0][]), starts);
  }
}
