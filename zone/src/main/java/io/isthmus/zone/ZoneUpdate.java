package io.isthmus.zone;

import io.isthmus.config.RecordSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;

/**
 * Replaces every record set at some names of a {@link ZoneIndex}, in time proportional to those
 * names, their ancestors and the aliases that target them, never to the zone: it compiles the nodes
 * of the changed names ({@link NodeCompiler}) and of the aliases to them, adds or removes the empty
 * non-terminals above them by the child count each node keeps, and puts the result over the old
 * index with {@link NameIndex#with}, which shares every shard the change leaves alone. A whole zone
 * compiles as one update of the empty index.
 *
 * <p>Health: the record sets at changed names resolve their checks through the given function, once
 * per check id; every other record set keeps the signal it was compiled with. The signals map gains
 * the ids the zone did not read before; an id that now resolves to another signal than the one the
 * zone holds may be read with both, so it maps to a signal no function returns. Ids no record set
 * names any more are not dropped (that would take a count per id). Both make {@link
 * CompiledZone#sameHealthSignals} err towards "changed", which costs the caller a full compile,
 * never a stale signal.
 *
 * <p>One instance per update, used by one thread; the index it returns is immutable.
 */
final class ZoneUpdate {
  /**
   * What the signals map holds for a check id the zone reads with two signals: it equals no signal
   * a health function gives, so the zone never counts as having the same signals again.
   */
  private static final HealthSignal SEVERAL_SIGNALS = () -> true;

  private final Name origin;
  private final ZoneIndex base;
  private final Function<String, HealthSignal> health;

  /** The checks this update resolved, each asked of {@link #health} once. */
  private final Map<String, HealthSignal> resolved = new HashMap<>();

  /** The record sets now at each changed name; empty where a name loses them all. */
  private final Map<Name, List<ParsedRecordSet>> replaced = new LinkedHashMap<>();

  /** Nodes this update adds or replaces, over {@code base}; disjoint from {@link #removed}. */
  private final Map<Name, ZoneNode> puts = new HashMap<>();

  private final Set<Name> removed = new HashSet<>();

  /** A copy of the base's map; each set is copied before this update first changes it. */
  private final Map<Name, Set<Name>> aliasOwners;

  private final Set<Name> copiedAliasTargets = new HashSet<>();

  private ZoneUpdate(Name origin, ZoneIndex base, Function<String, HealthSignal> health) {
    this.origin = origin;
    this.base = base;
    this.health = health;
    this.aliasOwners = new HashMap<>(base.aliasOwners());
  }

  /**
   * {@code base} with the record sets at each key of {@code recordSetsByOwner} replaced by its
   * value, in stored order (an empty list removes them all).
   *
   * @throws IllegalArgumentException on data that {@link NodeCompiler} refuses at a changed name or
   *     at an alias to one
   */
  static ZoneIndex apply(
      Name origin,
      ZoneIndex base,
      Map<Name, List<RecordSet>> recordSetsByOwner,
      Function<String, HealthSignal> health) {
    ZoneUpdate update = new ZoneUpdate(origin, base, health);
    recordSetsByOwner.forEach(update::parse);
    update.replaced.forEach(update::relinkAliases);
    Map<Name, ZoneNode> compiled = update.compileChangedNodes();
    update.replaced.forEach(
        (owner, recordSets) -> {
          if (recordSets.isEmpty()) {
            update.clear(owner);
          }
        });
    compiled.forEach(update::place);
    return update.result();
  }

  /** The signal of a check id, null taken as always healthy (see {@link CompiledZone#compile}). */
  static HealthSignal resolve(Function<String, HealthSignal> health, String checkId) {
    HealthSignal signal = health.apply(checkId);
    return signal == null ? HealthSignal.ALWAYS_HEALTHY : signal;
  }

  private HealthSignal signalOf(String checkId) {
    return checkId == null
        ? HealthSignal.ALWAYS_HEALTHY
        : resolved.computeIfAbsent(checkId, id -> resolve(health, id));
  }

  private void parse(Name owner, List<RecordSet> recordSets) {
    // No record sets: nothing to parse, and a name outside the zone then holds none already.
    replaced.put(
        owner,
        recordSets.isEmpty()
            ? List.of()
            : NodeCompiler.parse(owner, recordSets, origin, this::signalOf));
  }

  private void relinkAliases(Name owner, List<ParsedRecordSet> recordSets) {
    ZoneNode old = base.nodes().get(owner);
    if (old != null) {
      aliasTargets(old.recordSets()).forEach(target -> aliasOwnersOf(target).remove(owner));
    }
    aliasTargets(recordSets).forEach(target -> aliasOwnersOf(target).add(owner));
  }

  private static Set<Name> aliasTargets(List<ParsedRecordSet> recordSets) {
    return recordSets.stream()
        .map(ParsedRecordSet::aliasTarget)
        .filter(target -> target != null)
        .collect(Collectors.toSet());
  }

