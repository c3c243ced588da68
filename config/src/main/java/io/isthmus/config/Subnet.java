package io.isthmus.config;

/**
 * A subnet of a VPC, made through the AWS-compatible API's EC2 calls (docs/aws-api.md "EC2"): a
 * CIDR block within one of its VPC's, in an availability zone of the VPC's region. Isthmus routes
 * nothing by subnet; resolver endpoints take their VPC and addresses from subnets. Immutable.
 */
public record Subnet(
    String id, String accountId, String vpcId, String cidr, String availabilityZone) {}
