package io.isthmus.admin.aws.ec2;

import io.isthmus.admin.Ids;
import io.isthmus.admin.ResourceNames;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.aws.Xml;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.vpcs.ResolverAddressPool;
import io.isthmus.admin.vpcs.VpcService;
import io.isthmus.admin.vpcs.VpcSpec;
import io.isthmus.config.Cidr;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.FieldError;
import io.isthmus.config.ResourceTag;
import io.isthmus.config.SecurityGroup;
import io.isthmus.config.Subnet;
import io.isthmus.config.Vpc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * EC2 over its query protocol (API version 2016-11-15, docs/aws-api.md "EC2"): the VPCs, subnets,
 * security groups and tags that the Route 53 and Resolver clients name. A VPC made here is an
 * Isthmus VPC ({@link VpcService}, the same rules as {@code /v1}); subnets and security groups are
 * kept beside it (store V14) and enforce nothing. An account sees its own resources only.
 *
 * <p>What Terraform's AWS provider calls decided what is served beyond that (hashicorp/terraform-
 * provider-aws, internal/service/ec2: vpc_.go, vpc_subnet.go, vpc_security_group.go and their
 * finders in findv2.go and find.go, followed, not copied). The aws_vpc read fails on an error of
 * DescribeVpcAttribute (three attributes, each set by ModifyVpcAttribute when it differs from the
 * default) but only logs one of DescribeNetworkAcls ({@code default}, {@code vpc-id}),
 * DescribeRouteTables ({@code association.main}, {@code vpc-id}) or DescribeSecurityGroups for the
 * group named {@code default}, and takes no answer there as no id: Isthmus has no ACLs, route
 * tables or default group, and answers none. Deleting a subnet or a security group first lists
 * lingering network interfaces (DescribeNetworkInterfaces, {@code subnet-id} or {@code group-id}),
 * and that error fails the delete: none. Creating a security group revokes the allow-all IPv4
 * egress rule (which must succeed) and the IPv6 one (InvalidPermission.NotFound tolerated), then
 * authorizes its inline rules, which its read compares with DescribeSecurityGroups: so rules are
 * kept ({@link SecurityGroupRules}). A subnet's create changes an attribute only where the answer's
 * differs from the configuration's default, so subnets show those defaults.
 */
public final class Ec2Api {
  /** The XML namespace of EC2 responses. */
  public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

  private static final String VERSION = "2016-11-15";

  /** A VPC's name when its Name tag is not one: the name is what {@code /v1} shows. */
  private static final String DEFAULT_VPC_NAME = "ec2-vpc";

  private static final Pattern AVAILABILITY_ZONE = Pattern.compile("[a-z0-9-]+[a-z]");

  private final ConfigStore store;
  private final VpcService vpcs;
  private final Optional<ResolverAddressPool> resolverPool;

  /**
   * @param resolverPool where each VPC created here gets its resolver address, when configured
   */
  public Ec2Api(ConfigStore store, VpcService vpcs, Optional<ResolverAddressPool> resolverPool) {
    this.store = store;
    this.vpcs = vpcs;
    this.resolverPool = resolverPool;
  }

  /** What the API answers: a status and an XML body (EC2's errors included). */
  public record Answer(int status, String xml) {}

