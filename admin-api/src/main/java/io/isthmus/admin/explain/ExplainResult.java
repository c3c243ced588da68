package io.isthmus.admin.explain;

/**
 * An explanation and the owner of the VPC it was made in, which decides who may see it. Immutable.
 *
 * @param vpcAccountId the account owning the VPC the query resolves in; null when no VPC does
 * @param explanation the response body
 */
public record ExplainResult(String vpcAccountId, ExplainJson explanation) {}
