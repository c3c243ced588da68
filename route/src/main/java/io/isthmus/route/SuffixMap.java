package io.isthmus.route;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Longest-suffix lookup of DNS names: "the most specific domain wins" for zones and rules alike. A
 * lookup walks the query name from the full name towards the root and probes one hash map
 * (dnsjava's {@link Name} hashes and compares case-insensitively). Only depths that hold a key are
 * probed, so a typical lookup costs one or two probes. Immutable and thread-safe.
 *
 * @param <V> what a domain maps to
 */
public final class SuffixMap<V> {
  /** RFC 1035: a name of at most 255 octets has at most 128 labels, counting the root. */
  private static final int MAX_LABELS = 128;

  private final Map<Name, V> byDomain;

  /** depthPresent[n]: some key has n labels (the root counts as one label in dnsjava). */
  private final boolean[] depthPresent;

  private SuffixMap(Map<Name, V> byDomain) {
    // A HashMap, not Map.copyOf: dnsjava's Name hash is weak, and the immutable maps resolve
    // collisions by linear probing (see CompiledZone).
    this.byDomain = byDomain;
    boolean[] depths = new boolean[MAX_LABELS + 1];
    for (Name domain : byDomain.keySet()) {
      depths[domain.labels()] = true;
    }
    this.depthPresent = depths;
  }

  public static <V> SuffixMap<V> of(Map<Name, ? extends V> byDomain) {
    return new SuffixMap<>(Collections.unmodifiableMap(new HashMap<>(byDomain)));
  }

  /** The value of the longest domain that equals {@code name} or is a parent of it, or null. */
  public V longestMatch(Name name) {
    int labels = name.labels();
    for (int depth = labels; depth >= 1; depth--) {
      if (!depthPresent[depth]) {
        continue;
      }
      Name suffix = depth == labels ? name : new Name(name, labels - depth);
      V value = byDomain.get(suffix);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Every value whose domain equals {@code name} or is a parent of it, most specific first. */
  public java.util.List<V> allMatches(Name name) {
    java.util.List<V> matches = new java.util.ArrayList<>();
    int labels = name.labels();
    for (int depth = labels; depth >= 1; depth--) {
      if (depthPresent[depth]) {
        V value = byDomain.get(depth == labels ? name : new Name(name, labels - depth));
        if (value != null) {
          matches.add(value);
        }
      }
    }
    return matches;
  }

  /** Every value, in no particular order; for walking a configuration, not for queries. */
  public java.util.Collection<V> values() {
    return byDomain.values();
  }

  public int size() {
    return byDomain.size();
  }
}
