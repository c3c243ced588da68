"""The Route 53 Resolver, RAM and EC2 calls of Terraform's AWS provider for one resource operation,
replayed with boto3 against an endpoint, in the provider's order.

Followed: hashicorp/terraform-provider-aws internal/service/route53resolver: endpoint.go (create:
CreateResolverEndpoint with a CreatorRequestId "tf-r53-resolver-endpoint-…", the ip_address
blocks as IpAddresses, SecurityGroupIds, Name and Tags, then waitEndpointCreated: GetResolverEndpoint
while CREATING until OPERATIONAL; read: GetResolverEndpoint, ListResolverEndpointIpAddresses pages,
and ListTagsForResource of the ARN by the provider's tagging; update of the name:
UpdateResolverEndpoint, waitEndpointUpdated (UPDATING until OPERATIONAL), read; delete:
DeleteResolverEndpoint, where ResourceNotFoundException means gone, then waitEndpointDeleted:
GetResolverEndpoint while DELETING until ResourceNotFoundException), rule.go (create:
CreateResolverRule "tf-r53-resolver-rule-…" with TargetIps of Ip, Port and Protocol Do53,
waitRuleCreated: GetResolverRule until COMPLETE with no pending state; read: GetResolverRule,
ListTagsForResource; update: UpdateResolverRule with Config {Name, ResolverEndpointId, TargetIps},
waitRuleUpdated (UPDATING until COMPLETE), read; delete: DeleteResolverRule, waitRuleDeleted),
rule_data_source.go (GetResolverRule; ListTagsForResource unless SHARED_WITH_ME),
rule_association.go (AssociateResolverRule, waitRuleAssociationCreated: GetResolverRuleAssociation
while CREATING until COMPLETE, read; delete: DisassociateResolverRule by rule and VPC, then
GetResolverRuleAssociation while DELETING until ResourceNotFoundException); internal/service/ram:
resource_share.go (CreateResourceShare, GetResourceShares SELF by ARN retried while not found, then
until ACTIVE; read: GetResourceShares and ListResourceSharePermissions pages; delete:
DeleteResourceShare, GetResourceShares until the share is gone or DELETED),
resource_association.go (AssociateResourceShare with resourceArns, GetResourceShareAssociations
RESOURCE by resourceArn and share while ASSOCIATING until ASSOCIATED; delete:
DisassociateResourceShare, the same read until DISASSOCIATED or none), principal_association.go
(AssociateResourceShare with principals; a 12-digit account id is read at once, not waited for:
GetResourceShareAssociations PRINCIPAL, ASSOCIATED or ASSOCIATING; delete: DisassociateResourceShare,
the read until DISASSOCIATED or none); internal/service/ec2 (aws_vpc, aws_subnet,
aws_security_group: Create* with TagSpecifications, Describe* until available, Describe* to read;
Delete*, Describe* until the kind's NotFound). The provider's waiters start after a delay of up to
10 s and poll every 5 s; here they poll every 0.1 s.

The EC2 resources are made with the calls their create and delete make; their full reads and
updates are terraform_ec2.py's.

Usage: python3 terraform_resolver.py ENDPOINT KEY_ID SECRET REQUEST, a JSON {"op": ..., ...}.
Prints one JSON document: what the provider would keep in its state, and every call made.
"""
import re
import time
import uuid

import botocore

import replay
from replay import Failed

clients = {}


def call(service, operation, **params):
    return replay.call(clients[service], operation, **params)


def error_code(e):
    return replay.error_code(e)


def unique_id(prefix):
    """The provider's PrefixedUniqueId: a prefix and 26 characters that sort by time."""
    return prefix + time.strftime("%Y%m%d%H%M%S") + uuid.uuid4().hex[:12]


def wait(refresh, pending, target):
    """StateChangeConf: refresh() is (resource, status), (None, "") when not found. An empty target
    is reached when the resource is gone; a status neither pending nor target is an error."""
    not_found = 0
    for _ in range(100):
        resource, status = refresh()
        if resource is None:
            if not target:
                return None
            not_found += 1
            if not_found > 20:
                raise Failed("not found while waiting for %s" % target)
        elif status in target:
            return resource
        elif status not in pending:
            raise Failed("unexpected state %s, wanted %s" % (status, target))
        time.sleep(0.1)
    raise Failed("timed out waiting for %s" % target)


