"""The EC2 calls of Terraform's AWS provider for one operation of aws_vpc, aws_subnet or
aws_security_group, replayed with boto3 against an endpoint, in the provider's order.

Followed: hashicorp/terraform-provider-aws internal/service/ec2: vpc_.go (create: CreateVpc with
its TagSpecifications, DescribeVpcs until available, ModifyVpcAttribute for each of
enable_dns_hostnames (default false), enable_dns_support (default true) and
enable_network_address_usage_metrics (default false) that differs from EC2's default, each waited
for by DescribeVpcAttribute; read: DescribeVpcs, DescribeVpcAttribute for the three attributes,
whose errors fail the read, then DescribeNetworkAcls (default, vpc-id), DescribeRouteTables
(association.main, vpc-id) and DescribeSecurityGroups (group-name default, vpc-id), whose errors
and empty answers are only logged; update: ModifyVpcAttribute per changed attribute, tags by
DeleteTags of the removed keys and CreateTags of the new values; delete: DeleteVpc
(InvalidVpcID.NotFound is done), then DescribeVpcs until InvalidVpcID.NotFound), vpc_subnet.go
(create: CreateSubnet, DescribeSubnets until available, ModifySubnetAttribute only where the
subnet's value differs from the configuration, then DescribeSubnets; delete: DescribeNetworkInterfaces
(subnet-id) for lingering interfaces, whose error fails the delete, then DeleteSubnet),
vpc_security_group.go (create: CreateSecurityGroup, DescribeSecurityGroups until found,
RevokeSecurityGroupEgress of the IPv4 allow-all rule, which must succeed, and of the IPv6 one,
InvalidPermission.NotFound tolerated, then update: DescribeSecurityGroups, Revoke then Authorize
the rules that left and joined the configuration, ingress then egress, and read:
DescribeSecurityGroups gathered into rules per protocol, ports and description; delete:
DescribeNetworkInterfaces (group-id), DeleteSecurityGroup, DescribeSecurityGroups until
InvalidGroup.NotFound). The finders are in findv2.go and find.go.

Usage: python3 terraform_ec2.py ENDPOINT KEY_ID SECRET REQUEST, a JSON {"op": ..., ...}.
Prints one JSON document: what the provider would keep in its state, and every call made.
"""
import json

import botocore

import replay
from replay import Failed


def call(operation, **params):
    return replay.call(ec2, operation, **params)


def code(e):
    return replay.error_code(e)


def tag_specifications(resource_type, tags):
    if not tags:
        return []
    return [{"ResourceType": resource_type, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}]


def tags_of(resource):
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}


def update_tags(resource_id, old, new):
    removed = [k for k in old if k not in new]
    if removed:
        call("delete_tags", Resources=[resource_id], Tags=[{"Key": k} for k in removed])
    changed = {k: v for k, v in new.items() if old.get(k) != v}
    if changed:
        call("create_tags", Resources=[resource_id], Tags=[{"Key": k, "Value": v} for k, v in changed.items()])


# --- aws_vpc -------------------------------------------------------------------------------------

VPC_ATTRIBUTES = {
    "enable_dns_hostnames": ("enableDnsHostnames", "EnableDnsHostnames", False),
    "enable_dns_support": ("enableDnsSupport", "EnableDnsSupport", True),
    "enable_network_address_usage_metrics": (
        "enableNetworkAddressUsageMetrics",
        "EnableNetworkAddressUsageMetrics",
        False,
    ),
}


def vpc_attribute(vpc_id, attribute):
    name, field, _ = VPC_ATTRIBUTES[attribute]
    return call("describe_vpc_attribute", VpcId=vpc_id, Attribute=name)[field]["Value"]


def modify_vpc_attribute(vpc_id, attribute, value):
    _, field, _ = VPC_ATTRIBUTES[attribute]
    call("modify_vpc_attribute", VpcId=vpc_id, **{field: {"Value": value}})
    for _ in range(20):
        if vpc_attribute(vpc_id, attribute) == value:
            return
    raise Failed("%s of %s never %s" % (attribute, vpc_id, value))


