package io.isthmus.admin.aws.ram;

import io.isthmus.config.ResourceShare;
import io.isthmus.config.ResourceShareMember;

/**
 * The invitation of a principal account to a resource share: not stored, but derived from the
 * principal's membership, already accepted (docs/aws-api.md "RAM"). Immutable.
 */
record Invitation(ResourceShare share, ResourceShareMember principal) {
  String arn() {
    return RamArns.invitationArn(share.arn(), principal.memberId());
  }
}
