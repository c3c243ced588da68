/**
 * A server-side verifier of AWS Signature Version 4 (SigV4), for the AWS-compatible facade: a
 * request received by the facade is described as a {@link io.isthmus.admin.aws.sigv4.SignedRequest}
 * and checked by {@link io.isthmus.admin.aws.sigv4.SigV4Verifier}, which answers with a {@link
 * io.isthmus.admin.aws.sigv4.Verification}. Plain Java on purpose (no Spring, no servlet types), so
 * it can be tested against requests signed by real AWS clients without a web stack.
 *
 * <p>Null-marked: types are non-null unless annotated {@code @Nullable} (NullAway).
 */
@NullMarked
package io.isthmus.admin.aws.sigv4;

import org.jspecify.annotations.NullMarked;
