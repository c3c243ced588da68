package io.isthmus.admin.aws.ec2;

import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.aws.Xml;
import io.isthmus.config.Cidr;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of a security group as EC2 keeps them: one rule per source (an IPv4 or IPv6 CIDR, a
 * prefix list or a security group) of an {@code IpPermission}, which Describe gathers back by
 * protocol and ports. Isthmus filters no traffic; the rules are kept so that what a client
 * authorizes reads back (Terraform's aws_security_group compares them), each as a reserved tag of
 * its group ({@link Ec2Attributes#RULE}). Stateless.
 */
final class SecurityGroupRules {
  private SecurityGroupRules() {}

  /** What a rule allows from or to. */
  enum Kind {
    CIDR_IPV4,
    CIDR_IPV6,
    PREFIX_LIST,
    GROUP
  }

  /**
   * One rule: its direction, protocol ({@code -1} for all, else a name EC2 uses or a number), its
   * ports (null for all: for {@code -1} and protocols without ports) and one source.
   */
  record Rule(
      boolean egress,
      String protocol,
      Integer fromPort,
      Integer toPort,
      Kind kind,
      String source,
      String description) {

    /**
     * Whether it is the same rule as {@code other}, whatever their descriptions, as EC2 sees it.
     */
    boolean sameAs(Rule other) {
      return egress == other.egress
          && protocol.equals(other.protocol)
          && Objects.equals(fromPort, other.fromPort)
          && Objects.equals(toPort, other.toPort)
          && kind == other.kind
          && source.equalsIgnoreCase(other.source);
    }

    /** The rule as the value of its tag. */
    String encode() {
      return String.join(
          "&",
          egress ? "egress" : "ingress",
          protocol,
          fromPort == null ? "" : fromPort.toString(),
          toPort == null ? "" : toPort.toString(),
          kind.name(),
          URLEncoder.encode(source, StandardCharsets.UTF_8),
          URLEncoder.encode(description, StandardCharsets.UTF_8));
    }

    static Rule decode(String value) {
      String[] fields = value.split("&", -1);
      return new Rule(
          fields[0].equals("egress"),
          fields[1],
          fields[2].isEmpty() ? null : Integer.valueOf(fields[2]),
          fields[3].isEmpty() ? null : Integer.valueOf(fields[3]),
          Kind.valueOf(fields[4]),
          URLDecoder.decode(fields[5], StandardCharsets.UTF_8),
          URLDecoder.decode(fields[6], StandardCharsets.UTF_8));
    }
  }

  /** The rules EC2 gives a new security group of a VPC: all traffic out (IPv6 too if it has it). */
  static List<Rule> defaults(List<String> vpcCidrs) {
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule(true, "-1", null, null, Kind.CIDR_IPV4, "0.0.0.0/0", ""));
    if (vpcCidrs.stream().anyMatch(cidr -> cidr.contains(":"))) {
      rules.add(new Rule(true, "-1", null, null, Kind.CIDR_IPV6, "::/0", ""));
    }
    return rules;
  }

  /**
   * The rules of a request's {@code IpPermissions.N} (or of its {@code IpProtocol}, {@code
   * FromPort}, {@code ToPort} and {@code CidrIp} when it has no list), checked as EC2 checks them.
   */
  static List<Rule> parse(QueryRequest request, boolean egress) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 1; request.get("IpPermissions." + i + ".IpProtocol").isPresent(); i++) {
      String p = "IpPermissions." + i + ".";
      String protocol = protocol(request.get(p + "IpProtocol").orElseThrow());
      Integer[] ports = ports(protocol, request.get(p + "FromPort"), request.get(p + "ToPort"));
      int before = rules.size();
      for (int j = 1; request.get(p + "IpRanges." + j + ".CidrIp").isPresent(); j++) {
        String q = p + "IpRanges." + j + ".";
        rules.add(
            rule(
                egress,
                protocol,
                ports,
                Kind.CIDR_IPV4,
                cidr(request, q + "CidrIp", false),
                request,
                q));
      }
      for (int j = 1; request.get(p + "Ipv6Ranges." + j + ".CidrIpv6").isPresent(); j++) {
        String q = p + "Ipv6Ranges." + j + ".";
        rules.add(
            rule(
                egress,
                protocol,
                ports,
                Kind.CIDR_IPV6,
                cidr(request, q + "CidrIpv6", true),
                request,
                q));
      }
      for (int j = 1; request.get(p + "PrefixListIds." + j + ".PrefixListId").isPresent(); j++) {
        String id = request.get(p + "PrefixListIds." + j + ".PrefixListId").orElseThrow();
        // Isthmus has no managed prefix lists for a rule to name.
        throw new Ec2Error(
            "InvalidPrefixListID.NotFound", "The prefix list ID '" + id + "' does not exist");
      }
      for (int j = 1;
          request.get(p + "Groups." + j + ".GroupId").isPresent()
              || request.get(p + "Groups." + j + ".GroupName").isPresent();
          j++) {
        String q = p + "Groups." + j + ".";
        Optional<String> id = request.get(q + "GroupId");
        if (id.isEmpty()) {
          throw new Ec2Error(
              "InvalidParameterValue",
              "A security group of a VPC is named by GroupId, not GroupName.");
        }
        rules.add(rule(egress, protocol, ports, Kind.GROUP, id.get(), request, q));
      }
      if (rules.size() == before) {
        throw new Ec2Error(
            "InvalidParameterValue",
            "IpPermissions." + i + " names no source: give IpRanges, Ipv6Ranges or Groups.");
      }
    }
    if (rules.isEmpty() && request.get("IpProtocol").isPresent()) {
      String protocol = protocol(request.get("IpProtocol").orElseThrow());
      Integer[] ports = ports(protocol, request.get("FromPort"), request.get("ToPort"));
      rules.add(
          new Rule(
              egress,
              protocol,
              ports[0],
              ports[1],
              Kind.CIDR_IPV4,
              cidr(request, "CidrIp", false),
              ""));
    }
    return rules;
  }

  private static Rule rule(
      boolean egress,
      String protocol,
      Integer[] ports,
      Kind kind,
      String source,
      QueryRequest request,
      String prefix) {
    String description = request.get(prefix + "Description").orElse("");
    if (description.length() > 255) {
      throw new Ec2Error(
          "InvalidParameterValue", "A rule's description is at most 255 characters.");
    }
    return new Rule(egress, protocol, ports[0], ports[1], kind, source, description);
  }

  private static String cidr(QueryRequest request, String name, boolean ipv6) {
    String text =
        request
            .get(name)
            .orElseThrow(
                () ->
                    new Ec2Error(
                        "MissingParameter", "The request must contain the parameter " + name));
    Optional<Cidr> cidr = Cidr.parse(text);
    if (cidr.isEmpty() || (cidr.get().address().length == 16) != ipv6) {
      throw new Ec2Error(
          "InvalidParameterValue",
          "Value ("
              + text
              + ") for parameter "
              + name
              + " is invalid: not an IPv"
              + (ipv6 ? "6" : "4")
              + " CIDR block.");
    }
    return text;
  }

  /** EC2's name of a protocol: tcp, udp, icmp, icmpv6, -1 for all, or another number. */
  static String protocol(String given) {
    String lower = given.trim().toLowerCase(Locale.ROOT);
    String named =
        switch (lower) {
          case "tcp", "6" -> "tcp";
          case "udp", "17" -> "udp";
          case "icmp", "1" -> "icmp";
          case "icmpv6", "58" -> "icmpv6";
          case "-1", "all" -> "-1";
          default -> null;
        };
    if (named != null) {
      return named;
    }
    try {
      int number = Integer.parseInt(lower);
      if (number >= 0 && number <= 255) {
        return Integer.toString(number);
      }
    } catch (NumberFormatException e) {
      // not a number: refused below
    }
    throw new Ec2Error(
        "InvalidParameterValue",
        "Invalid value '" + given + "' for IP protocol. Unknown protocol.");
  }

  /** The ports kept for a protocol: none for all protocols or those without ports. */
  private static Integer[] ports(String protocol, Optional<String> from, Optional<String> to) {
    boolean tcpOrUdp = protocol.equals("tcp") || protocol.equals("udp");
    boolean icmp = protocol.equals("icmp") || protocol.equals("icmpv6");
    if (!tcpOrUdp && !icmp) {
      return new Integer[] {null, null};
    }
    int low = tcpOrUdp ? 0 : -1;
    int high = tcpOrUdp ? 65535 : 255;
    Integer fromPort = port(from, "FromPort", low, high);
    Integer toPort = port(to, "ToPort", low, high);
    if (tcpOrUdp && fromPort > toPort) {
      throw new Ec2Error(
          "InvalidParameterValue",
          "Invalid TCP/UDP port range: FromPort ("
              + fromPort
              + ") exceeds ToPort ("
              + toPort
              + ").");
    }
    return new Integer[] {fromPort, toPort};
  }

  private static Integer port(Optional<String> value, String name, int low, int high) {
    String text =
        value.orElseThrow(
            () -> new Ec2Error("InvalidParameterValue", name + " is required for this protocol."));
    try {
      int port = Integer.parseInt(text);
      if (port >= low && port <= high) {
        return port;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new Ec2Error(
        "InvalidParameterValue",
        "Value ("
            + text
            + ") for parameter "
            + name
            + " is invalid: from "
            + low
            + " to "
            + high
            + ".");
  }

  /** The rules of a group, by id, from its attributes. */
  static Map<String, Rule> of(Map<String, String> attributes) {
    Map<String, Rule> rules = new LinkedHashMap<>();
    attributes.forEach(
        (key, value) -> {
          if (key.startsWith(Ec2Attributes.RULE)) {
            rules.put(key.substring(Ec2Attributes.RULE.length()), Rule.decode(value));
          }
        });
    return rules;
  }

  /**
   * EC2's {@code ipPermissions} or {@code ipPermissionsEgress} items: the rules of one direction
   * gathered by protocol and ports, their sources listed by kind.
   */
  static String xml(List<Rule> rules, boolean egress, String ownerId) {
    // In a stable order (the store keeps them by random id): by protocol, ports, kind, source.
    Comparator<Integer> ports = Comparator.nullsFirst(Comparator.naturalOrder());
    List<Rule> sorted =
        rules.stream()
            .sorted(
                Comparator.comparing(Rule::protocol)
                    .thenComparing(Rule::fromPort, ports)
                    .thenComparing(Rule::toPort, ports)
                    .thenComparing(Rule::kind)
                    .thenComparing(Rule::source))
            .toList();
    Map<List<Object>, List<Rule>> byPermission = new LinkedHashMap<>();
    for (Rule rule : sorted) {
      if (rule.egress() == egress) {
        byPermission
            .computeIfAbsent(
                Arrays.asList(rule.protocol(), rule.fromPort(), rule.toPort()),
                key -> new ArrayList<>())
            .add(rule);
      }
    }
    StringBuilder xml = new StringBuilder();
    for (List<Rule> permission : byPermission.values()) {
      Rule first = permission.get(0);
      xml.append("<item><ipProtocol>").append(Xml.text(first.protocol())).append("</ipProtocol>");
      if (first.fromPort() != null) {
        xml.append("<fromPort>").append(first.fromPort()).append("</fromPort>");
        xml.append("<toPort>").append(first.toPort()).append("</toPort>");
      }
      xml.append("<groups>");
      for (Rule rule : permission) {
        if (rule.kind() == Kind.GROUP) {
          xml.append("<item>")
              .append(description(rule))
              .append("<userId>")
              .append(ownerId)
              .append("</userId><groupId>")
              .append(Xml.text(rule.source()))
              .append("</groupId></item>");
        }
      }
      xml.append("</groups><ipRanges>");
      sources(xml, permission, Kind.CIDR_IPV4, "cidrIp");
      xml.append("</ipRanges><ipv6Ranges>");
      sources(xml, permission, Kind.CIDR_IPV6, "cidrIpv6");
      xml.append("</ipv6Ranges><prefixListIds>");
      sources(xml, permission, Kind.PREFIX_LIST, "prefixListId");
      xml.append("</prefixListIds></item>");
    }
    return xml.toString();
  }

  private static void sources(StringBuilder xml, List<Rule> rules, Kind kind, String element) {
    for (Rule rule : rules) {
      if (rule.kind() == kind) {
        xml.append("<item><")
            .append(element)
            .append('>')
            .append(Xml.text(rule.source()))
            .append("</")
            .append(element)
            .append('>')
            .append(description(rule))
            .append("</item>");
      }
    }
  }

  private static String description(Rule rule) {
    return rule.description().isEmpty()
        ? ""
        : "<description>" + Xml.text(rule.description()) + "</description>";
  }
}
