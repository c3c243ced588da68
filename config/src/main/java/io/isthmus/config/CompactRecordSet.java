package io.isthmus.config;

/**
 * A record set held by something that keeps its content anyway, in less memory than a {@link
 * RecordSet}: a compiled zone's node for a name with one simple record set holds the answer's wire
 * bytes, from which the set is made again. A {@link RecordSetList} may hold this form instead of
 * the set, so that a node keeping both the configuration and the compiled zones pays for the set
 * once. Immutable: every call gives an equal set.
 */
public interface CompactRecordSet {
  /** The record set, made again on each call. */
  RecordSet recordSet();

  /** The set's owner name, as {@link RecordSet#name()} gives it. */
  String name();
}
