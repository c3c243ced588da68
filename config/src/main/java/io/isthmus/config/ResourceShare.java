package io.isthmus.config;

import java.time.Instant;

/**
 * A resource share made through the AWS-compatible API's RAM calls (docs/aws-api.md): an account's
 * named set of its resolver rules ({@link ResourceShareMember}) and of the accounts they are shared
 * with, in one region. The rules' shares themselves are {@code /v1}'s, which the facade keeps in
 * step with this. Immutable.
 *
 * @param arn {@code arn:aws:ram:<region>:<account>:resource-share/<uuid>}, unique
 * @param clientToken the token the share was created with, if any: a retry names it again
 */
public record ResourceShare(
    String arn,
    String accountId,
    String region,
    String name,
    boolean allowExternalPrincipals,
    String clientToken,
    Instant createdAt) {}
