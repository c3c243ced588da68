package io.isthmus.zone;

import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * What a {@link CompiledZone} answers from, built and updated by {@link ZoneUpdate}. Deeply
 * immutable.
 *
 * @param nodes every owner name and every empty non-terminal
 * @param wildcards wildcard nodes ({@code *.x}) keyed by their parent {@code x}, the closest
 *     encloser they serve
 * @param aliasOwners per name that aliases target, the names of the aliases (of any type) that
 *     target it: what to compile again when the name changes. Aliases are rare, so an update copies
 *     this map
 * @param signals the health signal of every health check id the record sets name, as resolved when
 *     they were compiled (see {@link ZoneUpdate} for what an update keeps)
 */
record ZoneIndex(
    NameIndex<ZoneNode> nodes,
    NameIndex<ZoneNode> wildcards,
    Map<Name, Set<Name>> aliasOwners,
    Map<String, HealthSignal> signals) {

  static final ZoneIndex EMPTY =
      new ZoneIndex(NameIndex.empty(), NameIndex.empty(), Map.of(), Map.of());
}
