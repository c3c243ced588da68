package io.isthmus.admin.endpoints;

import io.isthmus.admin.Ids;
import io.isthmus.admin.ResourceNames;
import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.config.Cidr;
import io.isthmus.config.FieldError;
import io.isthmus.config.ResolverEndpoint.Direction;
import io.isthmus.config.TargetAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request to create a resolver endpoint. Immutable.
 *
 * @param name 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit
 * @param direction INBOUND or OUTBOUND
 * @param vpcId the caller's VPC
 * @param ipAddresses {@value #MIN_ADDRESSES} to {@value #MAX_ADDRESSES} addresses (Route 53's
 *     limits), none twice
 * @param allowedSourceCidrs INBOUND only: up to {@value #MAX_CIDRS} blocks; absent: every source
 */
public record EndpointSpec(
    String name,
    String direction,
    String vpcId,
    List<AddressSpec> ipAddresses,
    List<String> allowedSourceCidrs) {
  public static final int MIN_ADDRESSES = 2;
  public static final int MAX_ADDRESSES = 6;

  /** EC2's default limit of inbound rules per security group, the model of this list. */
  static final int MAX_CIDRS = 60;

  /** What an INBOUND endpoint created without allowedSourceCidrs allows: every source. */
  static final List<String> EVERY_SOURCE =
      List.of(
          Cidr.parse("0.0.0.0/0").orElseThrow().toString(),
          Cidr.parse("::/0").orElseThrow().toString());

  /** Every problem with the fields on their own. */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    ResourceNames.requireName(name, errors);
    if (direction == null) {
      errors.add(new FieldError("direction", "direction is required"));
    } else if (parsedDirection().isEmpty()) {
      errors.add(new FieldError("direction", "must be INBOUND or OUTBOUND"));
    }
    if (vpcId == null) {
      errors.add(new FieldError("vpcId", "vpcId is required"));
    } else if (!Ids.isVpcId(vpcId)) {
      errors.add(new FieldError("vpcId", "must be vpc- and 17 hexadecimal digits"));
    }
    errors.addAll(
        AddressSpec.validateAll("ipAddresses", ipAddresses, MIN_ADDRESSES, MAX_ADDRESSES));
    if (allowedSourceCidrs != null) {
      checkCidrs(errors);
    }
    return errors;
  }

  /** The direction of a valid spec. */
  public Direction directionValue() {
    return parsedDirection().orElseThrow();
  }

  /** The addresses of a valid spec, in stored form. */
  public List<TargetAddress> addresses() {
    return AddressSpec.toTargets(ipAddresses);
  }

  /**
   * The allowed source CIDRs of a valid spec in canonical form. An INBOUND endpoint without them
   * stores both "every address" blocks explicitly, so that the data plane never has to guess what
   * an empty list means.
   */
  public List<String> cidrs() {
    if (directionValue() == Direction.OUTBOUND) {
      return List.of();
    }
    if (allowedSourceCidrs == null) {
      return EVERY_SOURCE;
    }
    return allowedSourceCidrs.stream()
        .map(text -> Cidr.parse(text).orElseThrow().toString())
        .toList();
  }

  private Optional<Direction> parsedDirection() {
    return Arrays.stream(Direction.values()).filter(d -> d.name().equals(direction)).findFirst();
  }

  private void checkCidrs(List<FieldError> errors) {
    if (parsedDirection().equals(Optional.of(Direction.OUTBOUND))) {
      errors.add(
          new FieldError("allowedSourceCidrs", "only an INBOUND endpoint has allowed sources"));
      return;
    }
    if (allowedSourceCidrs.isEmpty() || allowedSourceCidrs.size() > MAX_CIDRS) {
      // An empty list would read as "nobody" to some and "everybody" to others: refuse it.
      errors.add(
          new FieldError(
              "allowedSourceCidrs",
              "must list 1 to " + MAX_CIDRS + " CIDR blocks; leave it out to allow every source"));
    }
    List<Cidr> seen = new ArrayList<>();
    for (int i = 0; i < allowedSourceCidrs.size(); i++) {
      String field = "allowedSourceCidrs[" + i + "]";
      String text = allowedSourceCidrs.get(i);
      Optional<Cidr> cidr = Cidr.parse(text);
      Cidr valid = null;
      if (cidr.isEmpty()) {
        errors.add(new FieldError(field, "not a CIDR block such as 10.0.0.0/16"));
      } else if (!hostBitsClear(text, cidr.get())) {
        errors.add(new FieldError(field, "host bits are set; did you mean " + cidr.get() + "?"));
      } else if (seen.contains(cidr.get())) {
        int first = seen.indexOf(cidr.get());
        errors.add(new FieldError(field, "duplicates allowedSourceCidrs[" + first + "]"));
      } else {
        valid = cidr.get();
      }
      // A placeholder for an invalid block keeps the indexes of the list.
      seen.add(valid);
    }
  }

  /** As for VPC CIDRs: {@code 10.0.0.1/16} is refused with a hint rather than guessed at. */
  private static boolean hostBitsClear(String text, Cidr cidr) {
    String host = text.substring(0, text.indexOf('/')).trim();
    try {
      // Cidr.parse accepted it, so this is an address literal: no name look-up happens.
      return Arrays.equals(InetAddress.getByName(host).getAddress(), cidr.address());
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