  /** The answer to {@code request} from {@code caller}, signed for {@code region}. */
  public Answer handle(Caller caller, String region, QueryRequest request, String requestId) {
    String action = request.get("Action").orElse("");
    try {
      if (!request.get("Version").orElse(VERSION).equals(VERSION)) {
        throw new Ec2Error(
            "InvalidParameterValue",
            "Version "
                + request.get("Version").orElse("")
                + " of EC2 is not supported; "
                + VERSION
                + " is.");
      }
      String result =
          switch (action) {
            case "CreateVpc" -> createVpc(caller, region, request);
            case "DescribeVpcs" -> describeVpcs(caller, request);
            case "DeleteVpc" -> deleteVpc(caller, request);
            case "CreateSubnet" -> createSubnet(caller, request);
            case "DescribeSubnets" -> describeSubnets(caller, request);
            case "DeleteSubnet" -> deleteSubnet(caller, request);
            case "CreateSecurityGroup" -> createSecurityGroup(caller, request);
            case "DescribeSecurityGroups" -> describeSecurityGroups(caller, request);
            case "DeleteSecurityGroup" -> deleteSecurityGroup(caller, request);
            case "DescribeVpcAttribute" -> describeVpcAttribute(caller, request);
            case "ModifyVpcAttribute" -> modifyVpcAttribute(caller, request);
            case "AuthorizeSecurityGroupIngress" -> changeRules(caller, request, false, true);
            case "AuthorizeSecurityGroupEgress" -> changeRules(caller, request, true, true);
            case "RevokeSecurityGroupIngress" -> changeRules(caller, request, false, false);
            case "RevokeSecurityGroupEgress" -> changeRules(caller, request, true, false);
            case "DescribeNetworkAcls" ->
                none(request, "NetworkAclId", "InvalidNetworkAclID.NotFound", "networkAclSet");
            case "DescribeRouteTables" ->
                none(request, "RouteTableId", "InvalidRouteTableID.NotFound", "routeTableSet");
            case "DescribeNetworkInterfaces" ->
                none(
                    request,
                    "NetworkInterfaceId",
                    "InvalidNetworkInterfaceID.NotFound",
                    "networkInterfaceSet");
            case "CreateTags" -> createTags(caller, request);
            case "DeleteTags" -> deleteTags(caller, request);
            default ->
                throw new Ec2Error(
                    "InvalidAction",
                    "The action " + action + " is not valid for this web service.");
          };
      return new Answer(
          200,
          "<"
              + action
              + "Response xmlns=\""
              + NAMESPACE
              + "\"><requestId>"
              + requestId
              + "</requestId>"
              + result
              + "</"
              + action
              + "Response>");
    } catch (Ec2Error e) {
      return new Answer(400, error(e.code(), e.getMessage(), requestId));
    } catch (ApiException e) {
      return new Answer(400, error(code(e), message(e), requestId));
    }
  }

