package io.isthmus.config;

import io.isthmus.config.RoutingPolicy.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A record set's routing policy as the API's JSON and the store's columns spell it: one nullable
 * field per policy, as Route 53 has them. A client may send any combination, so this is the raw
 * input that {@link #policy()} reads into a {@link RoutingPolicy} (the one place that knows the
 * spelling), and {@link #of} writes a policy back. {@code region} asks for latency routing, which
 * Isthmus rejects (docs/spec/resolution.md section 4): no policy has it, and it is kept here only
 * so that a request asking for it is reported rather than silently read as simple. Immutable.
 */
public record RoutingFields(
    String failover, Integer weight, Boolean multiValueAnswer, String region) {

  /** No routing field: a simple record set. */
  public static final RoutingFields NONE = new RoutingFields(null, null, null, null);

  /** Why a record set with a {@code region} is refused. */
  public static final String LATENCY_NOT_SUPPORTED = "latency routing is not supported";

  /** The spelling of a policy. */
  public static RoutingFields of(RoutingPolicy policy) {
    if (policy instanceof RoutingPolicy.Failover failover) {
      return new RoutingFields(failover.role().name(), null, null, null);
    }
    if (policy instanceof RoutingPolicy.Weighted weighted) {
      return new RoutingFields(null, weighted.weight(), null, null);
    }
    if (policy instanceof RoutingPolicy.MultiValue) {
      return new RoutingFields(null, null, true, null);
    }
    return NONE;
  }

  /**
   * The JSON names of the policy fields given, in field order ({@code failover}, {@code weight},
   * {@code multiValueAnswer}); a record set names at most one. {@code region} is not among them:
   * latency routing is refused on its own ({@link #latency()}).
   */
  public List<String> policyFields() {
    List<String> fields = new ArrayList<>(3);
    if (failover != null) {
      fields.add("failover");
    }
    if (weight != null) {
      fields.add("weight");
    }
    if (multiValueAnswer != null) {
      fields.add("multiValueAnswer");
    }
    return fields;
  }

  /** Whether latency routing is asked for. */
  public boolean latency() {
    return region != null;
  }

  /**
   * The kind of policy the fields ask for, whether or not its value is valid ({@link
   * RoutingPolicy#kind()}, or "latency"), or empty when they ask for none or for several. Group
   * rules use it to judge a set whose own fields were already reported.
   */
  public Optional<String> kind() {
    List<String> kinds = new ArrayList<>(4);
    if (failover != null) {
      kinds.add("failover");
    }
    if (weight != null) {
      kinds.add("weighted");
    }
    if (multiValueAnswer != null) {
      kinds.add("multivalue answer");
    }
    if (region != null) {
      kinds.add("latency");
    }
    return kinds.size() == 1 ? Optional.of(kinds.get(0)) : Optional.empty();
  }

  /** The failover role, when {@code failover} names one exactly ("PRIMARY", "SECONDARY"). */
  public Optional<Role> role() {
    for (Role role : Role.values()) {
      if (role.name().equals(failover)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /**
   * The invalid values among the policy fields, each with its JSON field name ({@code failover},
   * {@code weight}, {@code multiValueAnswer}), in field order. {@code multiValueAnswer: false} is
   * refused rather than read as "no policy", so that a client never gets a policy it did not ask
   * for.
   */
  public List<FieldError> errors() {
    List<FieldError> errors = new ArrayList<>(3);
    if (failover != null && role().isEmpty()) {
      errors.add(new FieldError("failover", "failover must be PRIMARY or SECONDARY"));
    }
    if (weight != null && (weight < 0 || weight > RoutingPolicy.MAX_WEIGHT)) {
      errors.add(new FieldError("weight", "weight must be within 0.." + RoutingPolicy.MAX_WEIGHT));
    }
    if (Boolean.FALSE.equals(multiValueAnswer)) {
      errors.add(
          new FieldError(
              "multiValueAnswer",
              "multiValueAnswer must be true; leave it out for other record sets"));
    }
    return errors;
  }

  /**
   * The policy these fields spell: {@link RoutingPolicy#SIMPLE} when none is given, the one given
   * when its value is valid; empty for latency routing, several policies or an invalid value.
   */
  public Optional<RoutingPolicy> policy() {
    List<String> given = policyFields();
    if (latency() || given.size() > 1 || !errors().isEmpty()) {
      return Optional.empty();
    }
    if (failover != null) {
      return Optional.of(new RoutingPolicy.Failover(role().orElseThrow()));
    }
    if (weight != null) {
      return Optional.of(new RoutingPolicy.Weighted(weight));
    }
    return Optional.of(multiValueAnswer != null ? RoutingPolicy.MULTI_VALUE : RoutingPolicy.SIMPLE);
  }

  /**
   * The policy of fields that must be valid (stored data, demo data).
   *
   * @throws IllegalArgumentException saying what is wrong when {@link #policy()} is empty
   */
  public RoutingPolicy toPolicy() {
    return policy()
        .orElseThrow(
            () -> {
              if (latency()) {
                return new IllegalArgumentException(LATENCY_NOT_SUPPORTED);
              }
              List<FieldError> errors = errors();
              return new IllegalArgumentException(
                  errors.isEmpty()
                      ? "one routing policy, not " + String.join(" and ", policyFields())
                      : errors.get(0).message());
            });
  }
}
