package io.isthmus.admin.endpoints;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ResolverEndpoint;

/**
 * Who may see and act on a resolver endpoint: only its owner; the operator may read it. To anyone
 * else, an account a rule forwarding through it is shared with included, it does not exist
 * (docs/spec/admin-api.md "Visibility across accounts"). Stateless.
 */
public final class EndpointAccess {
  private EndpointAccess() {}

  /** The endpoint if the caller may read it. */
  public static ResolverEndpoint readable(ConfigReader reader, Caller caller, String endpointId) {
    return Visibility.readable(
        reader.endpoint(endpointId),
        ResolverEndpoint::accountId,
        caller,
        () -> noSuchEndpoint(endpointId));
  }

  /** The endpoint if the caller owns it; the operator is denied, it owns nothing. */
  public static ResolverEndpoint owned(ConfigReader reader, Caller caller, String endpointId) {
    return Visibility.owned(
        reader.endpoint(endpointId),
        ResolverEndpoint::accountId,
        caller,
        () -> noSuchEndpoint(endpointId));
  }

  private static ApiException noSuchEndpoint(String endpointId) {
    return ApiException.notFound(
        "ResourceNotFound", "No resolver endpoint with id " + endpointId + ".");
  }
}
