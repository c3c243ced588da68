package io.isthmus.admin.addresses;

import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.FieldError;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverEndpoint.Direction;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ip:ports the configuration claims: the addresses of resolver endpoints and the resolver
 * addresses of VPCs (docs/spec/resolution.md section 1). A node binds each once, and an address
 * claimed twice would make the VPC of a query arriving there ambiguous. A rule associated with a
 * VPC must not forward to one of that VPC's listeners: the query would come back in, match the same
 * rule and go out again (section 5). Stateless.
 */
public final class ListenerAddresses {
  private ListenerAddresses() {}

  /**
   * What claims an address.
   *
   * @param accountId its owner
   * @param description "inbound endpoint rslvr-in-…", "resolver endpoint rslvr-out-…" or "the
   *     resolver of VPC vpc-…", to follow "an address of"
   */
  public record Claim(String accountId, String description) {}

  /** Each address the VPC's INBOUND endpoints and the VPC's own resolver listen on. */
  public static Map<TargetAddress, Claim> listenersOf(ConfigReader reader, Vpc vpc) {
    Map<TargetAddress, Claim> listeners = new HashMap<>();
    for (ResolverEndpoint endpoint : reader.endpoints()) {
      if (endpoint.direction() == Direction.INBOUND && endpoint.vpcId().equals(vpc.id())) {
        endpoint.ipAddresses().forEach(address -> listeners.put(address, claim(endpoint)));
      }
    }
    vpc.resolverAddresses().forEach(address -> listeners.put(address, claim(vpc)));
    return listeners;
  }

  /**
   * Each of {@code addresses} that an endpoint or a VPC already claims, reported at {@code
   * field[i]}. The claimant is named only if the caller owns it, as with overlapping VPC CIDRs.
   */
  public static List<FieldError> inUse(
      ConfigReader reader, Account account, String field, List<TargetAddress> addresses) {
    List<FieldError> errors = new ArrayList<>();
    if (addresses.isEmpty()) {
      return errors;
    }
    List<ResolverEndpoint> endpoints = reader.endpoints();
    List<Vpc> vpcs = reader.vpcsWithResolverAddresses();
    for (int i = 0; i < addresses.size(); i++) {
      Optional<Claim> claim = claimOf(addresses.get(i), endpoints, vpcs);
      if (claim.isPresent()) {
        String message =
            claim.get().accountId().equals(account.id())
                ? "is already an address of " + claim.get().description()
                : "is already an address of a resolver endpoint or VPC of another account";
        errors.add(new FieldError(field + "[" + i + "]", message));
      }
    }
    return errors;
  }

  /** Every address an endpoint or a VPC claims. */
  public static Set<TargetAddress> claimed(ConfigReader reader) {
    Set<TargetAddress> claimed = new HashSet<>();
    reader.endpoints().forEach(endpoint -> claimed.addAll(endpoint.ipAddresses()));
    reader.vpcsWithResolverAddresses().forEach(vpc -> claimed.addAll(vpc.resolverAddresses()));
    return claimed;
  }

  /**
   * Throws InvalidRequest listing every address of {@link #inUse}, if any.
   *
   * @throws ApiException InvalidRequest
   */
  public static void requireFree(
      ConfigReader reader, Account account, String field, List<TargetAddress> addresses) {
    List<FieldError> errors = inUse(reader, account, field, addresses);
    if (!errors.isEmpty()) {
      throw ApiException.invalidRequest("Some addresses are already in use.", errors);
    }
  }

  private static Optional<Claim> claimOf(
      TargetAddress address, List<ResolverEndpoint> endpoints, List<Vpc> vpcs) {
    for (ResolverEndpoint endpoint : endpoints) {
      if (endpoint.ipAddresses().contains(address)) {
        return Optional.of(claim(endpoint));
      }
    }
    for (Vpc vpc : vpcs) {
      if (vpc.resolverAddresses().contains(address)) {
        return Optional.of(claim(vpc));
      }
    }
    return Optional.empty();
  }

  private static Claim claim(ResolverEndpoint endpoint) {
    String kind = endpoint.direction() == Direction.INBOUND ? "inbound" : "resolver";
    return new Claim(endpoint.accountId(), kind + " endpoint " + endpoint.id());
  }

  private static Claim claim(Vpc vpc) {
    return new Claim(vpc.accountId(), "the resolver of VPC " + vpc.id());
  }
}