def tags_of(resource_arn):
    """The provider's transparent tagging: ListTagsForResource pages of the ARN."""
    params = {"ResourceArn": resource_arn}
    tags = {}
    while True:
        page = call("route53resolver", "list_tags_for_resource", **params)
        tags.update({t["Key"]: t["Value"] for t in page.get("Tags", [])})
        if not page.get("NextToken"):
            return tags
        params["NextToken"] = page["NextToken"]


def tag_list(tags, key="Key", value="Value"):
    return [{key: k, value: v} for k, v in sorted((tags or {}).items())]


# --- EC2 ---


def ec2_tags(resource_type, request):
    if not request.get("tags"):
        return {}
    return {"TagSpecifications": [{"ResourceType": resource_type, "Tags": tag_list(request["tags"])}]}


def describe(kind, resource_id):
    operation, id_param, listed, missing = {
        "vpc": ("describe_vpcs", "VpcIds", "Vpcs", "InvalidVpcID.NotFound"),
        "subnet": ("describe_subnets", "SubnetIds", "Subnets", "InvalidSubnetID.NotFound"),
        "sg": ("describe_security_groups", "GroupIds", "SecurityGroups", "InvalidGroup.NotFound"),
    }[kind]
    try:
        found = call("ec2", operation, **{id_param: [resource_id]})[listed]
    except botocore.exceptions.ClientError as e:
        if error_code(e) == missing:
            return None, ""
        raise
    if not found:
        return None, ""
    return found[0], found[0].get("State", "available")


def vpc_create(request):
    created = call("ec2", "create_vpc", CidrBlock=request["cidr"], **ec2_tags("vpc", request))
    vpc_id = created["Vpc"]["VpcId"]
    wait(lambda: describe("vpc", vpc_id), ["pending"], ["available"])
    vpc, _ = describe("vpc", vpc_id)
    return {"id": vpc_id, "cidr_block": vpc["CidrBlock"], "owner_id": vpc["OwnerId"]}


def subnet_create(request):
    created = call(
        "ec2",
        "create_subnet",
        VpcId=request["vpc_id"],
        CidrBlock=request["cidr"],
        AvailabilityZone=request["availability_zone"],
        **ec2_tags("subnet", request),
    )
    subnet_id = created["Subnet"]["SubnetId"]
    wait(lambda: describe("subnet", subnet_id), ["pending"], ["available"])
    subnet, _ = describe("subnet", subnet_id)
    return {"id": subnet_id, "vpc_id": subnet["VpcId"], "cidr_block": subnet["CidrBlock"]}


def security_group_create(request):
    created = call(
        "ec2",
        "create_security_group",
        GroupName=request["name"],
        Description=request.get("description", "Managed by Terraform"),
        VpcId=request["vpc_id"],
        **ec2_tags("security-group", request),
    )
    group_id = created["GroupId"]
    wait(lambda: describe("sg", group_id), [], ["available"])
    group, _ = describe("sg", group_id)
    return {"id": group_id, "vpc_id": group["VpcId"], "name": group["GroupName"]}


def ec2_delete(kind, operation, id_param):
    def delete(request):
        call("ec2", operation, **{id_param: request["id"]})
        wait(lambda: describe(kind, request["id"]), ["available", "pending"], [])
        return {"deleted": True}

    return delete


# --- Route 53 Resolver ---


def get_or_none(operation, id_param, listed, resource_id):
    try:
        found = call("route53resolver", operation, **{id_param: resource_id})[listed]
    except botocore.exceptions.ClientError as e:
        if error_code(e) == "ResourceNotFoundException":
            return None, ""
        raise
    return found, found["Status"]


def endpoint_status(endpoint_id):
    return lambda: get_or_none("get_resolver_endpoint", "ResolverEndpointId", "ResolverEndpoint", endpoint_id)


def endpoint_create(request):
    params = {
        "CreatorRequestId": unique_id("tf-r53-resolver-endpoint-"),
        "Direction": request["direction"],
        "IpAddresses": [
            {k: v for k, v in (("SubnetId", a["subnet_id"]), ("Ip", a.get("ip"))) if v}
            for a in request["ip_address"]
        ],
        "SecurityGroupIds": request["security_group_ids"],
    }
    if request.get("tags"):
        params["Tags"] = tag_list(request["tags"])
    if request.get("name"):
        params["Name"] = request["name"]
    created = call("route53resolver", "create_resolver_endpoint", **params)
    endpoint_id = created["ResolverEndpoint"]["Id"]
    wait(endpoint_status(endpoint_id), ["CREATING"], ["OPERATIONAL"])
    return endpoint_read({"id": endpoint_id})