  /** EC2's error document, which the SDKs parse (its status is 400, or 403 for a signature). */
  public static String error(String code, String message, String requestId) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>"
        + Xml.text(code)
        + "</Code><Message>"
        + Xml.text(message)
        + "</Message></Error></Errors><RequestID>"
        + requestId
        + "</RequestID></Response>";
  }

  /** The EC2 code of a {@code /v1} problem. */
  private static String code(ApiException e) {
    return switch (e.code()) {
      case "NoSuchVpc" -> "InvalidVpcID.NotFound";
      case "ResourceInUse" -> "DependencyViolation";
      case "AccessDenied", "NotAuthorized" -> "UnauthorizedOperation";
      default -> "InvalidParameterValue";
    };
  }

  private static String message(ApiException e) {
    if (e.errors().isEmpty()) {
      return e.detail();
    }
    return e.errors().stream()
        .map(error -> error.field() + ": " + error.message())
        .collect(Collectors.joining("; "));
  }

  private static String required(QueryRequest request, String name) {
    return request
        .get(name)
        .filter(value -> !value.isEmpty())
        .orElseThrow(
            () ->
                new Ec2Error(
                    "MissingParameter", "The request must contain the parameter " + name + "."));
  }

  // --- VPCs ------------------------------------------------------------------------------------

  private String createVpc(Caller caller, String region, QueryRequest request) {
    String cidr = required(request, "CidrBlock");
    if (Cidr.parse(cidr).isEmpty()) {
      throw new Ec2Error("InvalidVpc.Range", "The CIDR '" + cidr + "' is invalid.");
    }
    Map<String, String> tags = Ec2Params.tagsFor(request, "vpc");
    String name = tags.getOrDefault("Name", DEFAULT_VPC_NAME);
    if (!validName(name)) {
      name = DEFAULT_VPC_NAME;
    }
    Vpc vpc;
    try {
      vpc =
          vpcs.create(
              caller,
              new VpcSpec(name, region, List.of(cidr)),
              errors -> {
                if (!errors.isEmpty()) {
                  throw ApiException.invalidInput(errors);
                }
              },
              resolverPool);
    } catch (ApiException e) {
      if (resolverPool.isEmpty()
          && e.errors().stream().anyMatch(f -> f.field().equals("cidrs[0]"))) {
        // docs/spec/resolution.md section 1: only VPCs with resolver addresses may overlap.
        throw new Ec2Error(
            "InvalidVpc.Range",
            "The CIDR '"
                + cidr
                + "' "
                + e.errors().get(0).message()
                + ". VPCs may share CIDR blocks only when they have resolver addresses: set"
                + " isthmus.aws.vpc-resolver-addresses so that each VPC created through EC2 gets"
                + " one.");
      }
      throw e;
    }
    putTags(caller, vpc.id(), tags);
    return "<vpc>" + vpcXml(vpc, tags) + "</vpc>";
  }

  private static boolean validName(String name) {
    List<FieldError> errors = new ArrayList<>();
    ResourceNames.requireName(name, errors);
    return errors.isEmpty();
  }

  private String describeVpcs(Caller caller, QueryRequest request) {
    String account = caller.account().id();
    Map<String, Map<String, String>> tags = tagsByResource(account);
    List<Vpc> own = store.vpcs().stream().filter(vpc -> vpc.accountId().equals(account)).toList();
    List<Vpc> named =
        byIds(
            own,
            Vpc::id,
            Ec2Params.values(request, "VpcId"),
            "InvalidVpcID.NotFound",
            "The vpc ID '%s' does not exist");
    List<Vpc> matched =
        Ec2Filter.apply(
            named,
            Ec2Params.filters(request),
            Map.of(
                "vpc-id", vpc -> List.of(vpc.id()),
                "cidr", vpc -> vpc.cidrs(),
                "cidr-block-association.cidr-block", vpc -> vpc.cidrs(),
                "owner-id", vpc -> List.of(vpc.accountId()),
                "state", vpc -> List.of("available"),
                "is-default", vpc -> List.of("false")),
            vpc -> tags.getOrDefault(vpc.id(), Map.of()));
    StringBuilder xml = new StringBuilder("<vpcSet>");
    matched.forEach(
        vpc ->
            xml.append("<item>")
                .append(vpcXml(vpc, tags.getOrDefault(vpc.id(), Map.of())))
                .append("</item>"));
    return xml.append("</vpcSet>").toString();
  }

  private String deleteVpc(Caller caller, QueryRequest request) {
    String vpcId = required(request, "VpcId");
    Vpc vpc = ownVpc(caller, vpcId);
    String account = caller.account().id();
    boolean hasSubnets =
        store.subnets(account).stream().anyMatch(subnet -> subnet.vpcId().equals(vpc.id()));
    boolean hasGroups =
        store.securityGroups(account).stream().anyMatch(group -> group.vpcId().equals(vpc.id()));
    if (hasSubnets || hasGroups) {
      throw new Ec2Error(
          "DependencyViolation",
          "The vpc '"
              + vpcId
              + "' has dependencies (subnets or security groups) and cannot be deleted.");
    }
    vpcs.delete(caller, vpc.id()); // its tags with it
    return "<return>true</return>";
  }

  private Vpc ownVpc(Caller caller, String vpcId) {
    return store
        .vpc(vpcId)
        .filter(vpc -> vpc.accountId().equals(caller.account().id()))
        .orElseThrow(
            () ->
                new Ec2Error("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist"));
  }

  // --- VPC attributes --------------------------------------------------------------------------

  /**
   * The attributes of ModifyVpcAttribute and their defaults for a VPC that is not a default VPC.
   * They are kept (so that what is set reads back, as Terraform's aws_vpc expects) and change
   * nothing in resolution: a VPC's queries resolve as docs/spec/resolution.md says whatever they
   * are.
   */
  private static final Map<String, Boolean> VPC_ATTRIBUTES =
      Map.of(
          "enableDnsSupport", true,
          "enableDnsHostnames", false,
          "enableNetworkAddressUsageMetrics", false);

  private String describeVpcAttribute(Caller caller, QueryRequest request) {
    String attribute = required(request, "Attribute");
    Vpc vpc = ownVpc(caller, required(request, "VpcId"));
    Boolean fallback = VPC_ATTRIBUTES.get(attribute);
    if (fallback == null) {
      throw new Ec2Error(
          "InvalidParameterValue",
          "Value ("
              + attribute
              + ") for parameter attribute is invalid. Unknown attribute: one of "
              + String.join(", ", VPC_ATTRIBUTES.keySet().stream().sorted().toList())
              + ".");
    }
    String value =
        Ec2Attributes.attributes(store.tags(caller.account().id()))
            .getOrDefault(vpc.id(), Map.of())
            .getOrDefault(Ec2Attributes.VPC_ATTRIBUTE + attribute, fallback.toString());
    return "<vpcId>"
        + vpc.id()
        + "</vpcId><"
        + attribute
        + "><value>"
        + value
        + "</value></"
        + attribute
        + ">";
  }

  /** EC2 changes one attribute a call: {@code <Attribute>.Value=true|false}. */
  private String modifyVpcAttribute(Caller caller, QueryRequest request) {
    Vpc vpc = ownVpc(caller, required(request, "VpcId"));
    Map<String, String> given = new LinkedHashMap<>();
    for (String attribute : VPC_ATTRIBUTES.keySet()) {
      String name = Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
      request.get(name + ".Value").ifPresent(value -> given.put(attribute, value));
    }
    if (given.size() != 1) {
      throw new Ec2Error(
          given.isEmpty() ? "MissingParameter" : "InvalidParameterCombination",
          "Give exactly one of EnableDnsSupport.Value, EnableDnsHostnames.Value and"
              + " EnableNetworkAddressUsageMetrics.Value.");
    }
    Map.Entry<String, String> change = given.entrySet().iterator().next();
    String value = change.getValue().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new Ec2Error(
          "InvalidParameterValue",
          "Value (" + change.getValue() + ") for parameter " + change.getKey() + " is invalid.");
    }
    String account = caller.account().id();
    store.write(
        w -> {
          w.putTag(
              new ResourceTag(
                  account, vpc.id(), Ec2Attributes.VPC_ATTRIBUTE + change.getKey(), value));
          return null;
        });
    return "<return>true</return>";
  }

  /**
   * The answer of a Describe call for a kind Isthmus has none of (network ACLs, route tables,
   * network interfaces): an empty set, whatever its filters (their names are not checked); any id
   * asked for is the kind's NotFound error.
   */
  private static String none(QueryRequest request, String idParameter, String code, String set) {
    List<String> ids = Ec2Params.values(request, idParameter);
    if (!ids.isEmpty()) {
      throw new Ec2Error(code, "The ID '" + ids.get(0) + "' does not exist");
    }
    return "<" + set + "/>";
  }

  private static String vpcXml(Vpc vpc, Map<String, String> tags) {
    StringBuilder xml =
        new StringBuilder("<vpcId>")
            .append(vpc.id())
            .append("</vpcId><ownerId>")
            .append(vpc.accountId())
            .append("</ownerId><state>available</state><cidrBlock>")
            .append(Xml.text(vpc.cidrs().get(0)))
            .append("</cidrBlock><cidrBlockAssociationSet>");
    for (int i = 0; i < vpc.cidrs().size(); i++) {
      xml.append("<item><associationId>")
          .append(vpc.id().replace("vpc-", "vpc-cidr-assoc-"))
          .append(i == 0 ? "" : "-" + i)
          .append("</associationId><cidrBlock>")
          .append(Xml.text(vpc.cidrs().get(i)))
          .append("</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item>");
    }
    return xml.append("</cidrBlockAssociationSet><dhcpOptionsId>default</dhcpOptionsId>")
        .append("<instanceTenancy>default</instanceTenancy><isDefault>false</isDefault>")
        .append(tagSet(tags))
        .toString();
  }

  // --- subnets ---------------------------------------------------------------------------------

  private String createSubnet(Caller caller, QueryRequest request) {
    Vpc vpc = ownVpc(caller, required(request, "VpcId"));
    String text = required(request, "CidrBlock");
    Cidr cidr =
        Cidr.parse(text)
            .orElseThrow(
                () -> new Ec2Error("InvalidSubnet.Range", "The CIDR '" + text + "' is invalid."));
    boolean inVpc =
        vpc.cidrs().stream()
            .map(block -> Cidr.parse(block).orElseThrow())
            .anyMatch(
                block ->
                    block.address().length == cidr.address().length
                        && block.prefixLength() <= cidr.prefixLength()
                        && block.contains(cidr.address()));
    if (!inVpc) {
      throw new Ec2Error(
          "InvalidSubnet.Range",
          "The CIDR '" + text + "' is not within the CIDR blocks of " + vpc.id() + ".");
    }
    String zone = request.get("AvailabilityZone").orElse(vpc.region() + "a");
    if (!zone.startsWith(vpc.region()) || !AVAILABILITY_ZONE.matcher(zone).matches()) {
      throw new Ec2Error(
          "InvalidParameterValue",
          "Value ("
              + zone
              + ") for parameter availabilityZone is invalid: the VPC is in "
              + vpc.region()
              + ".");
    }
    Map<String, String> tags = Ec2Params.tagsFor(request, "subnet");
    String account = caller.account().id();
    Subnet subnet =
        store.write(
            w -> {
              for (Subnet other : w.subnets(account)) {
                if (other.vpcId().equals(vpc.id())
                    && Cidr.parse(other.cidr()).orElseThrow().overlaps(cidr)) {
                  throw new Ec2Error(
                      "InvalidSubnet.Conflict",
                      "The CIDR '"
                          + text
                          + "' conflicts with another subnet ("
                          + other.id()
                          + ").");
                }
              }
              String id = Ids.unique(Ids::subnetId, candidate -> w.subnet(candidate).isPresent());
              Subnet created = new Subnet(id, account, vpc.id(), cidr.toString(), zone);
              w.insertSubnet(created);
              tags.forEach((key, value) -> w.putTag(new ResourceTag(account, id, key, value)));
              return created;
            });
    return "<subnet>" + subnetXml(subnet, vpc.region(), tags) + "</subnet>";
  }

  private String describeSubnets(Caller caller, QueryRequest request) {
    String account = caller.account().id();
    Map<String, Map<String, String>> tags = tagsByResource(account);
    Map<String, String> regions =
        store.vpcs().stream()
            .filter(vpc -> vpc.accountId().equals(account))
            .collect(Collectors.toMap(Vpc::id, Vpc::region));
    List<Subnet> named =
        byIds(
            store.subnets(account),
            Subnet::id,
            Ec2Params.values(request, "SubnetId"),
            "InvalidSubnetID.NotFound",
            "The subnet ID '%s' does not exist");
    List<Subnet> matched =
        Ec2Filter.apply(
            named,
            Ec2Params.filters(request),
            Map.of(
                "subnet-id", subnet -> List.of(subnet.id()),
                "vpc-id", subnet -> List.of(subnet.vpcId()),
                "cidr-block", subnet -> List.of(subnet.cidr()),
                "cidr", subnet -> List.of(subnet.cidr()),
                "availability-zone", subnet -> List.of(subnet.availabilityZone()),
                "owner-id", subnet -> List.of(subnet.accountId()),
                "state", subnet -> List.of("available"),
                "default-for-az", subnet -> List.of("false")),
            subnet -> tags.getOrDefault(subnet.id(), Map.of()));
    StringBuilder xml = new StringBuilder("<subnetSet>");
    matched.forEach(
        subnet ->
            xml.append("<item>")
                .append(
                    subnetXml(
                        subnet,
                        regions.getOrDefault(subnet.vpcId(), ""),
                        tags.getOrDefault(subnet.id(), Map.of())))
                .append("</item>"));
    return xml.append("</subnetSet>").toString();
  }

  private String deleteSubnet(Caller caller, QueryRequest request) {
    String subnetId = required(request, "SubnetId");
    String account = caller.account().id();
    boolean deleted =
        store.write(
            w -> {
              Optional<Subnet> subnet =
                  w.subnet(subnetId).filter(found -> found.accountId().equals(account));
              if (subnet.isEmpty()) {
                return false;
              }
              w.deleteSubnet(subnetId);
              return true;
            });
    if (!deleted) {
      throw new Ec2Error(
          "InvalidSubnetID.NotFound", "The subnet ID '" + subnetId + "' does not exist");
    }
    return "<return>true</return>";
  }

  private static String subnetXml(Subnet subnet, String region, Map<String, String> tags) {
    Cidr cidr = Cidr.parse(subnet.cidr()).orElseThrow();
    int hostBits = cidr.address().length * 8 - cidr.prefixLength();
    // EC2 keeps five addresses of each subnet to itself.
    long available = hostBits >= 31 ? Integer.MAX_VALUE : Math.max(0, (1L << hostBits) - 5);
    return "<subnetId>"
        + subnet.id()
        + "</subnetId><subnetArn>arn:aws:ec2:"
        + region
        + ":"
        + subnet.accountId()
        + ":subnet/"
        + subnet.id()
        + "</subnetArn><state>available</state><vpcId>"
        + subnet.vpcId()
        + "</vpcId><ownerId>"
        + subnet.accountId()
        + "</ownerId><cidrBlock>"
        + Xml.text(subnet.cidr())
        + "</cidrBlock><availableIpAddressCount>"
        + available
        + "</availableIpAddressCount><availabilityZone>"
        + Xml.text(subnet.availabilityZone())
        + "</availabilityZone><defaultForAz>false</defaultForAz>"
        + "<mapPublicIpOnLaunch>false</mapPublicIpOnLaunch>"
        + "<mapCustomerOwnedIpOnLaunch>false</mapCustomerOwnedIpOnLaunch>"
        + "<assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation>"
        + "<enableDns64>false</enableDns64><ipv6Native>false</ipv6Native>"
        + "<privateDnsNameOptionsOnLaunch><hostnameType>ip-name</hostnameType>"
        + "<enableResourceNameDnsARecord>false</enableResourceNameDnsARecord>"
        + "<enableResourceNameDnsAAAARecord>false</enableResourceNameDnsAAAARecord>"
        + "</privateDnsNameOptionsOnLaunch>"
        + tagSet(tags);
  }

  // --- security groups -------------------------------------------------------------------------

  private String createSecurityGroup(Caller caller, QueryRequest request) {
    String name = required(request, "GroupName");
    String description = required(request, "GroupDescription");
    // Isthmus has no default VPC for a group to fall into.
    Vpc vpc = ownVpc(caller, required(request, "VpcId"));
    if (name.length() > 255 || description.length() > 255) {
      throw new Ec2Error(
          "InvalidParameterValue", "GroupName and GroupDescription are at most 255 characters.");
    }
    Map<String, String> tags = Ec2Params.tagsFor(request, "security-group");
    String account = caller.account().id();
    String id =
        store.write(
            w -> {
              boolean taken =
                  w.securityGroups(account).stream()
                      .anyMatch(g -> g.vpcId().equals(vpc.id()) && g.name().equals(name));
              if (taken) {
                throw new Ec2Error(
                    "InvalidGroup.Duplicate",
                    "The security group '" + name + "' already exists for VPC '" + vpc.id() + "'");
              }
              String groupId =
                  Ids.unique(
                      Ids::securityGroupId, candidate -> w.securityGroup(candidate).isPresent());
              w.insertSecurityGroup(
                  new SecurityGroup(groupId, account, vpc.id(), name, description));
              tags.forEach((key, value) -> w.putTag(new ResourceTag(account, groupId, key, value)));
              // EC2 lets a new group of a VPC send anything anywhere; Terraform revokes that.
              for (SecurityGroupRules.Rule rule : SecurityGroupRules.defaults(vpc.cidrs())) {
                putRule(w, account, groupId, rule);
              }
              return groupId;
            });
    return "<return>true</return><groupId>" + id + "</groupId>" + tagSet(tags);
  }

  private String describeSecurityGroups(Caller caller, QueryRequest request) {
    String account = caller.account().id();
    Map<String, Map<String, String>> tags = tagsByResource(account);
    List<SecurityGroup> own = store.securityGroups(account);
    List<SecurityGroup> named =
        byIds(
            own,
            SecurityGroup::id,
            Ec2Params.values(request, "GroupId"),
            "InvalidGroup.NotFound",
            "The security group '%s' does not exist");
    named =
        byIds(
            named,
            SecurityGroup::name,
            Ec2Params.values(request, "GroupName"),
            "InvalidGroup.NotFound",
            "The security group '%s' does not exist");
    List<SecurityGroup> matched =
        Ec2Filter.apply(
            named,
            Ec2Params.filters(request),
            Map.of(
                "group-id", group -> List.of(group.id()),
                "group-name", group -> List.of(group.name()),
                "vpc-id", group -> List.of(group.vpcId()),
                "owner-id", group -> List.of(group.accountId()),
                "description", group -> List.of(group.description())),
            group -> tags.getOrDefault(group.id(), Map.of()));
    Map<String, Map<String, String>> attributes = Ec2Attributes.attributes(store.tags(account));
    StringBuilder xml = new StringBuilder("<securityGroupInfo>");
    for (SecurityGroup group : matched) {
      List<SecurityGroupRules.Rule> rules =
          List.copyOf(
              SecurityGroupRules.of(attributes.getOrDefault(group.id(), Map.of())).values());
      xml.append("<item><ownerId>")
          .append(group.accountId())
          .append("</ownerId><groupId>")
          .append(group.id())
          .append("</groupId><groupName>")
          .append(Xml.text(group.name()))
          .append("</groupName><groupDescription>")
          .append(Xml.text(group.description()))
          .append("</groupDescription><vpcId>")
          .append(group.vpcId())
          .append("</vpcId><ipPermissions>")
          .append(SecurityGroupRules.xml(rules, false, group.accountId()))
          .append("</ipPermissions><ipPermissionsEgress>")
          .append(SecurityGroupRules.xml(rules, true, group.accountId()))
          .append("</ipPermissionsEgress>")
          .append(tagSet(tags.getOrDefault(group.id(), Map.of())))
          .append("</item>");
    }
    return xml.append("</securityGroupInfo>").toString();
  }

  private String deleteSecurityGroup(Caller caller, QueryRequest request) {
    String account = caller.account().id();
    Optional<String> byId = request.get("GroupId");
    Optional<String> byName = request.get("GroupName");
    if (byId.isEmpty() && byName.isEmpty()) {
      throw new Ec2Error("MissingParameter", "The request must contain GroupId or GroupName.");
    }
    String named = byId.or(() -> byName).orElseThrow();
    boolean deleted =
        store.write(
            w -> {
              Optional<SecurityGroup> group =
                  w.securityGroups(account).stream()
                      .filter(
                          g ->
                              byId.isPresent()
                                  ? g.id().equals(byId.get())
                                  : g.name().equals(byName.get()))
                      .findFirst();
              if (group.isEmpty()) {
                return false;
              }
              String id = group.get().id();
              Ec2Attributes.attributes(w.tags(account))
                  .forEach(
                      (other, attributes) -> {
                        boolean referenced =
                            !other.equals(id)
                                && SecurityGroupRules.of(attributes).values().stream()
                                    .anyMatch(
                                        rule ->
                                            rule.kind() == SecurityGroupRules.Kind.GROUP
                                                && rule.source().equals(id));
                        if (referenced) {
                          throw new Ec2Error(
                              "DependencyViolation",
                              "resource " + id + " has a dependent object: a rule of " + other);
                        }
                      });
              w.deleteSecurityGroup(id);
              return true;
            });
    if (!deleted) {
      throw new Ec2Error(
          "InvalidGroup.NotFound", "The security group '" + named + "' does not exist");
    }
    return "<return>true</return>";
  }

  // --- security group rules --------------------------------------------------------------------

  /**
   * Authorize or Revoke, Ingress or Egress: the rules of {@code IpPermissions} (one per source) are
   * added, each refused if the group has it already ({@code InvalidPermission.Duplicate}), or
   * removed, each refused if the group lacks it ({@code InvalidPermission.NotFound}, which
   * Terraform expects when it revokes the IPv6 default of a group without one); all or nothing.
   * Revoke also takes {@code SecurityGroupRuleId.N}.
   */
  private String changeRules(Caller caller, QueryRequest request, boolean egress, boolean add) {
    String account = caller.account().id();
    List<SecurityGroupRules.Rule> rules = SecurityGroupRules.parse(request, egress);
    List<String> ruleIds = add ? List.of() : Ec2Params.values(request, "SecurityGroupRuleId");
    if (rules.isEmpty() && ruleIds.isEmpty()) {
      throw new Ec2Error(
          "MissingParameter", "The request must contain the parameter IpPermissions.");
    }
    Optional<String> byId = request.get("GroupId").filter(id -> !id.isEmpty());
    Optional<String> byName = request.get("GroupName").filter(name -> !name.isEmpty());
    if (byId.isEmpty() && (egress || byName.isEmpty())) {
      throw new Ec2Error("MissingParameter", "The request must contain the parameter groupId");
    }
    String named = byId.or(() -> byName).orElseThrow();
    store.write(
        w -> {
          List<SecurityGroup> groups = w.securityGroups(account);
          SecurityGroup group =
              groups.stream()
                  .filter(
                      g -> byId.isPresent() ? g.id().equals(byId.get()) : g.name().equals(named))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new Ec2Error(
                              "InvalidGroup.NotFound",
                              "The security group '" + named + "' does not exist"));
          Map<String, SecurityGroupRules.Rule> current =
              SecurityGroupRules.of(
                  Ec2Attributes.attributes(w.tags(account)).getOrDefault(group.id(), Map.of()));
          for (SecurityGroupRules.Rule rule : rules) {
            if (rule.kind() == SecurityGroupRules.Kind.GROUP
                && groups.stream().noneMatch(g -> g.id().equals(rule.source()))) {
              throw new Ec2Error(
                  "InvalidGroup.NotFound",
                  "The security group '" + rule.source() + "' does not exist");
            }
            Optional<String> existing =
                current.entrySet().stream()
                    .filter(entry -> entry.getValue().sameAs(rule))
                    .map(Map.Entry::getKey)
                    .findFirst();
            if (add && existing.isPresent()) {
              throw new Ec2Error(
                  "InvalidPermission.Duplicate",
                  "the specified rule \""
                      + describe(rule)
                      + "\" already exists (as "
                      + existing.get()
                      + ")");
            }
            if (!add && existing.isEmpty()) {
              throw new Ec2Error(
                  "InvalidPermission.NotFound",
                  "The specified rule \""
                      + describe(rule)
                      + "\" does not exist in this security group.");
            }
            if (add) {
              current.put(putRule(w, account, group.id(), rule), rule);
            } else {
              current.remove(existing.get());
              w.deleteTag(account, group.id(), Ec2Attributes.RULE + existing.get());
            }
          }
          for (String ruleId : ruleIds) {
            SecurityGroupRules.Rule rule = current.remove(ruleId);
            if (rule == null || rule.egress() != egress) {
              throw new Ec2Error(
                  "InvalidSecurityGroupRuleId.NotFound",
                  "The security group rule ID '" + ruleId + "' does not exist");
            }
            w.deleteTag(account, group.id(), Ec2Attributes.RULE + ruleId);
          }
          return null;
        });
    return "<return>true</return>";
  }

  private static String describe(SecurityGroupRules.Rule rule) {
    String ports = rule.fromPort() == null ? "" : " " + rule.fromPort() + "-" + rule.toPort();
    return rule.protocol() + ports + " " + rule.source();
  }

  /** Keeps a rule of a group under a new id; its id. */
  private static String putRule(
      ConfigWriter w, String account, String groupId, SecurityGroupRules.Rule rule) {
    Map<String, String> attributes =
        Ec2Attributes.attributes(w.tags(account)).getOrDefault(groupId, Map.of());
    String id =
        Ids.unique(
            Ids::securityGroupRuleId,
            candidate -> attributes.containsKey(Ec2Attributes.RULE + candidate));
    w.putTag(new ResourceTag(account, groupId, Ec2Attributes.RULE + id, rule.encode()));
    return id;
  }

  // --- tags ------------------------------------------------------------------------------------

  private String createTags(Caller caller, QueryRequest request) {
    List<String> resources = Ec2Params.values(request, "ResourceId");
    Map<String, String> tags = Ec2Params.tags(request, "Tag");
    if (resources.isEmpty()) {
      throw new Ec2Error("MissingParameter", "The request must contain the parameter ResourceId.");
    }
    Ec2Attributes.requireUserKeys(tags.keySet());
    String account = caller.account().id();
    store.write(
        w -> {
          for (String resource : resources) {
            requireOwnResource(w, account, resource);
            tags.forEach((key, value) -> w.putTag(new ResourceTag(account, resource, key, value)));
          }
          return null;
        });
    return "<return>true</return>";
  }

  /** A tag given with a value is deleted only with that value; without one, whatever its value. */
  private String deleteTags(Caller caller, QueryRequest request) {
    List<String> resources = Ec2Params.values(request, "ResourceId");
    if (resources.isEmpty()) {
      throw new Ec2Error("MissingParameter", "The request must contain the parameter ResourceId.");
    }
    Map<String, Optional<String>> keys = new LinkedHashMap<>();
    for (int i = 1; request.get("Tag." + i + ".Key").isPresent(); i++) {
      keys.put(request.get("Tag." + i + ".Key").orElseThrow(), request.get("Tag." + i + ".Value"));
    }
    Ec2Attributes.requireUserKeys(keys.keySet());
    String account = caller.account().id();
    store.write(
        w -> {
          Map<String, Map<String, String>> current = Ec2Attributes.userTags(w.tags(account));
          for (String resource : resources) {
            requireOwnResource(w, account, resource);
            Map<String, String> of = current.getOrDefault(resource, Map.of());
            if (keys.isEmpty()) {
              // The client's tags only: the reserved ones hold what EC2 keeps of the resource.
              of.keySet().forEach(key -> w.deleteTag(account, resource, key));
              continue;
            }
            keys.forEach(
                (key, value) -> {
                  if (value.isEmpty() || value.get().equals(of.get(key))) {
                    w.deleteTag(account, resource, key);
                  }
                });
          }
          return null;
        });
    return "<return>true</return>";
  }

  private static void requireOwnResource(ConfigReader reader, String account, String resource) {
    boolean own =
        reader.vpc(resource).filter(vpc -> vpc.accountId().equals(account)).isPresent()
            || reader.subnet(resource).filter(s -> s.accountId().equals(account)).isPresent()
            || reader
                .securityGroup(resource)
                .filter(g -> g.accountId().equals(account))
                .isPresent();
    if (!own) {
      throw new Ec2Error("InvalidID", "The ID '" + resource + "' is not valid");
    }
  }

  private void putTags(Caller caller, String resource, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    String account = caller.account().id();
    store.write(
        w -> {
          tags.forEach((key, value) -> w.putTag(new ResourceTag(account, resource, key, value)));
          return null;
        });
  }

  /** The clients' tags of the account's resources: never the reserved ones. */
  private Map<String, Map<String, String>> tagsByResource(String account) {
    return Ec2Attributes.userTags(store.tags(account));
  }

  private static String tagSet(Map<String, String> tags) {
    StringBuilder xml = new StringBuilder("<tagSet>");
    tags.forEach(
        (key, value) ->
            xml.append("<item><key>")
                .append(Xml.text(key))
                .append("</key><value>")
                .append(Xml.text(value))
                .append("</value></item>"));
    return xml.append("</tagSet>").toString();
  }

  /**
   * The resources {@code ids} names, in the order of {@code all}, or all of them when no id is
   * given; an id that names none of them is EC2's NotFound error for the kind.
   */
  private static <T> List<T> byIds(
      List<T> all, Function<T, String> id, List<String> ids, String code, String message) {
    if (ids.isEmpty()) {
      return all;
    }
    for (String wanted : ids) {
      if (all.stream().noneMatch(resource -> id.apply(resource).equals(wanted))) {
        throw new Ec2Error(code, message.formatted(wanted));
      }
    }
    return all.stream().filter(resource -> ids.contains(id.apply(resource))).toList();
  }
}