def vpc_create(request):
    created = call(
        "create_vpc",
        CidrBlock=request["cidr_block"],
        AmazonProvidedIpv6CidrBlock=False,
        InstanceTenancy="default",
        TagSpecifications=tag_specifications("vpc", request.get("tags")),
    )
    vpc_id = created["Vpc"]["VpcId"]
    for _ in range(20):
        if call("describe_vpcs", VpcIds=[vpc_id])["Vpcs"][0]["State"] == "available":
            break
    for attribute, (_, _, default) in VPC_ATTRIBUTES.items():
        wanted = request.get(attribute, default)
        if wanted != default:
            modify_vpc_attribute(vpc_id, attribute, wanted)
    return vpc_read({"vpc_id": vpc_id})


def vpc_read(request):
    vpc_id = request["vpc_id"]
    try:
        vpc = call("describe_vpcs", VpcIds=[vpc_id])["Vpcs"][0]
    except botocore.exceptions.ClientError as e:
        if code(e) == "InvalidVpcID.NotFound":
            return {"found": False}
        raise
    state = {
        "found": True,
        "id": vpc_id,
        "cidr_block": vpc["CidrBlock"],
        "owner_id": vpc["OwnerId"],
        "instance_tenancy": vpc["InstanceTenancy"],
        "dhcp_options_id": vpc["DhcpOptionsId"],
        "tags": tags_of(vpc),
    }
    for attribute in VPC_ATTRIBUTES:
        state[attribute] = vpc_attribute(vpc_id, attribute)
    warnings = []

    def single(operation, key, id_key, filters):
        try:
            found = call(operation, Filters=[{"Name": k, "Values": [v]} for k, v in filters.items()])[key]
        except botocore.exceptions.ClientError as e:
            warnings.append("%s %s" % (operation, code(e)))
            return None
        if len(found) != 1:
            warnings.append("%s: %d found" % (operation, len(found)))
            return None
        return found[0][id_key]

    state["default_network_acl_id"] = single(
        "describe_network_acls", "NetworkAcls", "NetworkAclId", {"default": "true", "vpc-id": vpc_id}
    )
    state["main_route_table_id"] = single(
        "describe_route_tables", "RouteTables", "RouteTableId", {"association.main": "true", "vpc-id": vpc_id}
    )
    state["default_security_group_id"] = single(
        "describe_security_groups", "SecurityGroups", "GroupId", {"group-name": "default", "vpc-id": vpc_id}
    )
    state["warnings"] = warnings
    return state


def vpc_update(request):
    vpc_id, old, new = request["vpc_id"], request["old"], request["new"]
    for attribute, (_, _, default) in VPC_ATTRIBUTES.items():
        if old.get(attribute, default) != new.get(attribute, default):
            modify_vpc_attribute(vpc_id, attribute, new.get(attribute, default))
    update_tags(vpc_id, old.get("tags", {}), new.get("tags", {}))
    return vpc_read({"vpc_id": vpc_id})


def vpc_delete(request):
    vpc_id = request["vpc_id"]
    try:
        call("delete_vpc", VpcId=vpc_id)
    except botocore.exceptions.ClientError as e:
        if code(e) == "InvalidVpcID.NotFound":
            return {"gone_already": True}
        raise
    if vpc_read({"vpc_id": vpc_id})["found"]:
        raise Failed("VPC %s still found" % vpc_id)
    return {"gone_already": False}


# --- aws_subnet ----------------------------------------------------------------------------------


def subnet_create(request):
    params = {
        "VpcId": request["vpc_id"],
        "CidrBlock": request["cidr_block"],
        "TagSpecifications": tag_specifications("subnet", request.get("tags")),
    }
    if "availability_zone" in request:
        params["AvailabilityZone"] = request["availability_zone"]
    subnet_id = call("create_subnet", **params)["Subnet"]["SubnetId"]
    subnet = call("describe_subnets", SubnetIds=[subnet_id])["Subnets"][0]
    if subnet["State"] != "available":
        raise Failed("subnet %s is %s" % (subnet_id, subnet["State"]))
    # modifySubnetAttributesOnCreate: the configuration's defaults against the subnet's values.
    wanted = {
        "AssignIpv6AddressOnCreation": False,
        "EnableDns64": False,
        "MapCustomerOwnedIpOnLaunch": False,
        "MapPublicIpOnLaunch": request.get("map_public_ip_on_launch", False),
    }
    for field, value in wanted.items():
        if subnet.get(field, False) != value:
            call("modify_subnet_attribute", SubnetId=subnet_id, **{field: {"Value": value}})
    options = subnet.get("PrivateDnsNameOptionsOnLaunch")
    if options is not None:
        for field, key in (
            ("EnableResourceNameDnsARecord", "EnableResourceNameDnsARecordOnLaunch"),
            ("EnableResourceNameDnsAAAARecord", "EnableResourceNameDnsAAAARecordOnLaunch"),
        ):
            if options.get(field, False):
                call("modify_subnet_attribute", SubnetId=subnet_id, **{key: {"Value": False}})
    return subnet_read({"subnet_id": subnet_id})