def endpoint_read(request):
    endpoint, status = endpoint_status(request["id"])()
    if endpoint is None:
        return {"found": False}
    addresses = []
    params = {"ResolverEndpointId": request["id"]}
    while True:
        page = call("route53resolver", "list_resolver_endpoint_ip_addresses", **params)
        addresses += [
            {"subnet_id": a["SubnetId"], "ip": a.get("Ip", ""), "ip_id": a["IpId"]}
            for a in page["IpAddresses"]
        ]
        if not page.get("NextToken"):
            break
        params["NextToken"] = page["NextToken"]
    return {
        "found": True,
        "id": endpoint["Id"],
        "arn": endpoint["Arn"],
        "status": status,
        "direction": endpoint["Direction"],
        "host_vpc_id": endpoint["HostVPCId"],
        "name": endpoint.get("Name"),
        "security_group_ids": sorted(endpoint["SecurityGroupIds"]),
        "ip_address": sorted(addresses, key=lambda a: a["ip"]),
        "tags": tags_of(endpoint["Arn"]),
    }


def endpoint_update(request):
    call("route53resolver", "update_resolver_endpoint", ResolverEndpointId=request["id"], Name=request["name"])
    wait(endpoint_status(request["id"]), ["UPDATING"], ["OPERATIONAL"])
    return endpoint_read(request)


def endpoint_destroy(request):
    try:
        call("route53resolver", "delete_resolver_endpoint", ResolverEndpointId=request["id"])
    except botocore.exceptions.ClientError as e:
        if error_code(e) == "ResourceNotFoundException":
            return {"gone_already": True}
        raise
    wait(endpoint_status(request["id"]), ["DELETING"], [])
    return {"gone_already": False}


def rule_status(rule_id):
    return lambda: get_or_none("get_resolver_rule", "ResolverRuleId", "ResolverRule", rule_id)


def target_ips(request):
    return [{"Ip": t["ip"], "Port": t.get("port", 53), "Protocol": "Do53"} for t in request["target_ip"]]


def rule_create(request):
    params = {
        "CreatorRequestId": unique_id("tf-r53-resolver-rule-"),
        "DomainName": request["domain_name"],
        "RuleType": request["rule_type"],
        "Tags": tag_list(request.get("tags")),
    }
    if request.get("name"):
        params["Name"] = request["name"]
    if request.get("resolver_endpoint_id"):
        params["ResolverEndpointId"] = request["resolver_endpoint_id"]
    if request.get("target_ip"):
        params["TargetIps"] = target_ips(request)
    created = call("route53resolver", "create_resolver_rule", **params)
    rule_id = created["ResolverRule"]["Id"]
    wait(rule_status(rule_id), [], ["COMPLETE"])
    return rule_read({"id": rule_id})


def rule_read(request):
    rule, status = rule_status(request["id"])()
    if rule is None:
        return {"found": False}
    return {
        "found": True,
        "id": rule["Id"],
        "arn": rule["Arn"],
        "status": status,
        # The provider keeps the domain without its trailing dot.
        "domain_name": rule["DomainName"].rstrip(".") or ".",
        "name": rule.get("Name"),
        "owner_id": rule["OwnerId"],
        "resolver_endpoint_id": rule.get("ResolverEndpointId"),
        "rule_type": rule["RuleType"],
        "share_status": rule["ShareStatus"],
        "target_ip": [
            {"ip": t.get("Ip", ""), "port": t.get("Port", 0), "protocol": t.get("Protocol", "")}
            for t in rule.get("TargetIps", [])
        ],
        "tags": tags_of(rule["Arn"]),
    }


def rule_data_source(request):
    """data.aws_route53_resolver_rule by resolver_rule_id (rule_data_source.go): GetResolverRule,
    and ListTagsForResource only when the rule is not SHARED_WITH_ME, as AWS denies a rule's tags
    to the accounts it is shared with (the provider's issue 10211). Gone, the data source fails;
    here that is found false."""
    rule, _ = rule_status(request["id"])()
    if rule is None:
        return {"found": False}
    state = {"found": True, "owner_id": rule["OwnerId"], "share_status": rule["ShareStatus"]}
    if rule["ShareStatus"] != "SHARED_WITH_ME":
        state["tags"] = tags_of(rule["Arn"])
    return state


