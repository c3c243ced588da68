package io.isthmus.config;

/**
 * The store cannot be reached at all (not open yet, connection refused, timed out): the request may
 * succeed later unchanged, unlike a refused write. The admin API answers it with 503.
 */
public class StoreUnavailableException extends StoreException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreUnavailableException(String message) {
    super(message);
  }
}
