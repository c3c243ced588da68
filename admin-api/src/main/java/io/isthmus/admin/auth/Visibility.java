package io.isthmus.admin.auth;

import io.isthmus.admin.problem.ApiException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The visibility rule shared by account-owned resources (admin-api.md "Conventions"): the owner
 * acts on it, the operator reads it, and to everyone else it does not exist — a 404, so its id
 * reveals nothing. Stateless.
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

  /** The resource if the caller owns it; the operator is denied (it owns nothing). */
  public static <T> T owned(
      Optional<T> found,
      Function<T, String> owner,
      Caller caller,
      Supplier<ApiException> notFound) {
    String account = caller.account().id();
    T resource = found.orElseThrow(notFound);
    if (!owner.apply(resource).equals(account)) {
      throw notFound.get();
    }
    return resource;
  }
}