def subnet_read(request):
    try:
        subnet = call("describe_subnets", SubnetIds=[request["subnet_id"]])["Subnets"][0]
    except botocore.exceptions.ClientError as e:
        if code(e) == "InvalidSubnetID.NotFound":
            return {"found": False}
        raise
    options = subnet.get("PrivateDnsNameOptionsOnLaunch", {})
    return {
        "found": True,
        "id": subnet["SubnetId"],
        "arn": subnet["SubnetArn"],
        "vpc_id": subnet["VpcId"],
        "cidr_block": subnet["CidrBlock"],
        "availability_zone": subnet["AvailabilityZone"],
        "map_public_ip_on_launch": subnet["MapPublicIpOnLaunch"],
        "assign_ipv6_address_on_creation": subnet.get("AssignIpv6AddressOnCreation"),
        "enable_dns64": subnet.get("EnableDns64"),
        "private_dns_hostname_type_on_launch": options.get("HostnameType"),
        "tags": tags_of(subnet),
    }


def lingering_interfaces(filter_name, resource_id):
    interfaces = call(
        "describe_network_interfaces", Filters=[{"Name": filter_name, "Values": [resource_id]}]
    )["NetworkInterfaces"]
    if interfaces:
        raise Failed("lingering interfaces: %s" % interfaces)


def subnet_delete(request):
    lingering_interfaces("subnet-id", request["subnet_id"])
    try:
        call("delete_subnet", SubnetId=request["subnet_id"])
    except botocore.exceptions.ClientError as e:
        if code(e) == "InvalidSubnetID.NotFound":
            return {"gone_already": True}
        raise
    return {"gone_already": False}


# --- aws_security_group --------------------------------------------------------------------------


def expand(rules, group_id):
    """expandIPPerms: one IpPermission per configured rule; no ports for protocol -1."""
    permissions = []
    for rule in rules:
        permission = {"IpProtocol": rule["protocol"]}
        if rule["protocol"] != "-1":
            permission["FromPort"] = rule["from_port"]
            permission["ToPort"] = rule["to_port"]
        described = {"Description": rule["description"]} if rule.get("description") else {}
        if rule.get("self"):
            permission["UserIdGroupPairs"] = [{"GroupId": group_id, **described}]
        if rule.get("cidr_blocks"):
            permission["IpRanges"] = [{"CidrIp": c, **described} for c in rule["cidr_blocks"]]
        if rule.get("ipv6_cidr_blocks"):
            permission["Ipv6Ranges"] = [{"CidrIpv6": c, **described} for c in rule["ipv6_cidr_blocks"]]
        permissions.append(permission)
    return permissions


def gather(permissions, group_id):
    """securityGroupIPPermGather: rules per protocol, ports and description, sources sorted."""
    rules = {}
    for p in permissions:
        def rule(description):
            key = (p["IpProtocol"], p.get("FromPort", 0), p.get("ToPort", 0), description or "")
            return rules.setdefault(
                key,
                {
                    "protocol": key[0],
                    "from_port": key[1],
                    "to_port": key[2],
                    "description": key[3],
                    "cidr_blocks": [],
                    "ipv6_cidr_blocks": [],
                    "self": False,
                },
            )

        for r in p.get("IpRanges", []):
            rule(r.get("Description"))["cidr_blocks"].append(r["CidrIp"])
        for r in p.get("Ipv6Ranges", []):
            rule(r.get("Description"))["ipv6_cidr_blocks"].append(r["CidrIpv6"])
        for g in p.get("UserIdGroupPairs", []):
            if g["GroupId"] == group_id:
                rule(g.get("Description"))["self"] = True
    return normalized(rules.values())


