package io.isthmus.config;

import java.time.Instant;

/**
 * A rule or a principal account of a {@link ResourceShare}, and when it joined the share.
 * Immutable.
 *
 * @param memberId a resolver rule id, or an account id
 */
public record ResourceShareMember(String shareArn, String memberId, Instant associatedAt) {}
