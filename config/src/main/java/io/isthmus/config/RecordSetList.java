package io.isthmus.config;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The record sets of a zone, immutable, grouped by owner name so that the sets at a few names can
 * be replaced without copying the zone: a change to one name of a 500,000-record zone copies one
 * chunk of at most {@link #CHUNK} sets and the array of chunks, not the whole list.
 *
 * <p>An element is a {@link RecordSet} or a {@link CompactRecordSet} (see {@link #compacted}): the
 * list reads as record sets either way, and carries the compact forms over to the lists made from
 * it.
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

  private static final Comparator<Object> BY_NAME_OF_ELEMENT =
      Comparator.comparing(RecordSetList::nameOf, NAME_ORDER);
  private static final RecordSetList EMPTY = new RecordSetList(new Object[0][], new int[] {0});

  /** Each element a {@link RecordSet} or a {@link CompactRecordSet}. */
  private final Object[][] chunks;

  /** {@code starts[i]} is the index of the first set of chunk i; the last entry is the size. */
  private final int[] starts;

  private RecordSetList(Object[][] chunks, int[] starts) {
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
    Object[] sorted = new Object[array.length];
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
      Arrays.sort(sorted, from, to, BY_NAME_OF_ELEMENT);
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
      List<Object> added = new ArrayList<>();
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
    List<Object[]> rebuilt = new ArrayList<>();
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
      List<Object> span = new ArrayList<>();
      int position = starts[first];
      while (edit < names.length) {
        int from = starting[edit];
        if (from >= spanEnd && !(from == size() && spanEnd == size())) {
          break;
        }
        int to = from;
        while (to < size() && nameOf(element(to)).equals(names[edit])) {
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

  /**
   * This list with the set at each index for which {@code compactForm} gives a compact form held in
   * that form: equal to this list, in less memory. Chunks left as they were are shared.
   *
   * @param compactForm the compact form of the set at an index, or null to keep the element as it
   *     is; it must give the same set back ({@link CompactRecordSet#recordSet} equal to {@link
   *     #get} of that index)
   */
  public RecordSetList compacted(IntFunction<CompactRecordSet> compactForm) {
    Object[][] compacted = chunks.clone();
    for (int chunk = 0; chunk < chunks.length; chunk++) {
      Object[] copy = null;
      for (int i = 0; i < chunks[chunk].length; i++) {
        CompactRecordSet form = compactForm.apply(starts[chunk] + i);
        if (form != null && form != chunks[chunk][i]) {
          if (copy == null) {
            copy = chunks[chunk].clone();
          }
          copy[i] = form;
        }
      }
      if (copy != null) {
        compacted[chunk] = copy;
      }
    }
    return new RecordSetList(compacted, starts);
  }

  /** The element at {@code index} as held: a {@link RecordSet} or a {@link CompactRecordSet}. */
  Object element(int index) {
    Objects.checkIndex(index, size());
    int chunk = chunkOf(index);
    return chunks[chunk][index - starts[chunk]];
  }

  /** The record set at {@code index}, made again from its compact form if it is held in one. */
  @Override
  public RecordSet get(int index) {
    return recordSetOf(element(index));
  }

  @Override
  public int size() {
    return starts[starts.length - 1];
  }

  /** Walks the chunks: no search for the chunk of each index, as {@link #get} does. */
  @Override
  public Iterator<RecordSet> iterator() {
    return new Iterator<>() {
      private int chunk;
      private int index;

      @Override
      public boolean hasNext() {
        return chunk < chunks.length; // chunks are never empty
      }

      @Override
      public RecordSet next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Object element = chunks[chunk][index];
        if (++index == chunks[chunk].length) {
          chunk++;
          index = 0;
        }
        return recordSetOf(element);
      }
    };
  }

  @Override
  public void forEach(Consumer<? super RecordSet> action) {
    for (Object[] chunk : chunks) {
      for (Object element : chunk) {
        action.accept(recordSetOf(element));
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
      if (NAME_ORDER.compare(nameOf(element(middle)), name) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** Copies the elements from {@code from} to {@code to} as held (compact forms stay compact). */
  private void copy(int from, int to, List<Object> into) {
    for (int i = from; i < to; i++) {
      into.add(element(i));
    }
  }

  private static RecordSet recordSetOf(Object element) {
    return element instanceof RecordSet set ? set : ((CompactRecordSet) element).recordSet();
  }

  private static String nameOf(Object element) {
    return element instanceof RecordSet set ? set.name() : ((CompactRecordSet) element).name();
  }

  /** Appends {@code elements} to {@code chunks} cut into chunks of at most {@link #CHUNK}. */
  private static void split(List<?> elements, List<Object[]> chunks) {
    for (int from = 0; from < elements.size(); from += CHUNK) {
      chunks.add(elements.subList(from, Math.min(elements.size(), from + CHUNK)).toArray());
    }
  }

  private static RecordSetList chunked(List<?> sorted) {
    List<Object[]> chunks = new ArrayList<>();
    split(sorted, chunks);
    return ofChunks(chunks);
  }

  private static RecordSetList ofChunks(List<Object[]> chunks) {
    if (chunks.isEmpty()) {
      return EMPTY;
    }
    int[] starts = new int[chunks.size() + 1];
    for (int i = 0; i < chunks.size(); i++) {
      starts[i + 1] = starts[i] + chunks.get(i).length;
    }
    return new RecordSetList(chunks.toArray(new Object[0][]), starts);
  }
}
