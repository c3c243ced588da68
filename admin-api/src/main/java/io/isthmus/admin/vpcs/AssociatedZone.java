package io.isthmus.admin.vpcs;

/** A hosted zone associated with a VPC, as the VPC's owner sees it. Immutable. */
public record AssociatedZone(String hostedZoneId, String name, String ownerAccountId) {}