def normalized(rules):
    out = []
    for r in rules:
        out.append(
            {
                "protocol": r["protocol"],
                "from_port": r.get("from_port", 0),
                "to_port": r.get("to_port", 0),
                "description": r.get("description", ""),
                "cidr_blocks": sorted(r.get("cidr_blocks", [])),
                "ipv6_cidr_blocks": sorted(r.get("ipv6_cidr_blocks", [])),
                "self": r.get("self", False),
            }
        )
    return sorted(out, key=lambda r: json.dumps(r, sort_keys=True))


def find_group(group_id):
    return call("describe_security_groups", GroupIds=[group_id])["SecurityGroups"][0]


def update_rules(group_id, old, new):
    find_group(group_id)
    for kind, revoke, authorize in (
        ("ingress", "revoke_security_group_ingress", "authorize_security_group_ingress"),
        ("egress", "revoke_security_group_egress", "authorize_security_group_egress"),
    ):
        before, after = normalized(old.get(kind, [])), normalized(new.get(kind, []))
        gone = [r for r in before if r not in after]
        added = [r for r in after if r not in before]
        if gone:
            call(revoke, GroupId=group_id, IpPermissions=expand(gone, group_id))
        if added:
            call(authorize, GroupId=group_id, IpPermissions=expand(added, group_id))


def sg_create(request):
    group_id = call(
        "create_security_group",
        GroupName=request["name"],
        Description=request.get("description", "Managed by Terraform"),
        VpcId=request["vpc_id"],
        TagSpecifications=tag_specifications("security-group", request.get("tags")),
    )["GroupId"]
    find_group(group_id)
    default = {"IpProtocol": "-1", "FromPort": 0, "ToPort": 0}
    call(
        "revoke_security_group_egress",
        GroupId=group_id,
        IpPermissions=[{**default, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    )
    try:
        call(
            "revoke_security_group_egress",
            GroupId=group_id,
            IpPermissions=[{**default, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}],
        )
    except botocore.exceptions.ClientError as e:
        if code(e) != "InvalidPermission.NotFound":
            raise
    update_rules(group_id, {}, request)
    return sg_read({"group_id": group_id, **request})


def sg_read(request):
    group_id = request["group_id"]
    try:
        group = find_group(group_id)
    except botocore.exceptions.ClientError as e:
        if code(e) == "InvalidGroup.NotFound":
            return {"found": False}
        raise
    ingress = gather(group["IpPermissions"], group_id)
    egress = gather(group["IpPermissionsEgress"], group_id)
    return {
        "found": True,
        "id": group_id,
        "name": group["GroupName"],
        "description": group["Description"],
        "vpc_id": group["VpcId"],
        "owner_id": group["OwnerId"],
        "ingress": ingress,
        "egress": egress,
        "tags": tags_of(group),
        # What the next plan would show: rules read back other than configured.
        "drift": ingress != normalized(request.get("ingress", []))
        or egress != normalized(request.get("egress", [])),
    }


def sg_update(request):
    group_id, old, new = request["group_id"], request["old"], request["new"]
    update_rules(group_id, old, new)
    update_tags(group_id, old.get("tags", {}), new.get("tags", {}))
    return sg_read({"group_id": group_id, **new})


def sg_delete(request):
    group_id = request["group_id"]
    lingering_interfaces("group-id", group_id)
    try:
        call("delete_security_group", GroupId=group_id)
    except botocore.exceptions.ClientError as e:
        if code(e) == "InvalidGroup.NotFound":
            return {"gone_already": True}
        raise
    if sg_read({"group_id": group_id})["found"]:
        raise Failed("security group %s still found" % group_id)
    return {"gone_already": False}


OPERATIONS = {
    "vpc_create": vpc_create,
    "vpc_read": vpc_read,
    "vpc_update": vpc_update,
    "vpc_delete": vpc_delete,
    "subnet_create": subnet_create,
    "subnet_read": subnet_read,
    "subnet_delete": subnet_delete,
    "sg_create": sg_create,
    "sg_read": sg_read,
    "sg_update": sg_update,
    "sg_delete": sg_delete,
}


if __name__ == "__main__":
    endpoint, key_id, secret, request = replay.arguments()
    ec2 = replay.client("ec2", endpoint, key_id, secret)
    replay.run(OPERATIONS, request)
