package io.isthmus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.RoutingPolicy.Failover;
import io.isthmus.config.RoutingPolicy.Role;
import io.isthmus.config.RoutingPolicy.Weighted;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading the API's routing fields into a {@link RoutingPolicy} and back (docs/spec/resolution.md
 * section 4).
 */
class RoutingPolicyTest {

  static RoutingFields failover(String role) {
    return new RoutingFields(role, null, null, null);
  }

  static RoutingFields weight(int weight) {
    return new RoutingFields(null, weight, null, null);
  }

  @Test
  void noFieldIsSimple() {
    assertThat(RoutingFields.NONE.policy()).contains(RoutingPolicy.SIMPLE);
    assertThat(RoutingFields.NONE.errors()).isEmpty();
    assertThat(RoutingFields.NONE.policyFields()).isEmpty();
    assertThat(RoutingFields.NONE.kind()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 254, 255})
  void weightsWithinTheRangeAreWeighted(int weight) {
    assertThat(weight(weight).policy()).contains(new Weighted(weight));
    assertThat(weight(weight).errors()).isEmpty();
    assertThat(new Weighted(weight).weight()).isEqualTo(weight);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 256, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void weightsOutsideTheRangeAreReported(int weight) {
    RoutingFields fields = weight(weight);

    assertThat(fields.policy()).isEmpty();
    assertThat(fields.errors())
        .containsExactly(new FieldError("weight", "weight must be within 0..255"));
    // The group rules still see what the client asked for.
    assertThat(fields.kind()).contains("weighted");
    assertThatThrownBy(fields::toPolicy).hasMessage("weight must be within 0..255");
    assertThatThrownBy(() -> new Weighted(weight))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight must be within 0..255");
  }

  @Test
  void failoverRolesAreSpelledExactly() {
    assertThat(failover("PRIMARY").policy()).contains(new Failover(Role.PRIMARY));
    assertThat(failover("SECONDARY").policy()).contains(new Failover(Role.SECONDARY));
    assertThat(failover("SECONDARY").role()).contains(Role.SECONDARY);
    assertThat(failover("PRIMARY").errors()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERTIARY", "primary", " PRIMARY", ""})
  void anUnknownFailoverRoleIsReported(String role) {
    RoutingFields fields = failover(role);

    assertThat(fields.policy()).isEmpty();
    assertThat(fields.role()).isEmpty();
    assertThat(fields.kind()).contains("failover");
    assertThat(fields.errors())
        .containsExactly(new FieldError("failover", "failover must be PRIMARY or SECONDARY"));
    assertThatThrownBy(fields::toPolicy)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover must be PRIMARY or SECONDARY");
  }

  @Test
  void aFailoverNeedsARole() {
    assertThatThrownBy(() -> new Failover(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void multiValueAnswerMustBeTrue() {
    RoutingFields yes = new RoutingFields(null, null, true, null);
    RoutingFields no = new RoutingFields(null, null, false, null);

    assertThat(yes.policy()).contains(RoutingPolicy.MULTI_VALUE);
    assertThat(no.policy()).isEmpty();
    assertThat(no.kind()).contains("multivalue answer");
    assertThat(no.errors())
        .containsExactly(
            new FieldError(
                "multiValueAnswer",
                "multiValueAnswer must be true; leave it out for other record sets"));
  }

  @Test
  void twoPoliciesAtOnceAreNoPolicy() {
    RoutingFields two = new RoutingFields("PRIMARY", 1, null, null);
    RoutingFields three = new RoutingFields("PRIMARY", 1, true, null);

    assertThat(two.policy()).isEmpty();
    assertThat(two.errors()).isEmpty();
    assertThat(two.kind()).isEmpty();
    assertThat(two.policyFields()).containsExactly("failover", "weight");
    assertThat(three.policyFields()).containsExactly("failover", "weight", "multiValueAnswer");
    assertThatThrownBy(two::toPolicy)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("one routing policy, not failover and weight");
  }

  @Test
  void invalidValuesAreAllReportedInFieldOrder() {
    assertThat(new RoutingFields("X", 300, false, null).errors())
        .extracting(FieldError::field)
        .containsExactly("failover", "weight", "multiValueAnswer");
  }

  @Test
  void latencyRoutingHasNoPolicy() {
    RoutingFields latency = new RoutingFields(null, null, null, "eu-west-1");

    assertThat(latency.latency()).isTrue();
    assertThat(RoutingFields.NONE.latency()).isFalse();
    assertThat(latency.policy()).isEmpty();
    assertThat(latency.policyFields()).isEmpty();
    assertThat(latency.kind()).contains("latency");
    assertThat(latency.errors()).isEmpty();
    assertThatThrownBy(latency::toPolicy)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(RoutingFields.LATENCY_NOT_SUPPORTED);
    // Even beside a valid policy.
    assertThat(new RoutingFields(null, 1, null, "eu-west-1").policy()).isEmpty();
    assertThat(new RoutingFields(null, 1, null, "eu-west-1").kind()).isEmpty();
  }

  @Test
  void everyPolicyIsSpelledAsTheApiReadsIt() {
    for (RoutingPolicy policy :
        List.of(
            RoutingPolicy.SIMPLE,
            new Failover(Role.PRIMARY),
            new Failover(Role.SECONDARY),
            new Weighted(0),
            new Weighted(255),
            RoutingPolicy.MULTI_VALUE)) {
      RoutingFields fields = RoutingFields.of(policy);

      assertThat(fields.policy()).contains(policy);
      assertThat(fields.toPolicy()).isEqualTo(policy);
      assertThat(fields.region()).isNull();
      assertThat(fields.kind())
          .isEqualTo(
              policy instanceof RoutingPolicy.Simple
                  ? Optional.empty()
                  : Optional.of(policy.kind()));
    }
    assertThat(RoutingFields.of(new Failover(Role.SECONDARY)))
        .isEqualTo(new RoutingFields("SECONDARY", null, null, null));
    assertThat(RoutingFields.of(new Weighted(7))).isEqualTo(new RoutingFields(null, 7, null, null));
    assertThat(RoutingFields.of(RoutingPolicy.MULTI_VALUE))
        .isEqualTo(new RoutingFields(null, null, true, null));
    assertThat(RoutingFields.of(RoutingPolicy.SIMPLE)).isEqualTo(RoutingFields.NONE);
  }

  @Test
  void kindsNameThePoliciesAsMessagesDo() {
    assertThat(RoutingPolicy.SIMPLE.kind()).isEqualTo("simple");
    assertThat(new Failover(Role.PRIMARY).kind()).isEqualTo("failover");
    assertThat(new Weighted(1).kind()).isEqualTo("weighted");
    assertThat(RoutingPolicy.MULTI_VALUE.kind()).isEqualTo("multivalue answer");
  }

  @Test
  void aRecordSetHasASetIdentifierExactlyWhenItIsRouted() {
    RecordSet simple = RecordSet.simple("a.example.", "A", 60, List.of("10.0.0.1"));
    RecordSet routed =
        RecordSet.routed("a.example.", "A", 60, List.of("10.0.0.1"), "x", new Weighted(1), "hc-1");

    assertThat(simple.isRouted()).isFalse();
    assertThat(simple.routing()).isEqualTo(RoutingPolicy.SIMPLE);
    assertThat(routed.isRouted()).isTrue();
    assertThat(routed.key()).isEqualTo(new RecordSetKey("a.example.", "A", "x"));
    assertThatThrownBy(
            () -> RecordSet.routed("a.example.", "A", 60, List.of(), null, new Weighted(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a set identifier");
    assertThatThrownBy(
            () ->
                RecordSet.routed("a.example.", "A", 60, List.of(), "x", RoutingPolicy.SIMPLE, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a set identifier and one policy");
    assertThatThrownBy(
            () -> new RecordSet("a.example.", "A", 60L, List.of(), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