  /** The alias owners of {@code target}, writable: copied on the first write of this update. */
  private Set<Name> aliasOwnersOf(Name target) {
    if (copiedAliasTargets.add(target)) {
      aliasOwners.put(target, new HashSet<>(aliasOwners.getOrDefault(target, Set.of())));
    }
    return aliasOwners.get(target);
  }

  /**
   * The nodes of the changed names that keep record sets, and of every alias to a changed name: an
   * alias renders its target's records, and compiling it again checks that its target is still
   * there and still no alias.
   */
  private Map<Name, ZoneNode> compileChangedNodes() {
    Map<Name, ZoneNode> compiled = new HashMap<>();
    replaced.forEach(
        (owner, recordSets) -> {
          if (!recordSets.isEmpty()) {
            compiled.put(owner, NodeCompiler.compile(owner, recordSets, this::recordSetsAt));
          }
          for (Name alias : aliasOwners.getOrDefault(owner, Set.of())) {
            if (!replaced.containsKey(alias)) {
              compiled.put(
                  alias, NodeCompiler.compile(alias, recordSetsAt(alias), this::recordSetsAt));
            }
          }
        });
    return compiled;
  }

  /** The record sets at {@code name} once this update is applied. */
  private List<ParsedRecordSet> recordSetsAt(Name name) {
    List<ParsedRecordSet> changed = replaced.get(name);
    if (changed != null) {
      return changed;
    }
    ZoneNode node = base.nodes().get(name);
    return node == null ? List.of() : node.recordSets();
  }

  private ZoneNode current(Name name) {
    ZoneNode node = puts.get(name);
    return node != null || removed.contains(name) ? node : base.nodes().get(name);
  }

  private void set(Name name, ZoneNode node) {
    puts.put(name, node);
    removed.remove(name);
  }

  private void delete(Name name) {
    puts.remove(name);
    removed.add(name);
  }

  /**
   * Puts {@code content} at {@code owner} with the children the name has. A new name adds itself to
   * its parent's children, creating the parent as an empty non-terminal if it did not exist, and so
   * on up to the first existing ancestor (the origin always exists once compiled).
   */
  private void place(Name owner, ZoneNode content) {
    ZoneNode current = current(owner);
    set(owner, current == null ? content : content.withChildren(current.children()));
    Name name = owner;
    while (current == null && !name.equals(origin)) {
      name = new Name(name, 1);
      current = current(name);
      set(
          name,
          current == null
              ? ZoneNode.emptyNonTerminal(1)
              : current.withChildren(current.children() + 1));
    }
  }

  /**
   * Removes the record sets at {@code owner}: the name stays as an empty non-terminal while names
   * below it exist, else it goes and leaves its parent's children, which removes the parent too if
   * that was an empty non-terminal with no other child, and so on up. The origin always stays.
   */
  private void clear(Name owner) {
    ZoneNode current = current(owner);
    if (current == null) {
      return;
    }
    Name name = owner;
    ZoneNode node = ZoneNode.emptyNonTerminal(current.children());
    while (node.recordSets().isEmpty() && node.children() == 0 && !name.equals(origin)) {
      delete(name);
      name = new Name(name, 1);
      ZoneNode parent = current(name);
      node = parent.withChildren(parent.children() - 1);
    }
    set(name, node);
  }

  private ZoneIndex result() {
    // An empty non-terminal wildcard is a source of synthesis too: it answers NODATA (RFC 4592
    // section 4.2), so every node at a wildcard name goes into the wildcard index.
    Map<Name, ZoneNode> wildcardPuts = new HashMap<>();
    Set<Name> wildcardRemoves = new HashSet<>();
    puts.forEach(
        (name, node) -> {
          if (name.isWild()) {
            wildcardPuts.put(new Name(name, 1), node);
          }
        });
    for (Name name : removed) {
      if (name.isWild()) {
        wildcardRemoves.add(new Name(name, 1));
      }
    }
    Map<Name, Set<Name>> frozenAliasOwners = new HashMap<>();
    aliasOwners.forEach(
        (target, owners) -> {
          if (!owners.isEmpty()) {
            frozenAliasOwners.put(target, Set.copyOf(owners));
          }
        });
    return new ZoneIndex(
        base.nodes().with(puts, removed),
        base.wildcards().with(wildcardPuts, wildcardRemoves),
        Map.copyOf(frozenAliasOwners),
        signals());
  }

  /**
   * The base's signals with those this update resolved: added for ids the zone did not read, and
   * {@link #SEVERAL_SIGNALS} for ids it read with another signal (see the class comment).
   */
  private Map<String, HealthSignal> signals() {
    Map<String, HealthSignal> merged = null;
    for (Map.Entry<String, HealthSignal> entry : resolved.entrySet()) {
      HealthSignal held = base.signals().get(entry.getKey());
      if (held != entry.getValue()) {
        if (merged == null) {
          merged = new HashMap<>(base.signals());
        }
        merged.put(entry.getKey(), held == null ? entry.getValue() : SEVERAL_SIGNALS);
      }
    }
    return merged == null ? base.signals() : Collections.unmodifiableMap(merged);
  }
}
