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

  @Test
  void vpcAttributesHaveEc2sDefaultsAndReadBackWhatIsSetButNeverShowAsTags() {
    Acct acct = account("ec2-attrs");
    Acct other = account("ec2-attrs-other");
    String vpcId = first(ok(acct, "Action=CreateVpc&CidrBlock=" + freshCidr()), "vpcId");
    Function<String, String> attribute =
        name -> ok(acct, "Action=DescribeVpcAttribute&VpcId=" + vpcId + "&Attribute=" + name);

    assertThat(attribute.apply("enableDnsSupport"))
        .contains(
            "<vpcId>" + vpcId + "</vpcId><enableDnsSupport><value>true</value></enableDnsSupport>");
    assertThat(attribute.apply("enableDnsHostnames"))
        .contains("<enableDnsHostnames><value>false</value></enableDnsHostnames>");
    assertThat(attribute.apply("enableNetworkAddressUsageMetrics"))
        .contains(
            "<enableNetworkAddressUsageMetrics><value>false</value>"
                + "</enableNetworkAddressUsageMetrics>");

    assertThat(
            ok(acct, "Action=ModifyVpcAttribute&VpcId=" + vpcId + "&EnableDnsHostnames.Value=true"))
        .contains("<return>true</return>");
    ok(acct, "Action=ModifyVpcAttribute&VpcId=" + vpcId + "&EnableDnsSupport.Value=false");
    ok(acct, "Action=ModifyVpcAttribute&VpcId=" + vpcId + "&EnableDnsSupport.Value=true");
    ok(acct, "Action=CreateTags&ResourceId.1=" + vpcId + "&Tag.1.Key=env&Tag.1.Value=dev");
    ok(acct, "Action=DeleteTags&ResourceId.1=" + vpcId);

    assertThat(first(attribute.apply("enableDnsHostnames"), "value")).isEqualTo("true");
    assertThat(first(attribute.apply("enableDnsSupport"), "value")).isEqualTo("true");
    String described = ok(acct, "Action=DescribeVpcs&VpcId.1=" + vpcId);
    assertThat(described).contains("<tagSet></tagSet>").doesNotContain("aws:");
    assertThat(
            all(
                ok(acct, "Action=DescribeVpcs&Filter.1.Name=tag-key&Filter.1.Value.1=aws:*"),
                "vpcId"))
        .isEmpty();
    assertThat(
            error(
                acct,
                "Action=CreateTags&ResourceId.1=" + vpcId + "&Tag.1.Key=aws:ec2:x&Tag.1.Value=1"))
        .isEqualTo("InvalidParameterValue");
    assertThat(
            error(
                acct,
                "Action=DeleteTags&ResourceId.1="
                    + vpcId
                    + "&Tag.1.Key=aws:ec2:vpc-attribute:enableDnsHostnames"))
        .isEqualTo("InvalidParameterValue");
    assertThat(
            error(
                acct,
                "Action=CreateVpc&CidrBlock="
                    + freshCidr()
                    + "&TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=AWS:x"))
        .isEqualTo("InvalidParameterValue");
    assertThat(first(attribute.apply("enableDnsHostnames"), "value")).isEqualTo("true");

    assertThat(error(acct, "Action=DescribeVpcAttribute&VpcId=" + vpcId + "&Attribute=colour"))
        .isEqualTo("InvalidParameterValue");
    assertThat(error(acct, "Action=DescribeVpcAttribute&VpcId=" + vpcId))
        .isEqualTo("MissingParameter");
    assertThat(
            error(
                acct,
                "Action=DescribeVpcAttribute&VpcId=vpc-0000000000000000f&Attribute=enableDnsSupport"))
        .isEqualTo("InvalidVpcID.NotFound");
    assertThat(
            error(
                other,
                "Action=DescribeVpcAttribute&VpcId=" + vpcId + "&Attribute=enableDnsSupport"))
        .isEqualTo("InvalidVpcID.NotFound");
    assertThat(
            error(
                other,
                "Action=ModifyVpcAttribute&VpcId=" + vpcId + "&EnableDnsSupport.Value=false"))
        .isEqualTo("InvalidVpcID.NotFound");
    assertThat(
            error(acct, "Action=ModifyVpcAttribute&VpcId=" + vpcId + "&EnableDnsSupport.Value=x"))
        .isEqualTo("InvalidParameterValue");
    assertThat(
            error(
                acct,
                "Action=ModifyVpcAttribute&VpcId="
                    + vpcId
                    + "&EnableDnsSupport.Value=true&EnableDnsHostnames.Value=true"))
        .isEqualTo("InvalidParameterCombination");
    assertThat(error(acct, "Action=ModifyVpcAttribute&VpcId=" + vpcId))
        .isEqualTo("MissingParameter");
    assertThat(first(attribute.apply("enableDnsSupport"), "value")).isEqualTo("true");

    ok(acct, "Action=DeleteVpc&VpcId=" + vpcId);
    assertThat(store.tags(acct.id())).isEmpty();
  }

  @Test
  void securityGroupRulesAreKeptPerSourceAndReadBackGatheredByProtocolAndPorts() {
    Acct acct = account("ec2-rules");
    Acct other = account("ec2-rules-other");
    String vpcId = first(ok(acct, "Action=CreateVpc&CidrBlock=" + freshCidr()), "vpcId");
    String web =
        first(
            ok(
                acct,
                "Action=CreateSecurityGroup&GroupName=web&GroupDescription=web&VpcId="
                    + vpcId
                    + "&TagSpecification.1.ResourceType=security-group"
                    + "&TagSpecification.1.Tag.1.Key=tier&TagSpecification.1.Tag.1.Value=front"),
            "groupId");
    String db =
        first(
            ok(acct, "Action=CreateSecurityGroup&GroupName=db&GroupDescription=db&VpcId=" + vpcId),
            "groupId");
    Function<String, String> describe =
        id -> ok(acct, "Action=DescribeSecurityGroups&GroupId.1=" + id);

    // A new group sends anything anywhere, as in EC2.
    assertThat(describe.apply(web))
        .contains(
            "<ipPermissions></ipPermissions><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol>"
                + "<groups></groups><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>"
                + "<ipv6Ranges></ipv6Ranges><prefixListIds></prefixListIds></item>"
                + "</ipPermissionsEgress>")
        .contains("<tagSet><item><key>tier</key><value>front</value></item></tagSet>");

    // What Terraform's aws_security_group does on create: revoke both defaults (the IPv6 one
    // is absent from a group of an IPv4 VPC), then authorize its rules.
    String revokeAll =
        "&IpPermissions.1.IpProtocol=-1&IpPermissions.1.FromPort=0&IpPermissions.1.ToPort=0";
    assertThat(
            ok(
                acct,
                "Action=RevokeSecurityGroupEgress&GroupId="
                    + web
                    + revokeAll
                    + "&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0/0"))
        .contains("<return>true</return>");
    assertThat(
            error(
                acct,
                "Action=RevokeSecurityGroupEgress&GroupId="
                    + web
                    + revokeAll
                    + "&IpPermissions.1.Ipv6Ranges.1.CidrIpv6=::/0"))
        .isEqualTo("InvalidPermission.NotFound");
    assertThat(describe.apply(web)).contains("<ipPermissionsEgress></ipPermissionsEgress>");

    String dns =
        "&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=53&IpPermissions.1.ToPort=53"
            + "&IpPermissions.1.IpRanges.1.CidrIp=10.1.0.0/16"
            + "&IpPermissions.1.IpRanges.1.Description=dns+over+tcp"
            + "&IpPermissions.1.IpRanges.2.CidrIp=10.2.0.0/16"
            + "&IpPermissions.2.IpProtocol=17&IpPermissions.2.FromPort=53&IpPermissions.2.ToPort=53"
            + "&IpPermissions.2.Groups.1.GroupId="
            + web
            + "&IpPermissions.2.Groups.2.GroupId="
            + db;
    ok(acct, "Action=AuthorizeSecurityGroupIngress&GroupId=" + web + dns);
    ok(
        acct,
        "Action=AuthorizeSecurityGroupEgress&GroupId="
            + web
            + "&IpPermissions.1.IpProtocol=all&IpPermissions.1.Ipv6Ranges.1.CidrIpv6=fd00::/8");

    String described = describe.apply(web);
    assertThat(described)
        .contains(
            "<ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>53</fromPort>"
                + "<toPort>53</toPort><groups></groups><ipRanges><item><cidrIp>10.1.0.0/16</cidrIp>"
                + "<description>dns over tcp</description></item><item><cidrIp>10.2.0.0/16</cidrIp>"
                + "</item></ipRanges><ipv6Ranges></ipv6Ranges><prefixListIds></prefixListIds>"
                + "</item><item><ipProtocol>udp</ipProtocol><fromPort>53</fromPort>"
                + "<toPort>53</toPort><groups><item><userId>"
                + acct.id()
                + "</userId><groupId>")
        .contains(
            "<item><userId>" + acct.id() + "</userId><groupId>" + db + "</groupId></item>",
            "<item><userId>" + acct.id() + "</userId><groupId>" + web + "</groupId></item>")
        .contains(
            "<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups></groups><ipRanges>"
                + "</ipRanges><ipv6Ranges><item><cidrIpv6>fd00::/8</cidrIpv6></item></ipv6Ranges>")
        .contains("<tagSet><item><key>tier</key><value>front</value></item></tagSet>")
        .doesNotContain("aws:");

    assertThat(
            error(
                acct,
                "Action=AuthorizeSecurityGroupIngress&GroupId="
                    + web
                    + "&IpPermissions.1.IpProtocol=6&IpPermissions.1.FromPort=53"
                    + "&IpPermissions.1.ToPort=53&IpPermissions.1.IpRanges.1.CidrIp=10.2.0.0/16"))
        .isEqualTo("InvalidPermission.Duplicate");
    assertThat(
            error(
                acct,
                "Action=AuthorizeSecurityGroupIngress&GroupId="
                    + web
                    + "&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=80"
                    + "&IpPermissions.1.ToPort=79&IpPermissions.1.IpRanges.1.CidrIp=10.2.0.0/16"))
        .isEqualTo("InvalidParameterValue");
    assertThat(
            error(
                acct,
                "Action=AuthorizeSecurityGroupIngress&GroupId="
                    + web
                    + "&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=80"
                    + "&IpPermissions.1.ToPort=80&IpPermissions.1.IpRanges.1.CidrIp=fd00::/8"))
        .isEqualTo("InvalidParameterValue");
    assertThat(
            error(
                acct,
                "Action=AuthorizeSecurityGroupIngress&GroupId="
                    + web
                    + "&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=80"
                    + "&IpPermissions.1.ToPort=80"
                    + "&IpPermissions.1.Groups.1.GroupId=sg-0000000000000000f"))
        .isEqualTo("InvalidGroup.NotFound");
    assertThat(
            error(
                other,
                "Action=AuthorizeSecurityGroupIngress&GroupId="
                    + web
                    + "&IpPermissions.1.IpProtocol=-1&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0/0"))
        .isEqualTo("InvalidGroup.NotFound");
    assertThat(error(acct, "Action=AuthorizeSecurityGroupIngress&GroupId=" + web))
        .isEqualTo("MissingParameter");

    // A group another group's rule names stays until that rule goes.
    assertThat(error(acct, "Action=DeleteSecurityGroup&GroupId=" + db))
        .isEqualTo("DependencyViolation");
    ok(
        acct,
        "Action=RevokeSecurityGroupIngress&GroupId="
            + web
            + "&IpPermissions.1.IpProtocol=udp&IpPermissions.1.FromPort=53"
            + "&IpPermissions.1.ToPort=53&IpPermissions.1.Groups.1.GroupId="
            + db
            + "&IpPermissions.2.IpProtocol=tcp&IpPermissions.2.FromPort=53"
            + "&IpPermissions.2.ToPort=53&IpPermissions.2.IpRanges.1.CidrIp=10.1.0.0/16");
    assertThat(all(describe.apply(web), "cidrIp")).containsExactly("10.2.0.0/16");
    assertThat(all(describe.apply(web), "groupId")).containsExactly(web, web);
    ok(acct, "Action=DeleteSecurityGroup&GroupId=" + db);
    ok(acct, "Action=DeleteTags&ResourceId.1=" + web);
    assertThat(all(describe.apply(web), "cidrIp")).containsExactly("10.2.0.0/16");

    ok(acct, "Action=DeleteSecurityGroup&GroupId=" + web);
    ok(acct, "Action=DeleteVpc&VpcId=" + vpcId);
    assertThat(store.tags(acct.id())).isEmpty();
  }

  @Test
  void networkAclsRouteTablesAndNetworkInterfacesAreNone() {
    Acct acct = account("ec2-none");
    String vpcId = first(ok(acct, "Action=CreateVpc&CidrBlock=" + freshCidr()), "vpcId");

    // The calls of Terraform's aws_vpc read and of its subnet and security group deletes.
    assertThat(
            ok(
                acct,
                "Action=DescribeNetworkAcls&Filter.1.Name=default&Filter.1.Value.1=true"
                    + "&Filter.2.Name=vpc-id&Filter.2.Value.1="
                    + vpcId))
        .contains("<networkAclSet/>");
    assertThat(
            ok(
                acct,
                "Action=DescribeRouteTables&Filter.1.Name=association.main&Filter.1.Value.1=true"
                    + "&Filter.2.Name=vpc-id&Filter.2.Value.1="
                    + vpcId))
        .contains("<routeTableSet/>");
    assertThat(
            ok(
                acct,
                "Action=DescribeNetworkInterfaces&Filter.1.Name=subnet-id"
                    + "&Filter.1.Value.1=subnet-0000000000000000f"))
        .contains("<networkInterfaceSet/>");
    assertThat(
            all(
                ok(
                    acct,
                    "Action=DescribeSecurityGroups&Filter.1.Name=group-name"
                        + "&Filter.1.Value.1=default&Filter.2.Name=vpc-id&Filter.2.Value.1="
                        + vpcId),
                "groupId"))
        .isEmpty();
    assertThat(error(acct, "Action=DescribeRouteTables&RouteTableId.1=rtb-0000000000000000f"))
        .isEqualTo("InvalidRouteTableID.NotFound");
    assertThat(error(acct, "Action=DescribeNetworkAcls&NetworkAclId.1=acl-0000000000000000f"))
        .isEqualTo("InvalidNetworkAclID.NotFound");
  }

  @Test
  void aSubnetShowsTheLaunchOptionsTerraformComparesAtTheirDefaults() {
    Acct acct = account("ec2-subnet-options");
    String vpcId = first(ok(acct, "Action=CreateVpc&CidrBlock=10.202.0.0/16"), "vpcId");

    String subnet = ok(acct, "Action=CreateSubnet&VpcId=" + vpcId + "&CidrBlock=10.202.1.0/24");

    assertThat(subnet)
        .contains("<mapPublicIpOnLaunch>false</mapPublicIpOnLaunch>")
        .contains("<assignIpv6AddressOnCreation>false</assignIpv6AddressOnCreation>")
        .contains("<enableDns64>false</enableDns64>")
        .contains(
            "<privateDnsNameOptionsOnLaunch><hostnameType>ip-name</hostnameType>"
                + "<enableResourceNameDnsARecord>false</enableResourceNameDnsARecord>"
                + "<enableResourceNameDnsAAAARecord>false</enableResourceNameDnsAAAARecord>"
                + "</privateDnsNameOptionsOnLaunch>");
  }
}
