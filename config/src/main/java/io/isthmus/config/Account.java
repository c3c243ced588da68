package io.isthmus.config;

/** An account (a team or AWS-style account) that owns VPCs, zones and rules. Immutable. */
public record Account(String id, String name) {}
