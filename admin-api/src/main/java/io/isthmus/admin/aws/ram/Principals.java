package io.isthmus.admin.aws.ram;

import io.isthmus.admin.Ids;
import java.util.List;

/**
 * The principals a resource share may name in Isthmus: 12-digit ids of accounts. AWS RAM also takes
 * organizations, organizational units, IAM roles and users and service principals; Isthmus has none
 * of them. Stateless.
 */
final class Principals {
  private Principals() {}

  /**
   * Checks that every principal is an account id.
   *
   * @throws RamError InvalidParameterException for an organization, an OU or any other principal
   *     that is not an account id; MalformedArnException for an ARN that is not one
   */
  static void requireAccountIds(List<String> principals) {
    for (String principal : principals) {
      if (Ids.isAccountId(principal)) {
        continue;
      }
      if (!principal.startsWith("arn:")) {
        throw RamError.invalidParameter(
            "The principal " + principal + " is not a 12-digit account id.");
      }
      Arn arn = Arn.parse(principal);
      if (arn.service().equals("organizations")) {
        throw RamError.invalidParameter(
            "Isthmus has no organizations: share with account ids, not " + principal + ".");
      }
      throw RamError.invalidParameter(
          "Isthmus shares with account ids only, not with " + principal + ".");
    }
  }
}
