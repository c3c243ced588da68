package io.isthmus.zone;

import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingFields;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.RoutingPolicy.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The group rules of docs/spec/resolution.md section 4, stated once: the record sets at one name
 * and type form one group, which holds either one simple record set or routed record sets of one
 * policy, and a failover group holds at most one PRIMARY and one SECONDARY. {@link ChangeBatch}
 * reports each broken rule to the client; {@link CompiledZone} asserts them on stored data, which
 * the batch already checked. Rules about one record set on its own (a valid policy, a set
 * identifier with it) belong to {@link RoutingPolicy} and {@link RecordSet}. Stateless.
 */
final class RoutingGroups {
  private RoutingGroups() {}

  /** One name and type: a simple record set or a routed group. Names are normalized. */
  record Key(String name, String type) {
    static Key of(RecordSetSpec rrset) {
      return new Key(rrset.name(), rrset.type());
    }

    @Override
    public String toString() {
      return name + " " + type;
    }
  }

  /**
   * What the group rules read of a member: whether it is routed (has a set identifier), the kind of
   * policy it asks for (empty for none or several), and its failover role if it names one.
   */
  record Member(boolean routed, Optional<String> kind, Optional<Role> role) {

    /** A stored record set: valid on its own. */
    static Member of(RecordSet rrset) {
      RoutingPolicy policy = rrset.routing();
      return new Member(
          rrset.isRouted(),
          policy instanceof RoutingPolicy.Simple ? Optional.empty() : Optional.of(policy.kind()),
          policy instanceof RoutingPolicy.Failover failover
              ? Optional.of(failover.role())
              : Optional.empty());
    }

    /**
     * A record set as a client sent it, whose own fields may be invalid (and then reported apart):
     * it still counts with the kind of policy and the role it asks for.
     */
    static Member of(RecordSetSpec rrset) {
      RoutingFields fields = rrset.routing();
      return new Member(rrset.setIdentifier() != null, fields.kind(), fields.role());
    }
  }

  /** Whether simple and routed record sets share the group. */
  static boolean mixesSimpleAndRouted(List<Member> members) {
    return members.stream().anyMatch(Member::routed)
        && members.stream().anyMatch(member -> !member.routed());
  }

  /** The policies of the group's routed members, by name; more than one breaks the rules. */
  static NavigableSet<String> routedKinds(List<Member> members) {
    NavigableSet<String> kinds = new TreeSet<>();
    members.stream().filter(Member::routed).forEach(member -> member.kind().ifPresent(kinds::add));
    return kinds;
  }

  /** The failover roles more than one member holds, with their counts, PRIMARY first. */
  static Map<Role, Long> overfilledRoles(List<Member> members) {
    Map<Role, Long> counts = new EnumMap<>(Role.class);
    members.forEach(member -> member.role().ifPresent(role -> counts.merge(role, 1L, Long::sum)));
    counts.values().removeIf(count -> count < 2);
    return counts;
  }
}
