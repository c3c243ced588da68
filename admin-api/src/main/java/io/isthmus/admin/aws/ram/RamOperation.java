package io.isthmus.admin.aws.ram;

import java.util.Arrays;
import java.util.Optional;

/**
 * The RAM operations Isthmus serves (docs/aws-api.md "RAM"), by the method and path of AWS RAM's
 * REST-JSON protocol (API version 2018-01-04): one path per operation, which names it.
 */
public enum RamOperation {
  CREATE_RESOURCE_SHARE("POST", "/createresourceshare", "CreateResourceShare"),
  ASSOCIATE_RESOURCE_SHARE("POST", "/associateresourceshare", "AssociateResourceShare"),
  DISASSOCIATE_RESOURCE_SHARE("POST", "/disassociateresourceshare", "DisassociateResourceShare"),
  DELETE_RESOURCE_SHARE("DELETE", "/deleteresourceshare", "DeleteResourceShare"),
  GET_RESOURCE_SHARES("POST", "/getresourceshares", "GetResourceShares"),
  GET_RESOURCE_SHARE_ASSOCIATIONS(
      "POST", "/getresourceshareassociations", "GetResourceShareAssociations"),
  GET_RESOURCE_SHARE_INVITATIONS(
      "POST", "/getresourceshareinvitations", "GetResourceShareInvitations"),
  ACCEPT_RESOURCE_SHARE_INVITATION(
      "POST", "/acceptresourceshareinvitation", "AcceptResourceShareInvitation"),
  LIST_RESOURCE_SHARE_PERMISSIONS(
      "POST", "/listresourcesharepermissions", "ListResourceSharePermissions");

  private final String method;
  private final String path;
  private final String operationName;

  RamOperation(String method, String path, String operationName) {
    this.method = method;
    this.path = path;
    this.operationName = operationName;
  }

  /** The operation's name in the RAM API, as the audit trail records it. */
  public String operationName() {
    return operationName;
  }

  String method() {
    return method;
  }

  /** The operation at {@code path}, whatever the method. */
  public static Optional<RamOperation> atPath(String path) {
    return Arrays.stream(values()).filter(op -> op.path.equals(path)).findFirst();
  }
}
