package io.isthmus.config;

/** A resolver rule associated with a VPC. Immutable. */
public record RuleAssociation(String id, String ruleId, String vpcId) {}
