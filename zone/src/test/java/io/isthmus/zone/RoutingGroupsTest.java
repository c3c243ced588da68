package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingFields;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.RoutingPolicy.Role;
import io.isthmus.zone.RoutingGroups.Member;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The group rules of docs/spec/resolution.md section 4, shared by ChangeBatch and CompiledZone. */
class RoutingGroupsTest {
  static final Member SIMPLE = new Member(false, Optional.empty(), Optional.empty());
  static final Member PRIMARY = routed("failover", Role.PRIMARY);
  static final Member SECONDARY = routed("failover", Role.SECONDARY);
  static final Member WEIGHTED = routed("weighted", null);

  static Member routed(String kind, Role role) {
    return new Member(true, Optional.of(kind), Optional.ofNullable(role));
  }

  @Test
  void simpleAndRoutedSetsDoNotShareAGroup() {
    assertThat(RoutingGroups.mixesSimpleAndRouted(List.of(SIMPLE))).isFalse();
    assertThat(RoutingGroups.mixesSimpleAndRouted(List.of(PRIMARY, SECONDARY))).isFalse();
    assertThat(RoutingGroups.mixesSimpleAndRouted(List.of(SIMPLE, WEIGHTED))).isTrue();
    assertThat(RoutingGroups.mixesSimpleAndRouted(List.of(WEIGHTED, SIMPLE))).isTrue();
  }

  @Test
  void routedKindsAreThoseOfRoutedMembersThatAskForOne() {
    Member unroutedFailover = new Member(false, Optional.of("failover"), Optional.empty());
    Member routedWithoutKind = new Member(true, Optional.empty(), Optional.empty());

    assertThat(RoutingGroups.routedKinds(List.of(PRIMARY, SECONDARY))).containsExactly("failover");
    assertThat(RoutingGroups.routedKinds(List.of(WEIGHTED, PRIMARY)))
        .containsExactly("failover", "weighted");
    assertThat(RoutingGroups.routedKinds(List.of(unroutedFailover, WEIGHTED)))
        .containsExactly("weighted");
    assertThat(RoutingGroups.routedKinds(List.of(routedWithoutKind, SIMPLE))).isEmpty();
  }

  @Test
  void aFailoverGroupHoldsEachRoleOnce() {
    assertThat(RoutingGroups.overfilledRoles(List.of(PRIMARY, SECONDARY))).isEmpty();
    assertThat(RoutingGroups.overfilledRoles(List.of(SECONDARY))).isEmpty();
    assertThat(RoutingGroups.overfilledRoles(List.of(SECONDARY, PRIMARY, SECONDARY, SECONDARY)))
        .containsExactly(Map.entry(Role.SECONDARY, 3L));
    assertThat(RoutingGroups.overfilledRoles(List.of(SECONDARY, SECONDARY, PRIMARY, PRIMARY)))
        .containsExactly(Map.entry(Role.PRIMARY, 2L), Map.entry(Role.SECONDARY, 2L));
  }

  @Test
  void aStoredRecordSetIsSeenByItsPolicy() {
    RecordSet primary =
        RecordSet.routed(
            "a.example.",
            "A",
            60,
            List.of("10.0.0.1"),
            "p",
            new RoutingPolicy.Failover(Role.PRIMARY),
            null);
    RecordSet weighted =
        RecordSet.routed(
            "a.example.", "A", 60, List.of("10.0.0.1"), "w", new RoutingPolicy.Weighted(3), null);

    assertThat(Member.of(primary)).isEqualTo(routed("failover", Role.PRIMARY));
    assertThat(Member.of(weighted)).isEqualTo(routed("weighted", null));
    assertThat(Member.of(RecordSet.simple("a.example.", "A", 60, List.of("10.0.0.1"))))
        .isEqualTo(SIMPLE);
  }

  @Test
  void aSpecIsSeenByWhatItAsksForEvenWhenInvalid() {
    assertThat(Member.of(spec("p", new RoutingFields("PRIMARY", null, null, null))))
        .isEqualTo(routed("failover", Role.PRIMARY));
    assertThat(Member.of(spec("x", new RoutingFields("TERTIARY", null, null, null))))
        .isEqualTo(routed("failover", null));
    assertThat(Member.of(spec("w", new RoutingFields(null, 300, null, null))))
        .isEqualTo(routed("weighted", null));
    assertThat(Member.of(spec(null, new RoutingFields("PRIMARY", 1, null, null))))
        .isEqualTo(new Member(false, Optional.empty(), Optional.of(Role.PRIMARY)));
  }

  static RecordSetSpec spec(String setIdentifier, RoutingFields routing) {
    return new RecordSetSpec(
        "a.example.", "A", 60L, List.of("10.0.0.1"), setIdentifier, routing, null, null);
  }
}
