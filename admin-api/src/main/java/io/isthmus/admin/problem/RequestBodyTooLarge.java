package io.isthmus.admin.problem;

import java.io.IOException;

/**
 * Thrown while reading a request body that is longer than the limit, or declares to be. An {@link
 * IOException}, so that it travels out of the JSON reader like any read error; the problem handler
 * recognises it in the cause chain and answers 413. Immutable.
 */
public final class RequestBodyTooLarge extends IOException {
  private static final long serialVersionUID = 1L;

  private final long maxBytes;

  public RequestBodyTooLarge(long maxBytes) {
    super("the request body is larger than " + maxBytes + " bytes");
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The exception in {@code thrown}'s cause chain, or null. */
  public static RequestBodyTooLarge in(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestBodyTooLarge tooLarge) {
        return tooLarge;
      }
      if (cause.getCause() == cause) {
        return null;
      }
    }
    return null;
  }
}
