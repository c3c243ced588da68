package io.isthmus.config;

/**
 * A security group of a VPC, made through the AWS-compatible API's EC2 calls: stored so that the
 * clients that name one find it, never enforced (Isthmus filters no traffic). Immutable.
 */
public record SecurityGroup(
    String id, String accountId, String vpcId, String name, String description) {}
