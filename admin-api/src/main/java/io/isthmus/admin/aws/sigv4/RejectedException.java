package io.isthmus.admin.aws.sigv4;

/**
 * Carries a {@link Verification.Rejected} out of the verifier's steps, so that each step can stop
 * the verification where it finds the fault. Internal: {@link SigV4Verifier#verify} turns it into
 * its result and never lets it escape. Without a stack trace, since it is an expected outcome
 * (every unsigned or forged request makes one) and the trace would only cost time.
 */
final class RejectedException extends Exception {
  private final Verification.Rejected rejection;

  RejectedException(RejectionCode code, String message) {
    super(message, null, false, false);
    this.rejection = new Verification.Rejected(code, message);
  }

  static RejectedException incomplete(String message) {
    return new RejectedException(RejectionCode.INCOMPLETE_SIGNATURE, message);
  }

  Verification.Rejected rejection() {
    return rejection;
  }
}
