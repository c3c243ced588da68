package io.isthmus.config;

/** A tag of an account's resource, named by the resource's id (AWS-compatible API). Immutable. */
public record ResourceTag(String accountId, String resourceId, String key, String value) {}
