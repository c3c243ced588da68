package io.isthmus.admin.vpcs;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.Vpc;

/**
 * Who may see and act on a VPC: its owner; the operator may read it. A VPC of another account is
 * answered as if it did not exist, so its id reveals nothing (docs/spec/admin-api.md
 * "Conventions"). Stateless.
 */
public final class VpcAccess {
  private VpcAccess() {}

  /** The VPC if it exists at all, whoever owns it. */
  public static Vpc existing(ConfigReader reader, String vpcId) {
    return reader.vpc(vpcId).orElseThrow(() -> noSuchVpc(vpcId));
  }

  /** The VPC if the caller may read it. */
  public static Vpc readable(ConfigReader reader, Caller caller, String vpcId) {
    return Visibility.readable(reader.vpc(vpcId), Vpc::accountId, caller, () -> noSuchVpc(vpcId));
  }

  /** The VPC if the caller owns it; the operator is denied, it owns nothing. */
  public static Vpc owned(ConfigReader reader, Caller caller, String vpcId) {
    return Visibility.owned(reader.vpc(vpcId), Vpc::accountId, caller, () -> noSuchVpc(vpcId));
  }

  private static ApiException noSuchVpc(String vpcId) {
    return ApiException.notFound("NoSuchVpc", "No VPC with id " + vpcId + ".");
  }
}
