package io.isthmus.admin.aws.ram;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The ARNs of RAM's resource shares, {@code arn:aws:ram:<region>:<account>:resource-share/<uuid>},
 * and of their invitations, {@code ...:resource-share-invitation/<uuid>}. An invitation is not
 * stored: shares are accepted as they are made, so its id is derived from the share and the
 * principal it invites. Stateless.
 */
final class RamArns {
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private RamArns() {}

  /** A new resource share's ARN. */
  static String newShareArn(String region, String accountId) {
    return "arn:aws:ram:" + region + ":" + accountId + ":resource-share/" + UUID.randomUUID();
  }

  /** The invitation of {@code principal} to the share. */
  static String invitationArn(String shareArn, String principal) {
    Arn share = Arn.parse(shareArn);
    UUID id = UUID.nameUUIDFromBytes((shareArn + "|" + principal).getBytes(StandardCharsets.UTF_8));
    return "arn:aws:ram:"
        + share.region()
        + ":"
        + share.accountId()
        + ":resource-share-invitation/"
        + id;
  }

  /**
   * Checks that {@code arn} is a resource share's: MalformedArnException if it is not an ARN of
   * RAM's, InvalidParameterException if it names something else.
   */
  static String requireShareArn(String arn) {
    return require(arn, "resource-share/");
  }

  /** As {@link #requireShareArn}, for an invitation's ARN. */
  static String requireInvitationArn(String arn) {
    return require(arn, "resource-share-invitation/");
  }

  private static String require(String arn, String resourcePrefix) {
    Arn parsed = Arn.parse(arn);
    if (!parsed.service().equals("ram")
        || parsed.accountId().isEmpty()
        || !parsed.resource().startsWith(resourcePrefix)) {
      throw RamError.malformedArn(arn);
    }
    if (!UUID_TEXT.matcher(parsed.resource().substring(resourcePrefix.length())).matches()) {
      throw RamError.malformedArn(arn);
    }
    return arn;
  }
}
