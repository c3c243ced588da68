package io.isthmus.admin.explain;

import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Cidr;
import io.isthmus.config.DnsNames;
import io.isthmus.config.FieldError;
import io.isthmus.config.TargetAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Type;

/**
 * A validated explain request: exactly one of {@code vpcId} and {@code sourceIp}, the listener a
 * query from {@code sourceIp} arrives on (optional), a normalized name and a type mnemonic.
 * Immutable.
 *
 * @param vpcId the VPC to resolve in, or null
 * @param sourceIp the client address whose VPC resolves, as a canonical IP literal, or null
 * @param listener the ip:port the query arrives on (an inbound endpoint's or a VPC resolver's
 *     address decides the VPC); null for the node's main listener
 * @param name absolute, lower case, IDN labels as A-labels
 * @param type the upper-case mnemonic of a record type, or ANY
 */
public record ExplainQuery(
    String vpcId, String sourceIp, TargetAddress listener, String name, String type) {

  private static final int MAX_PORT = 65535;

  /** dig asks for A when no type is given; so does explain. */
  static final String DEFAULT_TYPE = "A";

  /**
   * Reads the query parameters as given, reporting every problem at once.
   *
   * @throws ApiException InvalidInput listing each bad or missing parameter
   */
  static ExplainQuery parse(
      String vpcId, String sourceIp, String listener, String name, String type) {
    List<FieldError> errors = new ArrayList<>();
    String vpc = blankToNull(vpcId);
    String source = blankToNull(sourceIp);
    TargetAddress arrival = null;
    if (blankToNull(listener) != null) {
      arrival = listenerAddress(listener.trim()).orElse(null);
      if (arrival == null) {
        errors.add(new FieldError("listener", "must be ip:port, [ipv6]:port or an ip (port 53)"));
      } else if (source == null) {
        errors.add(new FieldError("listener", "goes with sourceIp: it decides the VPC instead"));
      }
    }
    if (vpc == null && source == null) {
      errors.add(new FieldError("vpcId", "give vpcId or sourceIp"));
    } else if (vpc != null && source != null) {
      errors.add(new FieldError("sourceIp", "give either vpcId or sourceIp, not both"));
    }
    String address = null;
    if (source != null) {
      address = literal(source).orElse(null);
      if (address == null) {
        errors.add(new FieldError("sourceIp", "must be an IPv4 or IPv6 address"));
      }
    }
    String normalized = null;
    if (blankToNull(name) == null) {
      errors.add(new FieldError("name", "is required"));
    } else {
      normalized = DnsNames.normalize(name).orElse(null);
      if (normalized == null) {
        errors.add(new FieldError("name", "must be a valid DNS name"));
      }
    }
    String mnemonic =
        blankToNull(type) == null ? DEFAULT_TYPE : type.trim().toUpperCase(Locale.ROOT);
    int value = Type.value(mnemonic);
    // Meta types (AXFR, OPT, TSIG, ...) are not questions a resolver answers from data.
    if (value < 0 || (!Type.isRR(value) && value != Type.ANY)) {
      errors.add(new FieldError("type", "must be a record type such as A, AAAA, MX or ANY"));
    } else {
      mnemonic = Type.string(value);
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalidInput(errors);
    }
    return new ExplainQuery(vpc, address, arrival, normalized, mnemonic);
  }

  /** {@code 10.0.0.2:53}, {@code [fd00::2]:53}, or an IP alone with the DNS port. */
  private static Optional<TargetAddress> listenerAddress(String text) {
    String ip = text;
    int port = TargetAddress.DNS_PORT;
    int colon = text.lastIndexOf(':');
    boolean bracketed = text.startsWith("[");
    if (bracketed || (colon > 0 && text.indexOf(':') == colon)) {
      int close = bracketed ? text.indexOf("]:") : colon;
      if (close < 0 || !text.substring(close + (bracketed ? 2 : 1)).matches("[0-9]{1,5}")) {
        return Optional.empty();
      }
      port = Integer.parseInt(text.substring(close + (bracketed ? 2 : 1)));
      ip = bracketed ? text.substring(1, close) : text.substring(0, close);
    }
    if (port < 1 || port > MAX_PORT) {
      return Optional.empty();
    }
    int listenerPort = port;
    return literal(ip).map(canonical -> new TargetAddress(canonical, listenerPort));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The canonical form of an address literal; a name is never looked up. */
  private static Optional<String> literal(String text) {
    Optional<Cidr> host = Cidr.parse(text + (text.contains(":") ? "/128" : "/32"));
    if (host.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(host.get().address()).getHostAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