def rule_update(request):
    config = {}
    if request.get("name"):
        config["Name"] = request["name"]
    if request.get("resolver_endpoint_id"):
        config["ResolverEndpointId"] = request["resolver_endpoint_id"]
    if request.get("target_ip"):
        config["TargetIps"] = target_ips(request)
    call("route53resolver", "update_resolver_rule", ResolverRuleId=request["id"], Config=config)
    wait(rule_status(request["id"]), ["UPDATING"], ["COMPLETE"])
    return rule_read(request)


def rule_destroy(request):
    try:
        call("route53resolver", "delete_resolver_rule", ResolverRuleId=request["id"])
    except botocore.exceptions.ClientError as e:
        if error_code(e) == "ResourceNotFoundException":
            return {"gone_already": True}
        raise
    wait(rule_status(request["id"]), ["DELETING"], [])
    return {"gone_already": False}


def association_status(association_id):
    return lambda: get_or_none(
        "get_resolver_rule_association", "ResolverRuleAssociationId", "ResolverRuleAssociation", association_id
    )


def association_create(request):
    params = {"ResolverRuleId": request["resolver_rule_id"], "VPCId": request["vpc_id"]}
    if request.get("name"):
        params["Name"] = request["name"]
    created = call("route53resolver", "associate_resolver_rule", **params)
    association_id = created["ResolverRuleAssociation"]["Id"]
    wait(association_status(association_id), ["CREATING"], ["COMPLETE"])
    association, status = association_status(association_id)()
    return {
        "id": association_id,
        "status": status,
        "name": association.get("Name"),
        "resolver_rule_id": association["ResolverRuleId"],
        "vpc_id": association["VPCId"],
    }


def association_destroy(request):
    try:
        call(
            "route53resolver",
            "disassociate_resolver_rule",
            ResolverRuleId=request["resolver_rule_id"],
            VPCId=request["vpc_id"],
        )
    except botocore.exceptions.ClientError as e:
        if error_code(e) == "ResourceNotFoundException":
            return {"gone_already": True}
        raise
    wait(association_status(request["id"]), ["DELETING"], [])
    return {"gone_already": False}


# --- RAM ---


def share_status(share_arn):
    def refresh():
        shares = call("ram", "get_resource_shares", resourceOwner="SELF", resourceShareArns=[share_arn])
        found = shares["resourceShares"]
        if len(found) > 1:
            raise Failed("more than one resource share %s" % share_arn)
        if not found or found[0]["status"] == "DELETED":
            return None, ""
        return found[0], found[0]["status"]

    return refresh


def share_create(request):
    params = {
        "name": request["name"],
        "allowExternalPrincipals": request.get("allow_external_principals", False),
    }
    if request.get("tags"):
        params["tags"] = tag_list(request["tags"], "key", "value")
    created = call("ram", "create_resource_share", **params)
    share_arn = created["resourceShare"]["resourceShareArn"]
    # RetryWhenNotFound for the share's propagation, then waitResourceShareOwnedBySelfActive.
    wait(share_status(share_arn), [], ["ACTIVE", "PENDING"])
    wait(share_status(share_arn), ["PENDING"], ["ACTIVE"])
    return share_read({"arn": share_arn})


def share_read(request):
    share, status = share_status(request["arn"])()
    if share is None:
        return {"found": False}
    permissions = []
    params = {"resourceShareArn": request["arn"]}
    while True:
        page = call("ram", "list_resource_share_permissions", **params)
        permissions += [p["arn"] for p in page["permissions"]]
        if not page.get("nextToken"):
            break
        params["nextToken"] = page["nextToken"]
    return {
        "found": True,
        "arn": share["resourceShareArn"],
        "status": status,
        "name": share["name"],
        "allow_external_principals": share["allowExternalPrincipals"],
        "tags": {t["key"]: t["value"] for t in share.get("tags", [])},
        "permission_arns": permissions,
    }


