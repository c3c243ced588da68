package io.isthmus.admin.aws.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.TestAdminApplication;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Resolver endpoints through Route 53 Resolver, on the /v1 endpoints and EC2's subnets. */
class ResolverEndpointsTest extends ResolverTestSupport {

  @Test
  void anEndpointIsMadeInItsSubnetsVpcWithTheLowestFreeAddressesAndIsAV1Endpoint() {
    Acct acct = account("rr-ep-create");
    Network net = network(acct);

    JsonNode created =
        ok(acct, "CreateResolverEndpoint", endpointBody(net, "req-1", "OUTBOUND"))
            .get("ResolverEndpoint");
    String id = created.get("Id").stringValue();

    assertThat(id).startsWith("rslvr-out-");
    assertThat(created.get("Arn").stringValue())
        .isEqualTo(
            "arn:aws:route53resolver:" + REGION + ":" + acct.id() + ":resolver-endpoint/" + id);
    assertThat(created.get("CreatorRequestId").stringValue()).isEqualTo("req-1");
    assertThat(created.get("Name").stringValue()).isEqualTo("ep-req-1");
    assertThat(created.get("HostVPCId").stringValue()).isEqualTo(net.vpcId());
    assertThat(created.get("Direction").stringValue()).isEqualTo("OUTBOUND");
    assertThat(created.get("IpAddressCount").intValue()).isEqualTo(2);
    assertThat(created.get("SecurityGroupIds").get(0).stringValue()).isEqualTo(net.groupId());
    assertThat(created.get("Status").stringValue()).isEqualTo("OPERATIONAL");
    assertThat(created.has("StatusMessage")).isFalse();
    assertThat(created.get("CreationTime").stringValue())
        .isEqualTo(TestAdminApplication.NOW.toString());
    assertThat(created.get("ModificationTime").stringValue())
        .isEqualTo(TestAdminApplication.NOW.toString());
    assertThat(created.get("ResolverEndpointType").stringValue()).isEqualTo("IPV4");
    assertThat(created.get("Protocols").get(0).stringValue()).isEqualTo("Do53");
    Reply v1 = get("/v1/resolver/endpoints/" + id, acct.token()).expect(200);
    assertThat(v1.text("/vpcId")).isEqualTo(net.vpcId());
    // AWS keeps the first four addresses of a subnet: .0/28 gives .4, .16/28 gives .20.
    assertThat(v1.text("/ipAddresses/0/ip")).isEqualTo(net.ip(4));
    assertThat(v1.text("/ipAddresses/1/ip")).isEqualTo(net.ip(20));
    assertThat(
            ok(acct, "GetResolverEndpoint", "{\"ResolverEndpointId\":\"" + id + "\"}")
                .get("ResolverEndpoint"))
        .isEqualTo(created);

    // The next endpoint gets the next free addresses; a given one is kept.
    String next =
        ok(
                acct,
                "CreateResolverEndpoint",
                """
                {"CreatorRequestId":"req-2","Direction":"INBOUND","SecurityGroupIds":["%s"],
                 "IpAddresses":[{"SubnetId":"%s"},{"SubnetId":"%s","Ip":"%s"}]}"""
                    .formatted(net.groupId(), net.subnet1(), net.subnet1(), net.ip(9)))
            .at("/ResolverEndpoint/Id")
            .stringValue();
    Reply second = get("/v1/resolver/endpoints/" + next, acct.token()).expect(200);
    assertThat(second.text("/ipAddresses/0/ip")).isEqualTo(net.ip(5));
    assertThat(second.text("/ipAddresses/1/ip")).isEqualTo(net.ip(9));
    assertThat(second.text("/name")).isEqualTo("inbound-endpoint");
  }

  @Test
  void theSameCreatorRequestIdIsRefusedAndNothingIsMadeTwice() {
    Acct acct = account("rr-ep-idem");
    Network net = network(acct);
    String id = outbound(acct, net, "once");

    assertThat(error(acct, "CreateResolverEndpoint", endpointBody(net, "once", "OUTBOUND")))
        .isEqualTo("ResourceExistsException");
    assertThat(message(acct, "CreateResolverEndpoint", endpointBody(net, "once", "OUTBOUND")))
        .contains(id);
    assertThat(get("/v1/resolver/endpoints", acct.token()).expect(200).body().get("items"))
        .hasSize(1);
    // Another account may use the same CreatorRequestId.
    Acct other = account("rr-ep-idem-other");
    outbound(other, network(other), "once");
  }

