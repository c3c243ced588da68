package io.isthmus.server.lastsnapshot;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.isthmus.config.RoutingPolicy;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body of the last-snapshot file: the configuration records as they are, field by field.
 * Only the record components are written (no derived getters such as {@code isRouted()}), unknown
 * properties are refused rather than dropped, and the sealed {@link RoutingPolicy} carries its
 * variant in a {@code "@policy"} property. Thread-safe.
 */
final class LastSnapshotJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .changeDefaultVisibility(
              visibility ->
                  visibility
                      .withVisibility(
                          com.fasterxml.jackson.annotation.PropertyAccessor.ALL,
                          JsonAutoDetect.Visibility.NONE)
                      .withVisibility(
                          com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
                          JsonAutoDetect.Visibility.ANY))
          .addMixIn(RoutingPolicy.class, RoutingPolicyVariants.class)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private LastSnapshotJson() {}

  static byte[] write(LastSnapshot snapshot) {
    return MAPPER.writeValueAsBytes(snapshot);
  }

  /**
   * @throws tools.jackson.core.JacksonException if the body is not a whole, well-formed snapshot
   */
  static LastSnapshot read(byte[] body) {
    return MAPPER.readValue(body, LastSnapshot.class);
  }

  /** The variants of the sealed routing policy, named in the JSON. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@policy")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = RoutingPolicy.Simple.class, name = "simple"),
    @JsonSubTypes.Type(value = RoutingPolicy.Failover.class, name = "failover"),
    @JsonSubTypes.Type(value = RoutingPolicy.Weighted.class, name = "weighted"),
    @JsonSubTypes.Type(value = RoutingPolicy.MultiValue.class, name = "multivalue")
  })
  private interface RoutingPolicyVariants {}
}
