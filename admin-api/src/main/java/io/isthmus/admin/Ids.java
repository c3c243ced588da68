package io.isthmus.admin;

import io.isthmus.config.ResolverEndpoint;
import java.security.SecureRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Random identifiers in the shapes Route 53 and EC2 use (docs/spec/admin-api.md "Conventions"),
 * drawn from {@link SecureRandom} so that they can neither be guessed nor enumerated. Thread-safe.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String DIGITS = "0123456789";
  private static final String HEX = "0123456789abcdef";

  /** Route 53 ids are 14 to 22 characters; 20 random characters give about 103 bits. */
  private static final int ROUTE53_RANDOM_LENGTH = 20;

  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
  private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{17}");
  private static final Pattern ENDPOINT_ID = Pattern.compile("rslvr-(in|out)-[0-9a-f]{17}");
  private static final String INBOUND_PREFIX = "rslvr-in-";

  private Ids() {}

  public static String accountId() {
    return random(DIGITS, 12);
  }

  public static String zoneId() {
    return "Z" + random(UPPER_ALPHANUMERIC, ROUTE53_RANDOM_LENGTH);
  }

  public static String changeId() {
    return "C" + random(UPPER_ALPHANUMERIC, ROUTE53_RANDOM_LENGTH);
  }

  public static String vpcId() {
    return "vpc-" + random(HEX, 17);
  }

  /** Route 53 Resolver's shape: {@code rslvr-in-} or {@code rslvr-out-} and 17 hex digits. */
  public static String endpointId(ResolverEndpoint.Direction direction) {
    String prefix = direction == ResolverEndpoint.Direction.INBOUND ? INBOUND_PREFIX : "rslvr-out-";
    return prefix + random(HEX, 17);
  }

  /** EC2's shape for a subnet: {@code subnet-} and 17 hex digits. */
  public static String subnetId() {
    return "subnet-" + random(HEX, 17);
  }

  /** EC2's shape for a security group: {@code sg-} and 17 hex digits. */
  public static String securityGroupId() {
    return "sg-" + random(HEX, 17);
  }

  /** EC2's shape for a security group rule: {@code sgr-} and 17 hex digits. */
  public static String securityGroupRuleId() {
    return "sgr-" + random(HEX, 17);
  }

  public static String ruleId() {
    return "rslvr-rr-" + random(HEX, 17);
  }

  public static String ruleAssociationId() {
    return "rslvr-rrassoc-" + random(HEX, 17);
  }

  /** Route 53 Resolver's shape for a query logging configuration: {@code rqlc-} and 17 hex. */
  public static String queryLogConfigId() {
    return "rqlc-" + random(HEX, 17);
  }

  /** Route 53 Resolver's shape for a query logging association: {@code rqlca-} and 17 hex. */
  public static String queryLogAssociationId() {
    return "rqlca-" + random(HEX, 17);
  }

  public static boolean isAccountId(String text) {
    return ACCOUNT_ID.matcher(text).matches();
  }

  public static boolean isVpcId(String text) {
    return VPC_ID.matcher(text).matches();
  }

  public static boolean isEndpointId(String text) {
    return ENDPOINT_ID.matcher(text).matches();
  }

  /** True for an endpoint id of the INBOUND shape; the id tells the direction. */
  public static boolean isInboundEndpointId(String text) {
    return isEndpointId(text) && text.startsWith(INBOUND_PREFIX);
  }

  /**
   * A generated id that {@code taken} does not know yet. Collisions are astronomically rare for
   * zones, changes and VPCs but merely unlikely among 10^12 account ids, so every id is checked.
   */
  public static String unique(Supplier<String> generator, Predicate<String> taken) {
    String id = generator.get();
    while (taken.test(id)) {
      id = generator.get();
    }
    return id;
  }

  private static String random(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
