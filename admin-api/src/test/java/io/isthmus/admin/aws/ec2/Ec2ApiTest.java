package io.isthmus.admin.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.vpcs.ResolverAddressPool;
import io.isthmus.admin.vpcs.VpcService;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.TargetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** EC2's shapes on the {@code /v1} VPCs and the store's subnets, security groups and tags. */
class Ec2ApiTest extends ApiTestSupport {
  @Autowired Ec2Api ec2;
  @Autowired ConfigStore store;
  @Autowired VpcService vpcs;

  private static Caller caller(Acct acct) {
    return new Caller.Member(new Account(acct.id(), acct.name()));
  }

  private Ec2Api.Answer call(Acct acct, String form) {
    return ec2.handle(
        caller(acct), "eu-west-1", QueryRequest.parse(form + "&Version=2016-11-15"), "req-1");
  }

  private String ok(Acct acct, String form) {
    Ec2Api.Answer answer = call(acct, form);
    assertThat(answer.status()).as(answer.xml()).isEqualTo(200);
    return answer.xml();
  }

  /** The code of an EC2 error answer, which must have status 400. */
  private String error(Acct acct, String form) {
    Ec2Api.Answer answer = call(acct, form);
    assertThat(answer.status()).as(answer.xml()).isEqualTo(400);
    Matcher code =
        Pattern.compile("<Response><Errors><Error><Code>([^<]+)</Code>").matcher(answer.xml());
    assertThat(code.find()).as(answer.xml()).isTrue();
    return code.group(1);
  }

  private static String first(String xml, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
    assertThat(m.find()).as(xml).isTrue();
    return m.group(1);
  }

  private static List<String> all(String xml, String element) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void aVpcMadeThroughEc2IsAnIsthmusVpcWithItsTagsAndIsFoundByFilters() {
    Acct acct = account("ec2-vpcs");
    Acct other = account("ec2-vpcs-other");
    String cidr = freshCidr();

    String created =
        ok(
            acct,
            "Action=CreateVpc&CidrBlock="
                + cidr
                + "&TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=Name"
                + "&TagSpecification.1.Tag.1.Value=app-vpc&TagSpecification.1.Tag.2.Key=env"
                + "&TagSpecification.1.Tag.2.Value=prod");
    String vpcId = first(created, "vpcId");
    String untagged = first(ok(acct, "Action=CreateVpc&CidrBlock=" + freshCidr()), "vpcId");
    ok(other, "Action=CreateVpc&CidrBlock=" + freshCidr());

    assertThat(created)
        .startsWith(
            "<CreateVpcResponse xmlns=\""
                + Ec2Api.NAMESPACE
                + "\"><requestId>req-1</requestId><vpc>")
        .contains("<cidrBlock>" + cidr + "</cidrBlock>", "<ownerId>" + acct.id() + "</ownerId>")
        .contains("<item><key>Name</key><value>app-vpc</value></item>");
    assertThat(get("/v1/vpcs/" + vpcId, acct.token()).expect(200).text("/name"))
        .isEqualTo("app-vpc");
    assertThat(get("/v1/vpcs/" + vpcId, acct.token()).expect(200).text("/region"))
        .isEqualTo("eu-west-1");
    assertThat(all(ok(acct, "Action=DescribeVpcs"), "vpcId"))
        .containsExactlyInAnyOrder(vpcId, untagged);
    assertThat(
            all(
                ok(acct, "Action=DescribeVpcs&Filter.1.Name=tag:env&Filter.1.Value.1=pr*"),
                "vpcId"))
        .containsExactly(vpcId);
    assertThat(
            all(
                ok(acct, "Action=DescribeVpcs&Filter.1.Name=tag-key&Filter.1.Value.1=Name"),
                "vpcId"))
        .containsExactly(vpcId);
    assertThat(
            all(
                ok(
                    acct,
                    "Action=DescribeVpcs&Filter.1.Name=cidr&Filter.1.Value.1=nope&Filter.1.Value.2="
                        + cidr),
                "vpcId"))
        .containsExactly(vpcId);
    assertThat(all(ok(acct, "Action=DescribeVpcs&VpcId.1=" + untagged), "vpcId"))
        .containsExactly(untagged);
    assertThat(error(acct, "Action=DescribeVpcs&Filter.1.Name=colour&Filter.1.Value.1=x"))
        .isEqualTo("InvalidParameterValue");
    assertThat(error(acct, "Action=DescribeVpcs&VpcId.1=vpc-0000000000000000f"))
        .isEqualTo("InvalidVpcID.NotFound");
    assertThat(error(other, "Action=DescribeVpcs&VpcId.1=" + vpcId))
        .isEqualTo("InvalidVpcID.NotFound");

    assertThat(ok(acct, "Action=DeleteVpc&VpcId=" + untagged)).contains("<return>true</return>");
    assertThat(error(acct, "Action=DeleteVpc&VpcId=" + untagged))
        .isEqualTo("InvalidVpcID.NotFound");
    assertThat(error(other, "Action=DeleteVpc&VpcId=" + vpcId)).isEqualTo("InvalidVpcID.NotFound");
  }

