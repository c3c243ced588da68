package io.isthmus.admin.aws.resolver;

import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.admin.addresses.ListenerAddresses;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.resolver.ResolverArns.Kind;
import io.isthmus.admin.endpoints.EndpointService;
import io.isthmus.admin.endpoints.EndpointSpec;
import io.isthmus.admin.endpoints.EndpointStatuses.EndpointStatus;
import io.isthmus.admin.endpoints.EndpointUpdate;
import io.isthmus.admin.endpoints.EndpointView;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.SecurityGroup;
import io.isthmus.config.Subnet;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolver endpoints through Route 53 Resolver (docs/spec/admin-api.md "Resolver endpoints"): the
 * VPC is the one of the subnets of {@code IpAddresses}, each address is the one given or the lowest
 * free one of its subnet; the security groups are kept (nothing enforces them). Everything else is
 * {@link EndpointService}'s, as on {@code /v1}.
 */
final class ResolverEndpoints {
  /** How many security groups an endpoint may name: AWS's limit of groups per interface. */
  static final int MAX_SECURITY_GROUPS = 10;

  private final ConfigStore store;
  private final EndpointService endpoints;
  private final Clock clock;

  ResolverEndpoints(ConfigStore store, EndpointService endpoints, Clock clock) {
    this.store = store;
    this.endpoints = endpoints;
    this.clock = clock;
  }

  ObjectNode create(Caller caller, ResolverRequest request) {
    String creatorRequestId = request.required("CreatorRequestId");
    String direction = request.required("Direction");
    if (!direction.equals("INBOUND") && !direction.equals("OUTBOUND")) {
      throw ResolverException.invalidRequest(
          "Direction " + direction + " is not served: an endpoint is INBOUND or OUTBOUND.");
    }
    requireServed(request);
    for (String unserved : List.of("OutpostArn", "PreferredInstanceType")) {
      if (request.has(unserved)) {
        throw ResolverException.invalidRequest(
            unserved + " is not served: Isthmus has no Outposts.");
      }
    }
    List<String> groupIds = request.strings("SecurityGroupIds");
    if (groupIds.isEmpty()) {
      throw ResolverException.invalidParameter("SecurityGroupIds is required.");
    }
    if (groupIds.size() > MAX_SECURITY_GROUPS) {
      throw ResolverException.invalidParameter(
          "SecurityGroupIds lists at most " + MAX_SECURITY_GROUPS + " groups.");
    }
    List<ResolverRequest> ips = request.objects("IpAddresses");
    if (ips.isEmpty()) {
      throw ResolverException.invalidParameter("IpAddresses is required.");
    }
    String account = caller.account().id();
    Map<String, String> tags = ResolverTags.tagList(request);
    ResolverAttributes.requireNewCreatorRequestId(
        store,
        account,
        id -> id.startsWith("rslvr-in-") || id.startsWith("rslvr-out-"),
        "Resolver endpoint",
        creatorRequestId);
    List<Subnet> subnets = new ArrayList<>();
    for (ResolverRequest ip : ips) {
      String subnetId = ip.required("SubnetId");
      if (ip.has("Ipv6")) {
        throw ResolverException.invalidRequest("Ipv6 is not served: EC2 subnets are IPv4 here.");
      }
      subnets.add(
          store
              .subnet(subnetId)
              .filter(subnet -> subnet.accountId().equals(account))
              .orElseThrow(
                  () ->
                      ResolverException.invalidParameter(
                          "The subnet ID '" + subnetId + "' does not exist.")));
    }
    String vpcId = subnets.get(0).vpcId();
    for (Subnet subnet : subnets) {
      if (!subnet.vpcId().equals(vpcId)) {
        throw ResolverException.invalidRequest(
            "The subnets of IpAddresses must be in one VPC: "
                + subnet.id()
                + " is in "
                + subnet.vpcId()
                + ", "
                + subnets.get(0).id()
                + " in "
                + vpcId
                + ".");
      }
    }
    for (String groupId : groupIds) {
      SecurityGroup group =
          store
              .securityGroup(groupId)
              .filter(g -> g.accountId().equals(account))
              .orElseThrow(
                  () ->
                      ResolverException.invalidParameter(
                          "The security group '" + groupId + "' does not exist."));
      if (!group.vpcId().equals(vpcId)) {
        throw ResolverException.invalidRequest(
            "Security group " + groupId + " is not in " + vpcId + ", the subnets' VPC.");
      }
    }
    List<AddressSpec> addresses = addresses(ips, subnets);
    String name = request.string("Name");
    EndpointSpec spec =
        new EndpointSpec(
            name == null ? direction.toLowerCase(java.util.Locale.ROOT) + "-endpoint" : name,
            direction,
            vpcId,
            addresses,
            null);
    EndpointView view = endpoints.create(caller, spec, ResolverRules::requireValid);
    String id = view.endpoint().id();
    Instant now = clock.instant();
    Map<String, String> attributes =
        ResolverAttributes.created(
            store,
            account,
            id,
            creatorRequestId,
            now,
            Map.of(
                ResolverAttributes.SECURITY_GROUP_IDS,
                String.join(",", groupIds),
                ResolverAttributes.MODIFICATION_TIME,
                now.toString()),
            tags);
    return wrap(json(view, attributes));
  }