  @Test
  void subnetsAndSecurityGroupsMustBeTheCallersInOneVpc() {
    Acct acct = account("rr-ep-subnets");
    Acct other = account("rr-ep-subnets-other");
    Network net = network(acct);
    Network second = network(acct);
    Network foreign = network(other);
    String body =
        """
        {"CreatorRequestId":"x","Direction":"OUTBOUND","SecurityGroupIds":["%s"],
         "IpAddresses":[{"SubnetId":"%s"},{"SubnetId":"%s"%s}]}""";

    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                body.formatted(net.groupId(), net.subnet1(), second.subnet1(), "")))
        .isEqualTo("InvalidRequestException");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                body.formatted(net.groupId(), net.subnet1(), foreign.subnet1(), "")))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                body.formatted(second.groupId(), net.subnet1(), net.subnet2(), "")))
        .isEqualTo("InvalidRequestException");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                body.formatted(foreign.groupId(), net.subnet1(), net.subnet2(), "")))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                body.formatted(
                    net.groupId(), net.subnet1(), net.subnet2(), ",\"Ip\":\"" + net.ip(3) + "\"")))
        .isEqualTo("InvalidRequestException")
        .as("an address of the first subnet is not in the second");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                """
                {"CreatorRequestId":"x","Direction":"OUTBOUND","SecurityGroupIds":[],
                 "IpAddresses":[{"SubnetId":"%s"},{"SubnetId":"%s"}]}"""
                    .formatted(net.subnet1(), net.subnet2())))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                """
                {"CreatorRequestId":"x","Direction":"OUTBOUND","SecurityGroupIds":["%s"],
                 "IpAddresses":[{"SubnetId":"%s"}]}"""
                    .formatted(net.groupId(), net.subnet1())))
        .isEqualTo("InvalidParameterException")
        .as("/v1 wants two addresses at least");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                endpointBody(net, "x", "OUTBOUND").replace("OUTBOUND", "INBOUND_DELEGATION")))
        .isEqualTo("InvalidRequestException");
    assertThat(get("/v1/resolver/endpoints", acct.token()).expect(200).body().get("items"))
        .isEmpty();
  }

  @Test
  void unservedOptionsAreRefused() {
    Acct acct = account("rr-ep-unserved");
    Network net = network(acct);
    String body = endpointBody(net, "x", "OUTBOUND");
    for (String option :
        List.of(
            "\"ResolverEndpointType\":\"IPV6\"",
            "\"Protocols\":[\"DoH\"]",
            "\"OutpostArn\":\"arn:aws:outposts:x\"")) {
      assertThat(error(acct, "CreateResolverEndpoint", body.replace("{", "{" + option + ",")))
          .as(option)
          .isEqualTo("InvalidRequestException");
    }
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                body.replace("{\"SubnetId\"", "{\"Ipv6\":\"fd00::1\",\"SubnetId\"")))
        .isEqualTo("InvalidRequestException");
    String ok = body.replace("{", "{\"ResolverEndpointType\":\"IPV4\",\"Protocols\":[\"Do53\"],");
    ok(acct, "CreateResolverEndpoint", ok);
  }

  @Test
  void aFullSubnetIsRefused() {
    Acct acct = account("rr-ep-full");
    Network net = network(acct);
    String body =
        """
        {"CreatorRequestId":"c%d","Direction":"OUTBOUND","SecurityGroupIds":["%s"],
         "IpAddresses":[{"SubnetId":"%s"},{"SubnetId":"%s"}]}""";
    // A /28 has 16 addresses: 4 reserved at the start and the last one leave 11 (.4 to .14).
    for (int i = 0; i < 5; i++) {
      ok(
          acct,
          "CreateResolverEndpoint",
          body.formatted(i, net.groupId(), net.subnet1(), net.subnet1()));
    }
    ok(
        acct,
        "CreateResolverEndpoint",
        body.formatted(5, net.groupId(), net.subnet1(), net.subnet2()));
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                body.formatted(6, net.groupId(), net.subnet1(), net.subnet2())))
        .isEqualTo("InvalidRequestException");
    assertThat(
            message(
                acct,
                "CreateResolverEndpoint",
                body.formatted(6, net.groupId(), net.subnet1(), net.subnet2())))
        .contains(net.subnet1());
  }

  /** A small VPC of the documentation block: other tests use its other addresses as sources. */
  @Test
  void anEndpointWhoseAddressCannotBeBoundNeedsAction() {
    Acct acct = account("rr-ep-action");
    String vpcId =
        ec2Form(
            acct,
            "Action=CreateVpc&CidrBlock=" + TestAdminApplication.UNBINDABLE_PREFIX + "240/28");
    Network net =
        new Network(
            vpcId,
            TestAdminApplication.UNBINDABLE_PREFIX + "240/28",
            ec2Subnet(acct, vpcId, TestAdminApplication.UNBINDABLE_PREFIX + "240/29"),
            ec2Subnet(acct, vpcId, TestAdminApplication.UNBINDABLE_PREFIX + "248/29"),
            ec2Group(acct, vpcId));

    JsonNode endpoint =
        ok(acct, "CreateResolverEndpoint", endpointBody(net, "action", "INBOUND"))
            .get("ResolverEndpoint");
    JsonNode addresses =
        ok(
                acct,
                "ListResolverEndpointIpAddresses",
                "{\"ResolverEndpointId\":\"" + endpoint.get("Id").stringValue() + "\"}")
            .get("IpAddresses");

    assertThat(endpoint.get("Status").stringValue()).isEqualTo("ACTION_NEEDED");
    assertThat(endpoint.get("StatusMessage").stringValue()).isNotBlank();
    assertThat(addresses.get(0).get("Status").stringValue()).isEqualTo("FAILED_CREATION");
    assertThat(addresses.get(0).get("StatusMessage").stringValue())
        .isEqualTo(endpoint.get("StatusMessage").stringValue());
  }

  private String ec2Form(Acct acct, String form) {
    String xml =
        ec2.handle(
                caller(acct),
                REGION,
                io.isthmus.admin.aws.QueryRequest.parse(form + "&Version=2016-11-15"),
                "r")
            .xml();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<(?:vpcId|subnetId|groupId)>([^<]*)</").matcher(xml);
    assertThat(m.find()).as(xml).isTrue();
    return m.group(1);
  }

  private String ec2Subnet(Acct acct, String vpcId, String cidr) {
    return ec2Form(acct, "Action=CreateSubnet&VpcId=" + vpcId + "&CidrBlock=" + cidr);
  }

  private String ec2Group(Acct acct, String vpcId) {
    return ec2Form(
        acct, "Action=CreateSecurityGroup&VpcId=" + vpcId + "&GroupName=g&GroupDescription=g");
  }

  @Test
  void anEndpointIsRenamedListedWithItsAddressesAndDeleted() {
    Acct acct = account("rr-ep-life");
    Network net = network(acct);
    String id = outbound(acct, net, "life");
    String idBody = "{\"ResolverEndpointId\":\"" + id + "\"}";

    JsonNode renamed =
        ok(
                acct,
                "UpdateResolverEndpoint",
                "{\"ResolverEndpointId\":\"" + id + "\",\"Name\":\"renamed\"}")
            .get("ResolverEndpoint");
    JsonNode unchanged = ok(acct, "UpdateResolverEndpoint", idBody).get("ResolverEndpoint");
    JsonNode addresses = ok(acct, "ListResolverEndpointIpAddresses", idBody);

    assertThat(renamed.get("Name").stringValue()).isEqualTo("renamed");
    assertThat(unchanged.get("Name").stringValue()).isEqualTo("renamed");
    assertThat(get("/v1/resolver/endpoints/" + id, acct.token()).expect(200).text("/name"))
        .isEqualTo("renamed");
    assertThat(
            error(
                acct,
                "UpdateResolverEndpoint",
                "{\"ResolverEndpointId\":\"" + id + "\",\"Name\":\"bad name!\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "UpdateResolverEndpoint",
                "{\"ResolverEndpointId\":\"" + id + "\",\"UpdateIpAddresses\":[]}"))
        .isEqualTo("InvalidRequestException");
    assertThat(addresses.get("MaxResults").intValue()).isEqualTo(100);
    assertThat(addresses.get("IpAddresses")).hasSize(2);
    JsonNode first = addresses.get("IpAddresses").get(0);
    List<String> subnets = new ArrayList<>();
    addresses.get("IpAddresses").forEach(a -> subnets.add(a.get("SubnetId").stringValue()));
    assertThat(subnets).containsExactlyInAnyOrder(net.subnet1(), net.subnet2());
    assertThat(first.get("IpId").stringValue()).matches("rni-[0-9a-f]{17}");
    assertThat(first.get("Status").stringValue()).isEqualTo("ATTACHED");
    assertThat(first.get("Ip").stringValue()).isIn(net.ip(4), net.ip(20));
    JsonNode paged =
        ok(
            acct,
            "ListResolverEndpointIpAddresses",
            "{\"ResolverEndpointId\":\"" + id + "\",\"MaxResults\":1}");
    assertThat(paged.get("IpAddresses")).hasSize(1);
    JsonNode rest =
        ok(
            acct,
            "ListResolverEndpointIpAddresses",
            "{\"ResolverEndpointId\":\""
                + id
                + "\",\"NextToken\":\""
                + paged.get("NextToken").stringValue()
                + "\"}");
    assertThat(rest.get("IpAddresses")).hasSize(1);
    assertThat(rest.has("NextToken")).isFalse();

    JsonNode deleted = ok(acct, "DeleteResolverEndpoint", idBody).get("ResolverEndpoint");
    assertThat(deleted.get("Status").stringValue()).isEqualTo("DELETING");
    assertThat(deleted.get("Name").stringValue()).isEqualTo("renamed");
    assertThat(error(acct, "GetResolverEndpoint", idBody)).isEqualTo("ResourceNotFoundException");
    assertThat(error(acct, "DeleteResolverEndpoint", idBody))
        .isEqualTo("ResourceNotFoundException");
    // Its attributes went with it.
    assertThat(ResolverAttributes.createdBy(store, acct.id(), endpoint -> true, "life")).isEmpty();
  }

  @Test
  void addressesAreAddedInTheEndpointsSubnetsAndRemovedByIdOrIp() {
    Acct acct = account("rr-ep-addresses");
    Network net = network(acct);
    Network other = network(acct);
    String id = outbound(acct, net, "addr");
    String add = "{\"ResolverEndpointId\":\"" + id + "\",\"IpAddress\":%s}";

    JsonNode added =
        ok(
                acct,
                "AssociateResolverEndpointIpAddress",
                add.formatted("{\"SubnetId\":\"" + net.subnet1() + "\"}"))
            .get("ResolverEndpoint");
    ok(
        acct,
        "AssociateResolverEndpointIpAddress",
        add.formatted("{\"SubnetId\":\"" + net.subnet2() + "\",\"Ip\":\"" + net.ip(30) + "\"}"));

    assertThat(added.get("IpAddressCount").intValue()).isEqualTo(3);
    Reply v1 = get("/v1/resolver/endpoints/" + id, acct.token()).expect(200);
    assertThat(v1.text("/ipAddresses/2/ip")).isEqualTo(net.ip(5));
    assertThat(v1.text("/ipAddresses/3/ip")).isEqualTo(net.ip(30));
    assertThat(
            error(
                acct,
                "AssociateResolverEndpointIpAddress",
                add.formatted(
                    "{\"SubnetId\":\"" + net.subnet1() + "\",\"Ip\":\"" + net.ip(5) + "\"}")))
        .isEqualTo("ResourceExistsException");
    assertThat(
            error(
                acct,
                "AssociateResolverEndpointIpAddress",
                add.formatted(
                    "{\"SubnetId\":\"" + net.subnet1() + "\",\"Ip\":\"" + net.ip(20) + "\"}")))
        .isEqualTo("InvalidRequestException");
    assertThat(
            error(
                acct,
                "AssociateResolverEndpointIpAddress",
                add.formatted("{\"SubnetId\":\"" + other.subnet1() + "\"}")))
        .isEqualTo("InvalidRequestException");
    assertThat(
            error(
                acct,
                "AssociateResolverEndpointIpAddress",
                add.formatted("{\"SubnetId\":\"subnet-00000000000000000\"}")))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "AssociateResolverEndpointIpAddress",
                add.formatted("{\"SubnetId\":\"" + net.subnet1() + "\",\"Ipv6\":\"fd00::1\"}")))
        .isEqualTo("InvalidRequestException");
    assertThat(
            error(
                acct,
                "AssociateResolverEndpointIpAddress",
                "{\"ResolverEndpointId\":\"" + id + "\"}"))
        .isEqualTo("InvalidParameterException");
    ok(
        acct,
        "AssociateResolverEndpointIpAddress",
        add.formatted("{\"SubnetId\":\"" + net.subnet1() + "\"}"));
    ok(
        acct,
        "AssociateResolverEndpointIpAddress",
        add.formatted("{\"SubnetId\":\"" + net.subnet1() + "\"}"));
    assertThat(
            error(
                acct,
                "AssociateResolverEndpointIpAddress",
                add.formatted("{\"SubnetId\":\"" + net.subnet1() + "\"}")))
        .isEqualTo("LimitExceededException");

    JsonNode listed =
        ok(acct, "ListResolverEndpointIpAddresses", "{\"ResolverEndpointId\":\"" + id + "\"}");
    String ipId = null;
    for (JsonNode address : listed.get("IpAddresses")) {
      if (address.get("Ip").stringValue().equals(net.ip(30))) {
        ipId = address.get("IpId").stringValue();
      }
    }
    JsonNode removed =
        ok(
                acct,
                "DisassociateResolverEndpointIpAddress",
                add.formatted("{\"IpId\":\"" + ipId + "\"}"))
            .get("ResolverEndpoint");
    assertThat(removed.get("IpAddressCount").intValue()).isEqualTo(5);
    ok(
        acct,
        "DisassociateResolverEndpointIpAddress",
        add.formatted("{\"Ip\":\"" + net.ip(4) + "\"}"));
    assertThat(
            error(
                acct,
                "DisassociateResolverEndpointIpAddress",
                add.formatted("{\"Ip\":\"" + net.ip(4) + "\"}")))
        .isEqualTo("ResourceNotFoundException");
    assertThat(
            error(
                acct,
                "DisassociateResolverEndpointIpAddress",
                "{\"ResolverEndpointId\":\"" + id + "\"}"))
        .isEqualTo("InvalidParameterException");
    List<String> left = new ArrayList<>();
    get("/v1/resolver/endpoints/" + id, acct.token())
        .expect(200)
        .body()
        .get("ipAddresses")
        .forEach(address -> left.add(address.get("ip").stringValue()));
    assertThat(left).containsExactly(net.ip(20), net.ip(5), net.ip(6), net.ip(7));
    ok(
        acct,
        "DisassociateResolverEndpointIpAddress",
        add.formatted("{\"Ip\":\"" + net.ip(6) + "\"}"));
    ok(
        acct,
        "DisassociateResolverEndpointIpAddress",
        add.formatted("{\"Ip\":\"" + net.ip(7) + "\"}"));
    assertThat(
            error(
                acct,
                "DisassociateResolverEndpointIpAddress",
                add.formatted("{\"Ip\":\"" + net.ip(5) + "\"}")))
        .isEqualTo("InvalidRequestException");
    Acct stranger = account("rr-ep-addresses-stranger");
    assertThat(
            error(
                stranger,
                "DisassociateResolverEndpointIpAddress",
                add.formatted("{\"Ip\":\"" + net.ip(5) + "\"}")))
        .isEqualTo("ResourceNotFoundException");
  }

  @Test
  void anEndpointInUseByARuleIsNotDeleted() {
    Acct acct = account("rr-ep-inuse");
    String id = outbound(acct, network(acct), "inuse");
    forwardRule(acct, id, "rule", "inuse.example");

    assertThat(error(acct, "DeleteResolverEndpoint", "{\"ResolverEndpointId\":\"" + id + "\"}"))
        .isEqualTo("ResourceInUseException");
  }

  @Test
  void anotherAccountsEndpointDoesNotExist() {
    Acct acct = account("rr-ep-iso");
    Acct stranger = account("rr-ep-iso-stranger");
    String id = outbound(acct, network(acct), "iso");
    String idBody = "{\"ResolverEndpointId\":\"" + id + "\"}";

    for (String operation :
        List.of(
            "GetResolverEndpoint",
            "DeleteResolverEndpoint",
            "UpdateResolverEndpoint",
            "ListResolverEndpointIpAddresses")) {
      assertThat(error(stranger, operation, idBody))
          .as(operation)
          .isEqualTo("ResourceNotFoundException");
    }
    assertThat(
            error(
                stranger,
                "UpdateResolverEndpoint",
                "{\"ResolverEndpointId\":\"" + id + "\",\"Name\":\"mine\"}"))
        .isEqualTo("ResourceNotFoundException");
    assertThat(ok(stranger, "ListResolverEndpoints", "{}").get("ResolverEndpoints")).isEmpty();
    assertThat(get("/v1/resolver/endpoints/" + id, acct.token()).expect(200).text("/name"))
        .isEqualTo("ep-iso");
  }

  @Test
  void endpointsAreListedByPagesAndFilters() {
    Acct acct = account("rr-ep-list");
    Network net = network(acct);
    List<String> ids = new ArrayList<>();
    for (String creator : List.of("l1", "l2", "l3")) {
      ids.add(outbound(acct, net, creator));
    }
    ids.add(
        ok(acct, "CreateResolverEndpoint", endpointBody(net, "l4", "INBOUND"))
            .at("/ResolverEndpoint/Id")
            .stringValue());

    JsonNode first = ok(acct, "ListResolverEndpoints", "{\"MaxResults\":3}");
    JsonNode second =
        ok(
            acct,
            "ListResolverEndpoints",
            "{\"MaxResults\":3,\"NextToken\":\"" + first.get("NextToken").stringValue() + "\"}");
    List<String> listed = new ArrayList<>();
    first.get("ResolverEndpoints").forEach(e -> listed.add(e.get("Id").stringValue()));
    second.get("ResolverEndpoints").forEach(e -> listed.add(e.get("Id").stringValue()));

    assertThat(first.get("MaxResults").intValue()).isEqualTo(3);
    assertThat(first.get("ResolverEndpoints")).hasSize(3);
    assertThat(second.has("NextToken")).isFalse();
    assertThat(listed).containsExactlyElementsOf(ids.stream().sorted().toList());
    assertThat(ids(ok(acct, "ListResolverEndpoints", filter("Direction", "INBOUND"))))
        .containsExactly(ids.get(3));
    assertThat(ids(ok(acct, "ListResolverEndpoints", filter("CreatorRequestId", "l2"))))
        .containsExactly(ids.get(1));
    assertThat(ids(ok(acct, "ListResolverEndpoints", filter("Name", "ep-l1"))))
        .containsExactly(ids.get(0));
    assertThat(ids(ok(acct, "ListResolverEndpoints", filter("HostVPCId", net.vpcId())))).hasSize(4);
    assertThat(ids(ok(acct, "ListResolverEndpoints", filter("SecurityGroupIds", net.groupId()))))
        .hasSize(4);
    assertThat(ids(ok(acct, "ListResolverEndpoints", filter("IpAddressCount", "3")))).isEmpty();
    assertThat(ids(ok(acct, "ListResolverEndpoints", filter("Status", "OPERATIONAL")))).hasSize(4);
    assertThat(error(acct, "ListResolverEndpoints", filter("Colour", "x")))
        .isEqualTo("InvalidParameterException");
    assertThat(error(acct, "ListResolverEndpoints", "{\"MaxResults\":0}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(acct, "ListResolverEndpoints", "{\"MaxResults\":101}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(acct, "ListResolverEndpoints", "{\"NextToken\":\"!!\"}"))
        .isEqualTo("InvalidNextTokenException");
  }

  static String filter(String name, String value) {
    return "{\"Filters\":[{\"Name\":\"" + name + "\",\"Values\":[\"" + value + "\"]}]}";
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("ResolverEndpoints").forEach(e -> ids.add(e.get("Id").stringValue()));
    return ids;
  }
}
