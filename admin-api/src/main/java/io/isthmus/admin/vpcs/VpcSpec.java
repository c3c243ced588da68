package io.isthmus.admin.vpcs;

import io.isthmus.admin.ResourceNames;
import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.config.Cidr;
import io.isthmus.config.FieldError;
import io.isthmus.config.TargetAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request to create a VPC. Immutable.
 *
 * @param name 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit
 * @param region a region name in AWS's shape: lower-case words and a number joined by '-' ({@code
 *     us-east-1}, {@code us-gov-west-1}, {@code onprem-1})
 * @param cidrs one or more IPv4 or IPv6 CIDR blocks, not overlapping each other
 * @param resolverAddresses null, or 1 to {@value #MAX_RESOLVER_ADDRESSES} listener addresses that
 *     decide this VPC for the queries arriving on them (docs/spec/resolution.md section 1), none
 *     twice
 */
public record VpcSpec(
    String name, String region, List<String> cidrs, List<AddressSpec> resolverAddresses) {

  /** As many as an endpoint may have: what one VPC's resolver needs, not an address plan. */
  static final int MAX_RESOLVER_ADDRESSES = 6;

  /** A VPC found by the source address of its queries. */
  public VpcSpec(String name, String region, List<String> cidrs) {
    this(name, region, cidrs, null);
  }

  /** Every problem with the fields on their own, each CIDR reported at its index. */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    ResourceNames.requireName(name, errors);
    if (region == null) {
      errors.add(new FieldError("region", "region is required"));
    } else if (!ResourceNames.isRegion(region)) {
      errors.add(new FieldError("region", "must look like us-east-1"));
    }
    if (cidrs == null || cidrs.isEmpty()) {
      errors.add(new FieldError("cidrs", "at least one CIDR block is required"));
    } else {
      checkCidrs(errors);
    }
    if (resolverAddresses != null) {
      errors.addAll(
          AddressSpec.validateAll(
              "resolverAddresses", resolverAddresses, 1, MAX_RESOLVER_ADDRESSES));
    }
    return errors;
  }

  /** The resolver addresses of a valid spec in stored form; empty when none were given. */
  public List<TargetAddress> addresses() {
    return resolverAddresses == null ? List.of() : AddressSpec.toTargets(resolverAddresses);
  }

  /** The parsed CIDR blocks of a valid spec, in the order given. */
  public List<Cidr> parsedCidrs() {
    return cidrs.stream().map(text -> Cidr.parse(text).orElseThrow()).toList();
  }

  private void checkCidrs(List<FieldError> errors) {
    List<Cidr> valid = new ArrayList<>();
    List<Integer> validIndexes = new ArrayList<>();
    for (int i = 0; i < cidrs.size(); i++) {
      String field = "cidrs[" + i + "]";
      String text = cidrs.get(i);
      Optional<Cidr> cidr = Cidr.parse(text);
      if (cidr.isEmpty()) {
        errors.add(new FieldError(field, "not a CIDR block such as 10.0.0.0/16"));
        continue;
      }
      if (!hostBitsClear(text, cidr.get())) {
        // EC2 rejects 10.0.0.1/16 rather than guessing what was meant; so do we, with a hint.
        errors.add(new FieldError(field, "host bits are set; did you mean " + cidr.get() + "?"));
        continue;
      }
      for (int j = 0; j < valid.size(); j++) {
        if (valid.get(j).overlaps(cidr.get())) {
          errors.add(new FieldError(field, "overlaps cidrs[" + validIndexes.get(j) + "]"));
        }
      }
      valid.add(cidr.get());
      validIndexes.add(i);
    }
  }

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