  /** Only plain DNS over IPv4 and IPv6 addresses of the endpoint's VPC is served. */
  private static void requireServed(ResolverRequest request) {
    String type = request.string("ResolverEndpointType");
    if (type != null && !type.equals("IPV4")) {
      throw ResolverException.invalidRequest(
          "ResolverEndpointType " + type + " is not served: EC2 subnets are IPv4 here.");
    }
    for (String protocol : request.strings("Protocols")) {
      if (!protocol.equals("Do53")) {
        throw ResolverException.invalidRequest(
            "Protocol " + protocol + " is not served: endpoints speak Do53 only.");
      }
    }
  }

  /** The addresses asked for, each given one checked against its subnet, the others chosen. */
  private List<AddressSpec> addresses(List<ResolverRequest> ips, List<Subnet> subnets) {
    Set<TargetAddress> taken = new HashSet<>(ListenerAddresses.claimed(store));
    List<AddressSpec> addresses = new ArrayList<>();
    for (int i = 0; i < ips.size(); i++) {
      String ip = ips.get(i).string("Ip");
      Subnet subnet = subnets.get(i);
      if (ip != null && !SubnetAddresses.within(subnet, ip)) {
        throw ResolverException.invalidRequest(
            "The IP address "
                + ip
                + " is not in subnet "
                + subnet.id()
                + " ("
                + subnet.cidr()
                + ").");
      }
      String chosen = ip != null ? ip : SubnetAddresses.lowestFree(subnet, taken);
      taken.add(new TargetAddress(chosen, TargetAddress.DNS_PORT));
      addresses.add(new AddressSpec(chosen, null));
    }
    return addresses;
  }

  ObjectNode get(Caller caller, ResolverRequest request) {
    EndpointView view = endpoints.get(caller, request.required("ResolverEndpointId"));
    return wrap(json(view, attributes(view)));
  }

  ObjectNode list(Caller caller, ResolverRequest request) {
    List<EndpointView> all = ResolverListing.all(page -> endpoints.list(caller, page));
    Map<String, Map<String, String>> attributes =
        ResolverAttributes.of(store, caller.account().id());
    ResolverListing.Listed<EndpointView> listed =
        ResolverListing.page(
            request,
            all,
            view -> view.endpoint().id(),
            Map.of(
                "CreatorRequestId",
                view -> optional(attributes, view, ResolverAttributes.CREATOR_REQUEST_ID),
                "Direction",
                view -> List.of(view.endpoint().direction().name()),
                "HostVPCId",
                view -> List.of(view.endpoint().vpcId()),
                "IpAddressCount",
                view -> List.of(String.valueOf(view.endpoint().ipAddresses().size())),
                "Name",
                view -> List.of(view.endpoint().name()),
                "SecurityGroupIds",
                view -> groupIds(attributes.getOrDefault(view.endpoint().id(), Map.of())),
                "Status",
                view -> List.of(view.status().status())));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (listed.nextToken() != null) {
      out.put("NextToken", listed.nextToken());
    }
    out.put("MaxResults", listed.maxResults());
    ArrayNode items = out.putArray("ResolverEndpoints");
    listed
        .items()
        .forEach(
            view -> items.add(json(view, attributes.getOrDefault(view.endpoint().id(), Map.of()))));
    return out;
  }

  private static List<String> optional(
      Map<String, Map<String, String>> attributes, EndpointView view, String key) {
    String value = attributes.getOrDefault(view.endpoint().id(), Map.of()).get(key);
    return value == null ? List.of() : List.of(value);
  }

  ObjectNode update(Caller caller, ResolverRequest request) {
    String id = request.required("ResolverEndpointId");
    for (String unserved :
        List.of(
            "UpdateIpAddresses",
            "RniEnhancedMetricsEnabled",
            "TargetNameServerMetricsEnabled",
            "Dns64Enabled",
            "Ipv6InternetAccessEnabled")) {
      if (request.has(unserved)) {
        throw ResolverException.invalidRequest(unserved + " is not served; only Name changes.");
      }
    }
    requireServed(request);
    String name = request.string("Name");
    EndpointView view =
        name == null
            ? endpoints.get(caller, id)
            : endpoints.update(
                caller, id, new EndpointUpdate(name, null), ResolverRules::requireValid);
    if (name != null) {
      touch(view);
    }
    return wrap(json(view, attributes(view)));
  }

