package io.isthmus.admin.aws.ec2;

import io.isthmus.config.ResourceTag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What EC2 shows of a resource that the store has no column for (a VPC's attributes, a security
 * group's rules), kept as tags of the resource under the {@code aws:} prefix, which AWS reserves:
 * no client can set, delete or see them as tags ({@link #reserved}), and they go with the resource
 * when it is deleted, as its tags do (the same scheme as the Route 53 Resolver facade's {@code
 * aws:route53resolver:} attributes). Stateless.
 */
final class Ec2Attributes {
  static final String PREFIX = "aws:ec2:";

  /** A VPC attribute of ModifyVpcAttribute, as {@code true} or {@code false}. */
  static final String VPC_ATTRIBUTE = PREFIX + "vpc-attribute:";

  /** A security group rule, by its id ({@link SecurityGroupRules}). */
  static final String RULE = PREFIX + "security-group-rule:";

  private Ec2Attributes() {}

  /** Whether a tag key is AWS's, which clients may neither set nor see. */
  static boolean reserved(String key) {
    return key.regionMatches(true, 0, "aws:", 0, 4);
  }

  /** The clients' tags of each resource, by resource id: the reserved ones left out. */
  static Map<String, Map<String, String>> userTags(List<ResourceTag> tags) {
    return byResource(tags, false);
  }

  /** The attributes of each resource, by resource id: the reserved tags only. */
  static Map<String, Map<String, String>> attributes(List<ResourceTag> tags) {
    return byResource(tags, true);
  }

  private static Map<String, Map<String, String>> byResource(
      List<ResourceTag> tags, boolean reserved) {
    Map<String, Map<String, String>> byResource = new LinkedHashMap<>();
    for (ResourceTag tag : tags) {
      if (reserved(tag.key()) == reserved) {
        byResource
            .computeIfAbsent(tag.resourceId(), id -> new LinkedHashMap<>())
            .put(tag.key(), tag.value());
      }
    }
    return byResource;
  }

  /** Refuses a client's tag key that AWS reserves, as EC2 does. */
  static void requireUserKeys(Iterable<String> keys) {
    for (String key : keys) {
      if (reserved(key)) {
        throw new Ec2Error(
            "InvalidParameterValue",
            "Value ( "
                + key
                + " ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for"
                + " internal use");
      }
    }
  }
}
