package io.isthmus.admin.addresses;

import io.isthmus.config.FieldError;
import io.isthmus.config.TargetAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@code {"ip","port"?}} of a request: an endpoint address or a forwarding target. Only address
 * literals are accepted, never names: the API must not resolve anything while validating, and a
 * listener or target that depends on DNS would be a loop waiting to happen. Immutable.
 *
 * @param ip an IPv4 or IPv6 address literal
 * @param port 1 to 65535; {@value TargetAddress#DNS_PORT} when null
 */
public record AddressSpec(String ip, Integer port) {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

  /** Hex digits, colons and an optional dotted IPv4 tail; no zone id ({@code %eth0}). */
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private static final int MAX_PORT = 65535;

  /**
   * Every problem with a list of addresses: the count, each address, and an address given twice.
   *
   * @param field the list's field name, e.g. {@code ipAddresses}
   * @param addresses the list; a null element stands for one of the wrong JSON type, already
   *     reported
   * @param min at least this many addresses (a null list counts as none)
   * @param max at most this many
   */
  public static List<FieldError> validateAll(
      String field, List<AddressSpec> addresses, int min, int max) {
    List<FieldError> errors = new ArrayList<>();
    int count = addresses == null ? 0 : addresses.size();
    if (count < min || count > max) {
      errors.add(new FieldError(field, "must list " + min + " to " + max + " addresses"));
    }
    if (addresses == null) {
      return errors;
    }
    List<TargetAddress> seen = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      AddressSpec address = addresses.get(i);
      String at = field + "[" + i + "]";
      List<FieldError> own = address == null ? List.of() : address.validate(at);
      errors.addAll(own);
      TargetAddress target = address == null || !own.isEmpty() ? null : address.toTarget();
      int first = seen.indexOf(target);
      if (target != null && first >= 0) {
        errors.add(new FieldError(at, "duplicates " + field + "[" + first + "]"));
      }
      seen.add(target);
    }
    return errors;
  }

  /** The addresses of a list that {@link #validateAll} accepted, in stored form. */
  public static List<TargetAddress> toTargets(List<AddressSpec> addresses) {
    return addresses.stream().map(AddressSpec::toTarget).toList();
  }

  /** {@code 10.0.0.2:53} or {@code [fd00:0:0:0:0:0:0:2]:53}, for messages. */
  public static String describe(TargetAddress address) {
    String ip = address.ip().contains(":") ? "[" + address.ip() + "]" : address.ip();
    return ip + ":" + address.port();
  }

  /** Problems of this address on its own, reported under {@code field}. */
  public List<FieldError> validate(String field) {
    List<FieldError> errors = new ArrayList<>();
    if (ip == null) {
      errors.add(new FieldError(field + ".ip", "ip is required"));
    } else {
      Optional<InetAddress> address = literal(ip);
      if (address.isEmpty()) {
        errors.add(
            new FieldError(field + ".ip", "must be an IPv4 or IPv6 address (names are not used)"));
      } else if (address.get().isAnyLocalAddress() || address.get().isMulticastAddress()) {
        errors.add(new FieldError(field + ".ip", "must be a unicast address"));
      }
    }
    if (port != null && (port < 1 || port > MAX_PORT)) {
      errors.add(new FieldError(field + ".port", "must be within 1.." + MAX_PORT));
    }
    return errors;
  }

  /**
   * The address in stored form: the IP as {@link InetAddress#getHostAddress} writes it (the form
   * VPC CIDRs use), so that equal addresses compare equal as text. Only for a valid address.
   */
  public TargetAddress toTarget() {
    String canonical = literal(ip).orElseThrow().getHostAddress();
    return new TargetAddress(canonical, port == null ? TargetAddress.DNS_PORT : port);
  }

  private static Optional<InetAddress> literal(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    if (!v4 && !IPV6.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      // Only literals get here, so this parses and never looks a name up.
      InetAddress address = InetAddress.getByName(text);
      // Java reads an IPv4-mapped IPv6 literal as IPv4; refuse it, as Cidr.parse does.
      return v4 || address instanceof Inet6Address ? Optional.of(address) : Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