  /** Records a change of the endpoint made through this API, for its ModificationTime. */
  private void touch(EndpointView view) {
    store.write(
        w -> {
          ResolverAttributes.put(
              w,
              view.endpoint().accountId(),
              view.endpoint().id(),
              Map.of(ResolverAttributes.MODIFICATION_TIME, clock.instant().toString()));
          return null;
        });
  }

  /**
   * Adds an address in a subnet of the endpoint's VPC, the one given or the lowest free one
   * (AssociateResolverEndpointIpAddress).
   */
  ObjectNode associateIpAddress(Caller caller, ResolverRequest request) {
    ResolverEndpoint endpoint =
        endpoints.get(caller, request.required("ResolverEndpointId")).endpoint();
    ResolverRequest ip = request.object("IpAddress");
    if (ip == null) {
      throw ResolverException.invalidParameter("IpAddress is required.");
    }
    if (ip.has("Ipv6")) {
      throw ResolverException.invalidRequest("Ipv6 is not served: EC2 subnets are IPv4 here.");
    }
    String subnetId = ip.required("SubnetId");
    Subnet subnet =
        store
            .subnet(subnetId)
            .filter(found -> found.accountId().equals(endpoint.accountId()))
            .orElseThrow(
                () ->
                    ResolverException.invalidParameter(
                        "The subnet ID '" + subnetId + "' does not exist."));
    if (!subnet.vpcId().equals(endpoint.vpcId())) {
      throw ResolverException.invalidRequest(
          "Subnet " + subnetId + " is not in " + endpoint.vpcId() + ", the endpoint's VPC.");
    }
    if (endpoint.ipAddresses().size() >= EndpointSpec.MAX_ADDRESSES) {
      throw new ResolverException(
          400,
          "LimitExceededException",
          "An endpoint has at most " + EndpointSpec.MAX_ADDRESSES + " addresses.");
    }
    String given = ip.string("Ip");
    if (given != null && !SubnetAddresses.within(subnet, given)) {
      throw ResolverException.invalidRequest(
          "The IP address "
              + given
              + " is not in subnet "
              + subnetId
              + " ("
              + subnet.cidr()
              + ").");
    }
    Set<TargetAddress> taken = new HashSet<>(ListenerAddresses.claimed(store));
    String chosen = given != null ? given : SubnetAddresses.lowestFree(subnet, taken);
    if (endpoint.ipAddresses().stream().anyMatch(address -> address.ip().equals(chosen))) {
      throw ResolverException.exists(
          "The IP address " + chosen + " is already an address of " + endpoint.id() + ".");
    }
    List<AddressSpec> addresses = new ArrayList<>(specs(endpoint));
    addresses.add(new AddressSpec(chosen, null));
    return replaceAddresses(caller, endpoint, addresses);
  }

  /**
   * Removes an address, named by its IpId or its Ip (DisassociateResolverEndpointIpAddress); an
   * endpoint keeps at least {@value EndpointSpec#MIN_ADDRESSES}.
   */
  ObjectNode disassociateIpAddress(Caller caller, ResolverRequest request) {
    ResolverEndpoint endpoint =
        endpoints.get(caller, request.required("ResolverEndpointId")).endpoint();
    ResolverRequest ip = request.object("IpAddress");
    if (ip == null) {
      throw ResolverException.invalidParameter("IpAddress is required.");
    }
    String ipId = ip.string("IpId");
    String given = ip.string("Ip");
    TargetAddress removed =
        endpoint.ipAddresses().stream()
            .filter(
                address ->
                    ipId != null
                        ? ipId(endpoint, address).equals(ipId)
                        : address.ip().equals(given))
            .findFirst()
            .orElseThrow(
                () ->
                    ResolverException.notFound(
                        "The endpoint "
                            + endpoint.id()
                            + " has no address "
                            + (ipId != null ? ipId : given)
                            + "."));
    if (endpoint.ipAddresses().size() <= EndpointSpec.MIN_ADDRESSES) {
      throw ResolverException.invalidRequest(
          "An endpoint keeps at least " + EndpointSpec.MIN_ADDRESSES + " addresses.");
    }
    List<AddressSpec> addresses =
        endpoint.ipAddresses().stream()
            .filter(address -> !address.equals(removed))
            .map(address -> new AddressSpec(address.ip(), address.port()))
            .toList();
    return replaceAddresses(caller, endpoint, addresses);
  }

  private static List<AddressSpec> specs(ResolverEndpoint endpoint) {
    return endpoint.ipAddresses().stream()
        .map(address -> new AddressSpec(address.ip(), address.port()))
        .toList();
  }

  private ObjectNode replaceAddresses(
      Caller caller, ResolverEndpoint endpoint, List<AddressSpec> addresses) {
    EndpointView view =
        endpoints.update(
            caller,
            endpoint.id(),
            new EndpointUpdate(null, addresses),
            ResolverRules::requireValid);
    touch(view);
    return wrap(json(view, attributes(view)));
  }

