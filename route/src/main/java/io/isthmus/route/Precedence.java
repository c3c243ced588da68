package io.isthmus.route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Route precedence in one VPC (docs/spec/resolution.md section 2), the one place it is decided: the
 * claim with the most specific domain decides a name; at one domain a FORWARD or SYSTEM rule beats
 * a hosted zone; a SYSTEM rule resolves as if no rule existed, so the most specific zone answers,
 * or default resolution when none covers the name; a zone never falls through to a parent. The data
 * plane holds one per VPC over its compiled {@link Route}s; the shadow lint builds one over plain
 * names and configuration records. A lookup is one {@link SuffixMap} walk, two for a SYSTEM rule,
 * and adds no allocation of its own. Immutable and thread-safe.
 *
 * @param <C> what a zone or rule is to the caller
 */
public final class Precedence<C extends Precedence.Claim> {

  /** A hosted zone or resolver rule that claims the names at or below its domain. */
  public interface Claim {
    /** The domain claimed, absolute. */
    Name domain();

    /** {@link RouteKind#HOSTED_ZONE}, {@link RouteKind#FORWARD} or {@link RouteKind#SYSTEM}. */
    RouteKind kind();
  }

  /** Per domain the claim that decides there: the rule when a rule and a zone share it. */
  private final SuffixMap<C> deciding;

  /** The zones alone, for SYSTEM rules. */
  private final SuffixMap<C> zones;

  private Precedence(SuffixMap<C> deciding, SuffixMap<C> zones) {
    this.deciding = deciding;
    this.zones = zones;
  }

  /**
   * @param zones the hosted zones by domain
   * @param rules the FORWARD and SYSTEM rules by domain
   */
  public static <C extends Claim> Precedence<C> of(
      Map<Name, ? extends C> zones, Map<Name, ? extends C> rules) {
    Map<Name, C> deciding = new HashMap<>(zones);
    deciding.putAll(rules);
    return new Precedence<>(SuffixMap.of(deciding), SuffixMap.of(zones));
  }

  /** The claim that decides {@code name}; null when none covers it (default resolution). */
  public C decides(Name name) {
    return deciding.longestMatch(name);
  }

  /**
   * Who answers {@code name} once {@code decided} (from {@link #decides}) decided it: a zone or a
   * FORWARD rule; null for default resolution.
   */
  public C answers(Name name, C decided) {
    return decided != null && decided.kind() == RouteKind.SYSTEM
        ? zones.longestMatch(name)
        : decided;
  }

  /** Who answers {@code name}: {@link #answers(Name, Claim)} of what {@link #decides} it. */
  public C answers(Name name) {
    return answers(name, decides(name));
  }

  /** The zone at exactly {@code domain}, which a rule there beats; null when there is none. */
  public C zoneAt(Name domain) {
    C zone = zones.longestMatch(domain);
    return zone != null && zone.domain().equals(domain) ? zone : null;
  }

  /**
   * Every zone and rule covering {@code name}, in precedence order: most specific first, a rule
   * before a zone at one domain.
   */
  public List<C> covering(Name name) {
    List<C> claims = new ArrayList<>(deciding.allMatches(name));
    for (C zone : zones.allMatches(name)) {
      if (!claims.contains(zone)) {
        claims.add(zone);
      }
    }
    claims.sort(
        Comparator.comparingInt((C claim) -> -claim.domain().labels())
            .thenComparingInt(claim -> claim.kind() == RouteKind.HOSTED_ZONE ? 1 : 0));
    return claims;
  }

  /** Every zone and rule that decides some name, in no particular order. */
  public Collection<C> deciding() {
    return deciding.values();
  }
}
