"""The Route 53 calls of Terraform's AWS provider for one resource operation, replayed with boto3
against an endpoint, in the provider's order.

Followed: hashicorp/terraform-provider-aws internal/service/route53: zone.go (create:
CreateHostedZone with the first VPC and the comment "Managed by Terraform", GetChange until INSYNC,
ChangeTagsForResource, then read: GetHostedZone, the apex NS through ListResourceRecordSets from
the zone's name and type NS, ListTagsForResource; delete with force_destroy: every record set
listed, all but the apex NS and SOA deleted in batches of 100 commented "Deleted by Terraform" each
waited for, GetDNSSEC (InvalidArgument "Operation is unsupported for private" lets it go on),
DeleteHostedZone, GetChange), record.go (create: GetHostedZone, CREATE or UPSERT "Managed by
Terraform", GetChange, then read by GetHostedZone and ListResourceRecordSets from StartRecordName
and StartRecordType with MaxItems 1, paging on while the next record is still the one sought; a
change of type is one batch [DELETE old, CREATE new]; delete: read, DELETE "Deleted by Terraform",
GetChange), zone_association.go (AssociateVPCWithHostedZone, GetChange where AccessDenied counts as
INSYNC, then ListHostedZonesByVPC until the zone is found; delete: DisassociateVPCFromHostedZone),
vpc_association_authorization.go (CreateVPCAssociationAuthorization, then
ListVPCAssociationAuthorizations pages until the VPC is found; DeleteVPCAssociationAuthorization).

Usage: python3 terraform_route53.py ENDPOINT KEY_ID SECRET REQUEST, a JSON {"op": ..., ...}.
Prints one JSON document: what the provider would keep in its state, and every call made.
"""
import time
import uuid

import botocore

import replay
from replay import Failed


def call(operation, **params):
    return replay.call(route53, operation, **params)


def clean(resource_id):
    return resource_id.split("/")[-1]


def wait_insync(change_id, tolerate_access_denied=False):
    """The provider's waiter: GetChange until INSYNC (its delays shortened for a test)."""
    for _ in range(100):
        try:
            status = call("get_change", Id=clean(change_id))["ChangeInfo"]["Status"]
        except botocore.exceptions.ClientError as e:
            if tolerate_access_denied and e.response["Error"]["Code"] == "AccessDenied":
                return "INSYNC"
            raise
        if status == "INSYNC":
            return status
        time.sleep(0.1)
    raise Failed("change %s never INSYNC" % change_id)


def fqdn(name):
    return name.lower() if name.endswith(".") else name.lower() + "."


def find_record(zone_id, name, record_type, set_id=""):
    """findResourceRecordSetByFourPartKey: exactly one record set, else None."""
    zone = call("get_hosted_zone", Id=zone_id)
    zone_name = zone["HostedZone"]["Name"]
    wanted = fqdn(name if name.rstrip(".").endswith(zone_name.rstrip(".")) else name + "." + zone_name)
    params = {
        "HostedZoneId": zone_id,
        "StartRecordName": wanted,
        "StartRecordType": record_type,
        "MaxItems": "1" if not set_id else "100",
    }
    found = []
    while True:
        page = call("list_resource_record_sets", **params)
        for rrset in page["ResourceRecordSets"]:
            listed = rrset["Name"].lower().replace("\\052", "*", 1)
            if (
                listed == wanted
                and rrset["Type"] == record_type
                and rrset.get("SetIdentifier", "") == set_id
            ):
                found.append(rrset)
        more = page["IsTruncated"] and (
            page.get("NextRecordName", "").lower().replace("\\052", "*", 1) == wanted
            and page.get("NextRecordType") == record_type
        )
        if not more:
            break
        params["StartRecordName"] = page["NextRecordName"]
        params["StartRecordType"] = page["NextRecordType"]
        if "NextRecordIdentifier" in page:
            params["StartRecordIdentifier"] = page["NextRecordIdentifier"]
    if len(found) > 1:
        raise Failed("more than one record set for %s %s" % (wanted, record_type))
    return found[0] if found else None


def rrset_of(request, zone_name):
    name = request["name"]
    if not name.rstrip(".").endswith(zone_name.rstrip(".")):
        name = name + "." + zone_name.rstrip(".")
    return {
        "Name": name,
        "Type": request["type"],
        "TTL": request["ttl"],
        "ResourceRecords": [{"Value": v} for v in request["records"]],
    }


