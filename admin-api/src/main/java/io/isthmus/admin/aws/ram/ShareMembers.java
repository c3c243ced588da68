package io.isthmus.admin.aws.ram;

import java.util.List;

/**
 * The rules and principal accounts a request adds to or removes from a resource share, as the
 * caller named them. Immutable.
 *
 * @param ruleArns the rules' ARNs, read where the share's write looks the rules up
 * @param accountIds the principals, each checked to be an account id before anything is written
 */
record ShareMembers(List<String> ruleArns, List<String> accountIds) {
  ShareMembers {
    ruleArns = List.copyOf(ruleArns);
    accountIds = List.copyOf(accountIds);
    Principals.requireAccountIds(accountIds);
  }

  /** The {@code resourceArns} and {@code principals} of a request. */
  static ShareMembers of(RamRequest request) {
    if (!request.strings("sources").isEmpty()) {
      throw RamError.invalidParameter(
          "Isthmus shares with accounts only: sources (service principals) are not supported.");
    }
    return new ShareMembers(request.strings("resourceArns"), request.strings("principals"));
  }
}
