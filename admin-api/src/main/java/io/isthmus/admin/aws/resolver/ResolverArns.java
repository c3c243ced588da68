package io.isthmus.admin.aws.resolver;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARNs of Route 53 Resolver resources, as AWS writes them: {@code
 * arn:aws:route53resolver:REGION:ACCOUNT:resolver-rule/ID}, {@code ...:resolver-endpoint/ID} and
 * {@code ...:resolver-query-log-config/ID}. Rule associations have none (AWS gives them no ARN).
 * The id is the {@code /v1} id, so an ARN is stable and names its resource whatever the region in
 * it. Stateless.
 */
public final class ResolverArns {
  private static final Pattern ARN =
      Pattern.compile(
          "arn:aws:route53resolver:([a-z0-9-]+):([0-9]{12}):([a-z-]+)/([A-Za-z0-9-]{1,64})");

  private ResolverArns() {}

  /** The kinds of resource that have an ARN, by the resource type of the ARN. */
  public enum Kind {
    RULE("resolver-rule"),
    ENDPOINT("resolver-endpoint"),
    QUERY_LOG_CONFIG("resolver-query-log-config");

    private final String resourceType;

    Kind(String resourceType) {
      this.resourceType = resourceType;
    }

    public String resourceType() {
      return resourceType;
    }
  }

  /** A parsed ARN. Immutable. */
  public record Arn(String region, String accountId, Kind kind, String id) {
    @Override
    public String toString() {
      return of(kind, region, accountId, id);
    }
  }

  /** The ARN of a resource of {@code kind} with the {@code /v1} id {@code id}. */
  public static String of(Kind kind, String region, String accountId, String id) {
    return "arn:aws:route53resolver:"
        + region
        + ":"
        + accountId
        + ":"
        + kind.resourceType()
        + "/"
        + id;
  }

  /** The ARN of a resolver rule: what AWS RAM names a shared rule by. */
  public static String rule(String region, String accountId, String ruleId) {
    return of(Kind.RULE, region, accountId, ruleId);
  }

  /**
   * The ARN {@code text} names, or empty when it is not the ARN of a Route 53 Resolver resource.
   */
  public static Optional<Arn> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = ARN.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Arrays.stream(Kind.values())
        .filter(kind -> kind.resourceType().equals(m.group(3)))
        .findFirst()
        .map(kind -> new Arn(m.group(1), m.group(2), kind, m.group(4)));
  }
}