def zone_read(zone_id):
    zone = call("get_hosted_zone", Id=zone_id)
    name = zone["HostedZone"]["Name"]
    ns = []
    if zone["HostedZone"]["Config"]["PrivateZone"]:
        page = call(
            "list_resource_record_sets",
            HostedZoneId=zone_id,
            StartRecordName=name,
            StartRecordType="NS",
        )
        apex = [r for r in page["ResourceRecordSets"] if r["Name"] == name and r["Type"] == "NS"]
        ns = sorted(r["Value"] for r in apex[0]["ResourceRecords"]) if apex else []
    if not ns:
        # The provider sets primary_name_server from nameServers[0]: none would make it fail.
        raise Failed("no apex NS")
    tags = call("list_tags_for_resource", ResourceType="hostedzone", ResourceId=zone_id)
    return {
        "zone_id": clean(zone["HostedZone"]["Id"]),
        "name": name.rstrip("."),
        "comment": zone["HostedZone"]["Config"].get("Comment"),
        "name_servers": ns,
        "primary_name_server": ns[0],
        "vpc": [{"vpc_id": v["VPCId"], "vpc_region": v["VPCRegion"]} for v in zone.get("VPCs", [])],
        "tags": {t["Key"]: t["Value"] for t in tags["ResourceTagSet"].get("Tags", [])},
    }


def zone_create(request):
    vpc = request["vpcs"][0]
    created = call(
        "create_hosted_zone",
        Name=request["name"],
        CallerReference=str(uuid.uuid4()),
        HostedZoneConfig={"Comment": "Managed by Terraform"},
        VPC={"VPCId": vpc["vpc_id"], "VPCRegion": vpc.get("vpc_region", "us-east-1")},
    )
    zone_id = clean(created["HostedZone"]["Id"])
    state = {"create_change_status": created["ChangeInfo"]["Status"]}
    wait_insync(created["ChangeInfo"]["Id"])
    if request.get("tags"):
        call(
            "change_tags_for_resource",
            ResourceType="hostedzone",
            ResourceId=zone_id,
            AddTags=[{"Key": k, "Value": v} for k, v in request["tags"].items()],
        )
    for extra in request["vpcs"][1:]:
        associated = call(
            "associate_vpc_with_hosted_zone",
            HostedZoneId=zone_id,
            VPC={"VPCId": extra["vpc_id"], "VPCRegion": extra.get("vpc_region", "us-east-1")},
        )
        wait_insync(associated["ChangeInfo"]["Id"])
    state.update(zone_read(zone_id))
    return state


def zone_destroy(request):
    """resourceZoneDelete with force_destroy = true."""
    zone_id, zone_name = request["zone_id"], request["name"].rstrip(".")
    to_delete = []
    params = {"HostedZoneId": zone_id}
    while True:
        page = call("list_resource_record_sets", **params)
        for rrset in page["ResourceRecordSets"]:
            if rrset["Name"].rstrip(".") == zone_name and rrset["Type"] in ("NS", "SOA"):
                continue
            to_delete.append(rrset)
        if not page["IsTruncated"]:
            break
        params = {"HostedZoneId": zone_id, "StartRecordName": page["NextRecordName"]}
        if "NextRecordType" in page:
            params["StartRecordType"] = page["NextRecordType"]
        if "NextRecordIdentifier" in page:
            params["StartRecordIdentifier"] = page["NextRecordIdentifier"]
    batches = 0
    for i in range(0, len(to_delete), 100):
        changed = call(
            "change_resource_record_sets",
            HostedZoneId=zone_id,
            ChangeBatch={
                "Comment": "Deleted by Terraform",
                "Changes": [{"Action": "DELETE", "ResourceRecordSet": r} for r in to_delete[i : i + 100]],
            },
        )
        batches += 1
        wait_insync(changed["ChangeInfo"]["Id"])
    try:
        call("get_dnssec", HostedZoneId=zone_id)
    except botocore.exceptions.ClientError as e:
        error = e.response["Error"]
        unsupported = error["Code"] == "InvalidArgument" and "Operation is unsupported for private" in error.get("Message", "")
        if not unsupported and error["Code"] != "NoSuchHostedZone":
            raise
    deleted = call("delete_hosted_zone", Id=zone_id)
    wait_insync(deleted["ChangeInfo"]["Id"])
    return {"deleted_record_sets": len(to_delete), "delete_batches": batches}


def record_write(request):
    """resourceRecordCreate (CREATE, or UPSERT for an update or allow_overwrite)."""
    zone = call("get_hosted_zone", Id=request["zone_id"])
    action = request.get("action", "CREATE")
    changed = call(
        "change_resource_record_sets",
        HostedZoneId=clean(zone["HostedZone"]["Id"]),
        ChangeBatch={
            "Comment": "Managed by Terraform",
            "Changes": [{"Action": action, "ResourceRecordSet": rrset_of(request, zone["HostedZone"]["Name"])}],
        },
    )
    wait_insync(changed["ChangeInfo"]["Id"])
    return record_read(request)