  @Test
  void withoutAPoolAnOverlappingCidrIsRefusedWithWhatWouldAllowIt() {
    Acct acct = account("ec2-overlap");
    String cidr = freshCidr();
    ok(acct, "Action=CreateVpc&CidrBlock=" + cidr);

    Ec2Api.Answer answer = call(acct, "Action=CreateVpc&CidrBlock=" + cidr);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.xml())
        .contains("<Code>InvalidVpc.Range</Code>")
        .contains("The CIDR &apos;" + cidr + "&apos; overlaps")
        .contains("isthmus.aws.vpc-resolver-addresses");
  }

  @Test
  void withAPoolEachVpcGetsTheLowestFreeResolverAddressAndMayShareItsCidr() {
    Acct acct = account("ec2-pool");
    Ec2Api pooled = new Ec2Api(store, vpcs, ResolverAddressPool.of("127.77.0.0/31", 5300));
    String cidr = freshCidr();
    Function<String, Ec2Api.Answer> create =
        form ->
            pooled.handle(
                caller(acct),
                "eu-west-1",
                QueryRequest.parse(form + "&Version=2016-11-15"),
                "req-1");

    String first = first(create.apply("Action=CreateVpc&CidrBlock=" + cidr).xml(), "vpcId");
    String second = first(create.apply("Action=CreateVpc&CidrBlock=" + cidr).xml(), "vpcId");
    Ec2Api.Answer exhausted = create.apply("Action=CreateVpc&CidrBlock=" + freshCidr());

    assertThat(store.vpc(first).orElseThrow().resolverAddresses())
        .containsExactly(new TargetAddress("127.77.0.0", 5300));
    assertThat(store.vpc(second).orElseThrow().resolverAddresses())
        .containsExactly(new TargetAddress("127.77.0.1", 5300));
    assertThat(exhausted.status()).isEqualTo(400);
    assertThat(exhausted.xml()).contains("Every address of the VPC resolver pool 127.77.0.0/31");
  }

  @Test
  void aPoolIsACidrBlockAndAPort() {
    assertThat(ResolverAddressPool.of(" ", 53)).isEmpty();
    assertThat(ResolverAddressPool.of("fd00::/120", 53).orElseThrow().block().prefixLength())
        .isEqualTo(120);
    assertThatThrownBy(() -> ResolverAddressPool.of("127.77.0.0", 53))
        .hasMessageContaining("isthmus.aws.vpc-resolver-addresses");
    assertThatThrownBy(() -> ResolverAddressPool.of("127.77.0.0/24", 0))
        .hasMessageContaining("isthmus.aws.vpc-resolver-port");
    assertThatThrownBy(() -> ResolverAddressPool.of("127.77.0.0/24", 65536))
        .hasMessageContaining("isthmus.aws.vpc-resolver-port");
  }

  @Test
  void badVpcRequestsGetEc2sCodes() {
    Acct acct = account("ec2-bad");

    assertThat(error(acct, "Action=CreateVpc")).isEqualTo("MissingParameter");
    assertThat(error(acct, "Action=CreateVpc&CidrBlock=10.0.0.300/16"))
        .isEqualTo("InvalidVpc.Range");
    assertThat(error(acct, "Action=RunInstances")).isEqualTo("InvalidAction");
    assertThat(
            ec2.handle(
                    caller(acct),
                    "eu-west-1",
                    QueryRequest.parse("Action=DescribeVpcs&Version=2015-01-01"),
                    "r")
                .status())
        .isEqualTo(400);
    assertThat(get("/v1/vpcs", acct.token()).expect(200).body().get("items")).isEmpty();
  }

  @Test
  void subnetsLieInTheirVpcAndSecurityGroupsAreKeptOnePerNameAndBothHoldTheVpc() {
    Acct acct = account("ec2-subnets");
    String vpcId = first(ok(acct, "Action=CreateVpc&CidrBlock=10.200.0.0/16"), "vpcId");

    String subnet =
        ok(
            acct,
            "Action=CreateSubnet&VpcId="
                + vpcId
                + "&CidrBlock=10.200.1.0/24&AvailabilityZone=eu-west-1b"
                + "&TagSpecification.1.ResourceType=subnet&TagSpecification.1.Tag.1.Key=tier"
                + "&TagSpecification.1.Tag.1.Value=db");
    String subnetId = first(subnet, "subnetId");
    String other =
        first(
            ok(acct, "Action=CreateSubnet&VpcId=" + vpcId + "&CidrBlock=10.200.2.0/24"),
            "subnetId");

    assertThat(subnet)
        .contains("<availabilityZone>eu-west-1b</availabilityZone>")
        .contains("<availableIpAddressCount>251</availableIpAddressCount>")
        .contains(
            "<subnetArn>arn:aws:ec2:eu-west-1:"
                + acct.id()
                + ":subnet/"
                + subnetId
                + "</subnetArn>");
    assertThat(first(ok(acct, "Action=DescribeSubnets&SubnetId.1=" + other), "availabilityZone"))
        .isEqualTo("eu-west-1a");
    assertThat(
            all(
                ok(acct, "Action=DescribeSubnets&Filter.1.Name=vpc-id&Filter.1.Value.1=" + vpcId),
                "subnetId"))
        .containsExactlyInAnyOrder(subnetId, other);
    assertThat(
            all(
                ok(acct, "Action=DescribeSubnets&Filter.1.Name=tag:tier&Filter.1.Value.1=db"),
                "subnetId"))
        .containsExactly(subnetId);
    assertThat(error(acct, "Action=CreateSubnet&VpcId=" + vpcId + "&CidrBlock=10.201.0.0/24"))
        .isEqualTo("InvalidSubnet.Range");
    assertThat(error(acct, "Action=CreateSubnet&VpcId=" + vpcId + "&CidrBlock=10.200.1.128/25"))
        .isEqualTo("InvalidSubnet.Conflict");
    assertThat(
            error(
                acct,
                "Action=CreateSubnet&VpcId="
                    + vpcId
                    + "&CidrBlock=10.200.3.0/24&AvailabilityZone=us-east-1a"))
        .isEqualTo("InvalidParameterValue");

    String groupId =
        first(
            ok(
                acct,
                "Action=CreateSecurityGroup&GroupName=web&GroupDescription=the+web+tier&VpcId="
                    + vpcId),
            "groupId");
    assertThat(
            error(
                acct,
                "Action=CreateSecurityGroup&GroupName=web&GroupDescription=again&VpcId=" + vpcId))
        .isEqualTo("InvalidGroup.Duplicate");
    assertThat(error(acct, "Action=CreateSecurityGroup&GroupName=db&GroupDescription=no+vpc"))
        .isEqualTo("MissingParameter");
    String groups = ok(acct, "Action=DescribeSecurityGroups&GroupName.1=web");
    assertThat(all(groups, "groupId")).containsExactly(groupId);
    assertThat(groups).contains("<groupDescription>the web tier</groupDescription>");

    assertThat(error(acct, "Action=DeleteVpc&VpcId=" + vpcId)).isEqualTo("DependencyViolation");
    ok(acct, "Action=DeleteSubnet&SubnetId=" + subnetId);
    ok(acct, "Action=DeleteSubnet&SubnetId=" + other);
    assertThat(error(acct, "Action=DeleteSubnet&SubnetId=" + other))
        .isEqualTo("InvalidSubnetID.NotFound");
    ok(acct, "Action=DeleteSecurityGroup&GroupId=" + groupId);
    assertThat(error(acct, "Action=DeleteSecurityGroup&GroupName=web"))
        .isEqualTo("InvalidGroup.NotFound");
    ok(acct, "Action=DeleteVpc&VpcId=" + vpcId);
    assertThat(store.tags(acct.id())).isEmpty();
  }

  @Test
  void tagsAreSetAndDeletedOnOwnResourcesOnly() {
    Acct acct = account("ec2-tags");
    Acct stranger = account("ec2-tags-stranger");
    String vpcId = first(ok(acct, "Action=CreateVpc&CidrBlock=" + freshCidr()), "vpcId");

    ok(
        acct,
        "Action=CreateTags&ResourceId.1="
            + vpcId
            + "&Tag.1.Key=a&Tag.1.Value=1&Tag.2.Key=b&Tag.2.Value=2");
    assertThat(
            error(
                stranger, "Action=CreateTags&ResourceId.1=" + vpcId + "&Tag.1.Key=a&Tag.1.Value=x"))
        .isEqualTo("InvalidID");
    ok(
        acct,
        "Action=DeleteTags&ResourceId.1=" + vpcId + "&Tag.1.Key=a&Tag.1.Value=not-1&Tag.2.Key=b");
    String described = ok(acct, "Action=DescribeVpcs&VpcId.1=" + vpcId);

    assertThat(all(described, "key")).containsExactly("a");
    assertThat(all(described, "value")).containsExactly("1");
    ok(acct, "Action=DeleteTags&ResourceId.1=" + vpcId);
    assertThat(all(ok(acct, "Action=DescribeVpcs&VpcId.1=" + vpcId), "key")).isEmpty();
  }
}
