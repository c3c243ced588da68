package io.isthmus.admin.auth;

import io.isthmus.admin.problem.ApiException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The visibility rule shared by account-owned resources (docs/spec/admin-api.md "Conventions"): the
 * owner acts on it, the operator reads it, and to everyone else it does not exist — a 404, so its
 * id reveals nothing.
 *
 * <p>Every request checks, in this order: that each resource it names, in its path or its body, is
 * visible to the caller (404 with that resource's code); that the caller may do this to it (403);
 * that its input is valid (400, every problem listed); that it does not conflict with what exists
 * (409). Because the first check depends only on what the caller can see, no later answer can tell
 * another account's resource from one that does not exist. Stateless.
 */
public final class Visibility {
  private Visibility() {}

  /** The resource if the caller may read it (owner or operator). */
  public static <T> T readable(
      Optional<T> found,
      Function<T, String> owner,
      Caller caller,
      Supplier<ApiException> notFound) {
    T resource = found.orElseThrow(notFound);
    if (!caller.canRead(owner.apply(resource))) {
      throw notFound.get();
    }
    return resource;
  }

  /**
   * The resource if the caller owns it. Visibility comes first: to an account a resource of another
   * is not found (404); the operator sees it, but owns nothing, so it is denied (403 AccessDenied)
   * only once the resource is known to exist.
   */
  public static <T> T owned(
      Optional<T> found,
      Function<T, String> owner,
      Caller caller,
      Supplier<ApiException> notFound) {
    T resource = readable(found, owner, caller, notFound);
    caller.account(); // AccessDenied for the operator
    return resource;
  }

  /**
   * The resource a request body names, resolved before the body is validated; null when the body
   * gives no id of the right shape, which its validation then reports. A malformed id cannot name
   * anyone's resource, so reporting it as invalid input reveals nothing.
   */
  public static <T> T named(String id, Predicate<String> wellFormed, Function<String, T> resolve) {
    return id != null && wellFormed.test(id) ? resolve.apply(id) : null;
  }
}