  ObjectNode delete(Caller caller, ResolverRequest request) {
    String id = request.required("ResolverEndpointId");
    EndpointView view = endpoints.get(caller, id);
    Map<String, String> attributes = attributes(view);
    endpoints.delete(caller, id);
    ObjectNode endpoint = json(view, attributes);
    endpoint.put("Status", "DELETING");
    endpoint.remove("StatusMessage");
    return wrap(endpoint);
  }

  ObjectNode listIpAddresses(Caller caller, ResolverRequest request) {
    EndpointView view = endpoints.get(caller, request.required("ResolverEndpointId"));
    ResolverEndpoint endpoint = view.endpoint();
    Map<String, String> attributes = attributes(view);
    List<Subnet> subnets =
        store.subnets(endpoint.accountId()).stream()
            .filter(subnet -> subnet.vpcId().equals(endpoint.vpcId()))
            .toList();
    ResolverListing.Listed<TargetAddress> listed =
        ResolverListing.page(
            request, endpoint.ipAddresses(), address -> ipId(endpoint, address), Map.of());
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (listed.nextToken() != null) {
      out.put("NextToken", listed.nextToken());
    }
    out.put("MaxResults", listed.maxResults());
    ArrayNode items = out.putArray("IpAddresses");
    for (TargetAddress address : listed.items()) {
      ObjectNode item = items.addObject();
      item.put("IpId", ipId(endpoint, address));
      SubnetAddresses.holding(subnets, address.ip())
          .ifPresent(subnet -> item.put("SubnetId", subnet.id()));
      item.put(address.ip().contains(":") ? "Ipv6" : "Ip", address.ip());
      boolean operational = view.status().status().equals(EndpointStatus.OPERATIONAL);
      item.put("Status", operational ? "ATTACHED" : "FAILED_CREATION");
      item.put(
          "StatusMessage",
          operational ? "This IP address is operational." : view.status().message());
      putTimes(item, attributes);
    }
    return out;
  }

  /** A stable id for an address of an endpoint, in the shape of AWS's network interface ids. */
  static String ipId(ResolverEndpoint endpoint, TargetAddress address) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (endpoint.id() + "/" + address.ip() + "/" + address.port())
                      .getBytes(StandardCharsets.UTF_8));
      return "rni-" + HexFormat.of().formatHex(digest).substring(0, 17);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private Map<String, String> attributes(EndpointView view) {
    return ResolverAttributes.of(store, view.endpoint().accountId(), view.endpoint().id());
  }

  private static List<String> groupIds(Map<String, String> attributes) {
    String joined = attributes.get(ResolverAttributes.SECURITY_GROUP_IDS);
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
  }

  private static ObjectNode wrap(ObjectNode endpoint) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("ResolverEndpoint", endpoint);
    return out;
  }

  /** The ResolverEndpoint shape of the service model. */
  private ObjectNode json(EndpointView view, Map<String, String> attributes) {
    ResolverEndpoint endpoint = view.endpoint();
    String region = store.vpc(endpoint.vpcId()).map(Vpc::region).orElse("");
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("Id", endpoint.id());
    String creator = attributes.get(ResolverAttributes.CREATOR_REQUEST_ID);
    if (creator != null) {
      json.put("CreatorRequestId", creator);
    }
    json.put("Arn", ResolverArns.of(Kind.ENDPOINT, region, endpoint.accountId(), endpoint.id()));
    json.put("Name", endpoint.name());
    ArrayNode groups = json.putArray("SecurityGroupIds");
    groupIds(attributes).forEach(groups::add);
    json.put("Direction", endpoint.direction().name());
    json.put("IpAddressCount", endpoint.ipAddresses().size());
    json.put("HostVPCId", endpoint.vpcId());
    json.put("Status", view.status().status());
    if (view.status().message() != null) {
      json.put("StatusMessage", view.status().message());
    }
    putTimes(json, attributes);
    boolean ipv6 = endpoint.ipAddresses().stream().anyMatch(a -> a.ip().contains(":"));
    boolean ipv4 = endpoint.ipAddresses().stream().anyMatch(a -> !a.ip().contains(":"));
    json.put("ResolverEndpointType", ipv6 ? (ipv4 ? "DUALSTACK" : "IPV6") : "IPV4");
    json.putArray("Protocols").add("Do53");
    return json;
  }

  private static void putTimes(ObjectNode json, Map<String, String> attributes) {
    String created = attributes.get(ResolverAttributes.CREATION_TIME);
    if (created != null) {
      json.put("CreationTime", created);
      json.put(
          "ModificationTime",
          attributes.getOrDefault(ResolverAttributes.MODIFICATION_TIME, created));
    }
  }
}