def share_destroy(request):
    try:
        call("ram", "delete_resource_share", resourceShareArn=request["arn"])
    except botocore.exceptions.ClientError as e:
        if error_code(e) == "UnknownResourceException":
            return {"gone_already": True}
        raise
    wait(share_status(request["arn"]), ["DELETING"], [])
    return {"gone_already": False}


def share_association(association_type, share_arn, entity):
    def refresh():
        params = {"associationType": association_type, "resourceShareArns": [share_arn]}
        params["resourceArn" if association_type == "RESOURCE" else "principal"] = entity
        try:
            found = call("ram", "get_resource_share_associations", **params)["resourceShareAssociations"]
        except botocore.exceptions.ClientError as e:
            if error_code(e) == "UnknownResourceException":
                return None, ""
            raise
        if len(found) > 1:
            raise Failed("more than one association of %s with %s" % (entity, share_arn))
        if not found:
            return None, ""
        return found[0], found[0]["status"]

    return refresh


def resource_association_create(request):
    call(
        "ram",
        "associate_resource_share",
        clientToken=str(uuid.uuid4()),
        resourceArns=[request["resource_arn"]],
        resourceShareArn=request["resource_share_arn"],
    )
    refresh = share_association("RESOURCE", request["resource_share_arn"], request["resource_arn"])
    wait(refresh, ["ASSOCIATING"], ["ASSOCIATED"])
    association, status = refresh()
    return {"id": "%s,%s" % (request["resource_share_arn"], request["resource_arn"]), "status": status}


def principal_association_create(request):
    call(
        "ram",
        "associate_resource_share",
        clientToken=str(uuid.uuid4()),
        principals=[request["principal"]],
        resourceShareArn=request["resource_share_arn"],
    )
    refresh = share_association("PRINCIPAL", request["resource_share_arn"], request["principal"])
    if re.fullmatch(r"\d{12}", request["principal"]):
        # An account's association would wait for the invitation to be accepted: read at once.
        association, status = refresh()
    else:
        association = wait(refresh, ["ASSOCIATING", "NOT_FOUND"], ["ASSOCIATED"])
        status = association["status"]
    if association is None or status not in ("ASSOCIATED", "ASSOCIATING"):
        raise Failed("principal association %s" % status)
    return {"id": "%s,%s" % (request["resource_share_arn"], request["principal"]), "status": status}


def share_disassociation(association_type, key, param):
    def destroy(request):
        try:
            call(
                "ram",
                "disassociate_resource_share",
                resourceShareArn=request["resource_share_arn"],
                **{param: [request[key]]},
            )
        except botocore.exceptions.ClientError as e:
            if error_code(e) == "UnknownResourceException":
                return {"gone_already": True}
            raise
        refresh = share_association(association_type, request["resource_share_arn"], request[key])
        wait(refresh, ["ASSOCIATED", "DISASSOCIATING"], [])
        return {"gone_already": False}

    return destroy


OPERATIONS = {
    "vpc_create": vpc_create,
    "vpc_destroy": ec2_delete("vpc", "delete_vpc", "VpcId"),
    "subnet_create": subnet_create,
    "subnet_destroy": ec2_delete("subnet", "delete_subnet", "SubnetId"),
    "security_group_create": security_group_create,
    "security_group_destroy": ec2_delete("sg", "delete_security_group", "GroupId"),
    "endpoint_create": endpoint_create,
    "endpoint_read": endpoint_read,
    "endpoint_update": endpoint_update,
    "endpoint_destroy": endpoint_destroy,
    "rule_create": rule_create,
    "rule_read": rule_read,
    "rule_data_source": rule_data_source,
    "rule_update": rule_update,
    "rule_destroy": rule_destroy,
    "association_create": association_create,
    "association_destroy": association_destroy,
    "share_create": share_create,
    "share_read": share_read,
    "share_destroy": share_destroy,
    "resource_association_create": resource_association_create,
    "resource_association_destroy": share_disassociation("RESOURCE", "resource_arn", "resourceArns"),
    "principal_association_create": principal_association_create,
    "principal_association_destroy": share_disassociation("PRINCIPAL", "principal", "principals"),
}


if __name__ == "__main__":
    endpoint, key_id, secret, request = replay.arguments()
    for service in ("ec2", "route53resolver", "ram"):
        clients[service] = replay.client(service, endpoint, key_id, secret)
    replay.run(OPERATIONS, request)