def record_retype(request):
    """resourceRecordUpdate when the type changes: [DELETE old, CREATE new] in one batch."""
    zone = call("get_hosted_zone", Id=request["zone_id"])
    zone_name = zone["HostedZone"]["Name"]
    changed = call(
        "change_resource_record_sets",
        HostedZoneId=clean(zone["HostedZone"]["Id"]),
        ChangeBatch={
            "Comment": "Managed by Terraform",
            "Changes": [
                {"Action": "DELETE", "ResourceRecordSet": rrset_of(request["old"], zone_name)},
                {"Action": "CREATE", "ResourceRecordSet": rrset_of(request, zone_name)},
            ],
        },
    )
    wait_insync(changed["ChangeInfo"]["Id"])
    return record_read(request)


def record_read(request):
    found = find_record(request["zone_id"], request["name"], request["type"])
    if found is None:
        return {"found": False}
    return {
        "found": True,
        "name": found["Name"],
        "type": found["Type"],
        "ttl": found.get("TTL"),
        "records": sorted(r["Value"] for r in found.get("ResourceRecords", [])),
    }


def record_delete(request):
    found = find_record(request["zone_id"], request["name"], request["type"])
    if found is None:
        return {"deleted": False}
    changed = call(
        "change_resource_record_sets",
        HostedZoneId=request["zone_id"],
        ChangeBatch={
            "Comment": "Deleted by Terraform",
            "Changes": [{"Action": "DELETE", "ResourceRecordSet": found}],
        },
    )
    wait_insync(changed["ChangeInfo"]["Id"])
    return {"deleted": True}


def authorization_create(request):
    created = call(
        "create_vpc_association_authorization",
        HostedZoneId=request["zone_id"],
        VPC={"VPCId": request["vpc_id"], "VPCRegion": request["vpc_region"]},
    )
    state_id = "%s:%s" % (created["HostedZoneId"], created["VPC"]["VPCId"])
    return {"id": state_id, **authorization_read(request)}


def authorization_read(request):
    params = {"HostedZoneId": request["zone_id"]}
    while True:
        page = call("list_vpc_association_authorizations", **params)
        for vpc in page["VPCs"]:
            if vpc["VPCId"] == request["vpc_id"]:
                return {"found": True, "vpc_region": vpc["VPCRegion"]}
        if "NextToken" not in page:
            return {"found": False}
        params["NextToken"] = page["NextToken"]


def authorization_delete(request):
    call(
        "delete_vpc_association_authorization",
        HostedZoneId=request["zone_id"],
        VPC={"VPCId": request["vpc_id"], "VPCRegion": request["vpc_region"]},
    )
    return {}


def association_create(request):
    associated = call(
        "associate_vpc_with_hosted_zone",
        HostedZoneId=request["zone_id"],
        VPC={"VPCId": request["vpc_id"], "VPCRegion": request["vpc_region"]},
        Comment="Managed by Terraform",
    )
    wait_insync(associated["ChangeInfo"]["Id"], tolerate_access_denied=True)
    return association_read(request)


def association_read(request):
    params = {"VPCId": request["vpc_id"], "VPCRegion": request["vpc_region"]}
    while True:
        page = call("list_hosted_zones_by_vpc", **params)
        for summary in page["HostedZoneSummaries"]:
            if summary["HostedZoneId"] == request["zone_id"]:
                return {"found": True, "owning_account": summary["Owner"].get("OwningAccount")}
        if "NextToken" not in page:
            return {"found": False}
        params["NextToken"] = page["NextToken"]


def association_delete(request):
    try:
        call(
            "disassociate_vpc_from_hosted_zone",
            HostedZoneId=request["zone_id"],
            VPC={"VPCId": request["vpc_id"], "VPCRegion": request["vpc_region"]},
            Comment="Managed by Terraform",
        )
    except botocore.exceptions.ClientError as e:
        if e.response["Error"]["Code"] not in ("NoSuchHostedZone", "VPCAssociationNotFound"):
            raise
        return {"gone_already": True}
    return {"gone_already": False}


OPERATIONS = {
    "zone_create": zone_create,
    "zone_destroy": zone_destroy,
    "record_create": record_write,
    "record_update": lambda r: record_write({**r, "action": "UPSERT"}),
    "record_retype": record_retype,
    "record_read": record_read,
    "record_delete": record_delete,
    "authorization_create": authorization_create,
    "authorization_read": authorization_read,
    "authorization_delete": authorization_delete,
    "association_create": association_create,
    "association_read": association_read,
    "association_delete": association_delete,
}


if __name__ == "__main__":
    endpoint, key_id, secret, request = replay.arguments()
    route53 = replay.client("route53", endpoint, key_id, secret)
    replay.run(OPERATIONS, request)
