package io.isthmus.admin.associations;

/**
 * A VPC the zone owner allowed to be associated with its zone, as Route 53's
 * CreateVPCAssociationAuthorization records it. {@code region} is null if the VPC was deleted
 * since. Immutable.
 */
public record Authorization(String hostedZoneId, String vpcId, String region) {}
