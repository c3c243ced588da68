package io.isthmus.admin;

/**
 * The configuration version of the snapshot this node serves. A change is {@code INSYNC} once this
 * reaches the version the change committed as, {@code PENDING} before. The application wires it to
 * its snapshot holder; it must be cheap and thread-safe.
 */
@FunctionalInterface
public interface AppliedVersion {
  long appliedVersion();
}
