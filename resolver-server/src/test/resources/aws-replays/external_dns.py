"""One sync loop of ExternalDNS's aws provider (--provider=aws --aws-zone-type=private) with its
TXT registry, replayed with boto3 against an endpoint: the Route 53 calls ExternalDNS makes, in its
order, and nothing else.

Followed: kubernetes-sigs/external-dns provider/aws/aws.go (zones: ListHostedZones pages, the
private-zone and domain filters, ListTagsForResources in batches of 10 when a tag filter is set;
records: ListResourceRecordSets pages of MaxItems 300, `\\052` read back as `*`; ApplyChanges:
CREATE, then DELETE, then UPSERT changes, grouped by the record they own, each batch sorted by
action descending, name, type; a failed batch of several groups is sent again one group at a time)
and registry/txt.go (the ownership TXT records, "heritage=external-dns,external-dns/owner=...",
in the new "<type>-<name>" format and the old "<name>" one).

Usage: python3 external_dns.py ENDPOINT KEY_ID SECRET REQUEST, where the JSON request is
{"owner", "domainFilter": [...], "tagFilter": {key: value}, "desired": [{"dnsName", "recordType",
"targets", "ttl", "resource"}]}. Prints one JSON document: the zones considered, every call made
with its outcome, and the records read.
"""
import json

import botocore

import replay

RECORD_TTL = 300
PAGE_SIZE = "300"
TAG_BATCH = 10
BATCH_SIZE = 1000
SUPPORTED = {"A", "AAAA", "CNAME", "SRV", "TXT", "NS", "PTR", "MX", "NAPTR"}


def call(route53, operation, **params):
    return replay.call(route53, operation, **params)


def name_matches(zone_name, filters):
    name = zone_name.rstrip(".")
    return not filters or any(name == f or name.endswith("." + f) for f in filters)


def zones(route53, request):
    """The zones ExternalDNS considers: private ones matching the domain and tag filters."""
    found = {}
    marker = None
    while True:
        params = {"Marker": marker} if marker else {}
        page = call(route53, "list_hosted_zones", **params)
        to_tag_filter = []
        for zone in page["HostedZones"]:
            if not zone.get("Config", {}).get("PrivateZone", False):
                continue
            if not name_matches(zone["Name"], request.get("domainFilter", [])):
                continue
            if request.get("tagFilter"):
                to_tag_filter.append(zone["Id"].replace("/hostedzone/", ""))
            found[zone["Id"]] = zone
        for i in range(0, len(to_tag_filter), TAG_BATCH):
            tagged = call(
                route53,
                "list_tags_for_resources",
                ResourceType="hostedzone",
                ResourceIds=to_tag_filter[i : i + TAG_BATCH],
            )
            for tag_set in tagged["ResourceTagSets"]:
                tags = {t["Key"]: t["Value"] for t in tag_set["Tags"]}
                if any(tags.get(k) != v for k, v in request["tagFilter"].items()):
                    found.pop("/hostedzone/" + tag_set["ResourceId"], None)
        if not page["IsTruncated"]:
            return found
        marker = page["NextMarker"]


def unescape(name):
    """wildcardUnescape, then the other octal escapes as ExternalDNS decodes them."""
    name = name.replace("\\052", "*", 1)
    out, i = "", 0
    while i < len(name):
        if name[i] == "\\" and name[i + 1 : i + 4].isdigit():
            out += chr(int(name[i + 1 : i + 4], 8))
            i += 4
        else:
            out += name[i]
            i += 1
    return out


def records(route53, zone_id, read):
    """Every record set of the zone, page by page of 300, as ExternalDNS's paginator asks."""
    params = {"HostedZoneId": zone_id, "MaxItems": PAGE_SIZE}
    pages = 0
    while True:
        page = call(route53, "list_resource_record_sets", **params)
        pages += 1
        for rrset in page["ResourceRecordSets"]:
            read.append(
                {
                    "name": rrset["Name"],
                    "type": rrset["Type"],
                    "ttl": rrset.get("TTL"),
                    "values": [r["Value"] for r in rrset.get("ResourceRecords", [])],
                }
            )
        if not page["IsTruncated"]:
            return pages
        params = {"HostedZoneId": zone_id, "MaxItems": PAGE_SIZE}
        params["StartRecordName"] = page["NextRecordName"]
        if "NextRecordType" in page:
            params["StartRecordType"] = page["NextRecordType"]
        if "NextRecordIdentifier" in page:
            params["StartRecordIdentifier"] = page["NextRecordIdentifier"]


def fqdn(name):
    return name if name.endswith(".") else name + "."


def label(owner, resource):
    return '"heritage=external-dns,external-dns/owner=%s,external-dns/resource=%s"' % (
        owner,
        resource,
    )


def parse_label(value):
    if not value.startswith('"heritage=external-dns,'):
        return None
    return dict(part.split("=", 1) for part in value.strip('"').split(",") if "=" in part)


def txt_names(name, record_type):
    """The registry's TXT names of an endpoint: the new "<type>-<name>" one, and the old one
    (not for CNAMEs, which cannot share their name)."""
    first, _, rest = name.partition(".")
    names = ["%s-%s.%s" % (record_type.lower(), first, rest)]
    if record_type != "CNAME":
        names.append(name)
    return names


def change(action, name, record_type, ttl, values, owned):
    return {
        "owned": owned,
        "change": {
            "Action": action,
            "ResourceRecordSet": {
                "Name": name,
                "Type": record_type,
                "TTL": ttl,
                "ResourceRecords": [{"Value": v} for v in values],
            },
        },
    }


def plan(request, read):
    """The changes of policy sync for the owner: its records not desired are deleted, desired ones
    missing are created, desired ones that differ are upserted, each with its TXT records."""
    owner = request["owner"]
    current = {}
    owners = {}
    for rrset in read:
        name = unescape(rrset["name"]).rstrip(".")
        if rrset["type"] == "TXT" and len(rrset["values"]) == 1:
            labels = parse_label(rrset["values"][0])
            if labels is not None:
                owners[name] = labels.get("external-dns/owner")
                continue
        if rrset["type"] in SUPPORTED:
            current[(name, rrset["type"])] = rrset

    def owned_by_us(name, record_type):
        first, _, rest = name.partition(".")
        new_name = "%s-%s.%s" % (record_type.lower(), first, rest)
        return owners.get(new_name, owners.get(name)) == owner

    desired = {(d["dnsName"], d["recordType"]): d for d in request["desired"]}
    creates, deletes, upserts = [], [], []
    for key, d in desired.items():
        ttl = d.get("ttl", RECORD_TTL)
        txt = label(owner, d["resource"])
        if key not in current:
            creates.append(change("CREATE", d["dnsName"], d["recordType"], ttl, d["targets"], key[0]))
            for txt_name in txt_names(*key):
                creates.append(change("CREATE", txt_name, "TXT", RECORD_TTL, [txt], key[0]))
        elif owned_by_us(*key) and (
            # NewEndpointWithTTL drops a target's trailing dot before targets are compared.
            sorted(v.rstrip(".") for v in current[key]["values"]) != sorted(d["targets"])
            or current[key]["ttl"] != ttl
        ):
            upserts.append(change("UPSERT", d["dnsName"], d["recordType"], ttl, d["targets"], key[0]))
            for txt_name in txt_names(*key):
                upserts.append(change("UPSERT", txt_name, "TXT", RECORD_TTL, [txt], key[0]))
    for key, rrset in current.items():
        if key in desired or not owned_by_us(*key):
            continue
        deletes.append(change("DELETE", key[0], key[1], rrset["ttl"], rrset["values"], key[0]))
        for txt_name in txt_names(*key):
            match = [r for r in read if unescape(r["name"]).rstrip(".") == txt_name and r["type"] == "TXT"]
            if match:
                deletes.append(
                    change("DELETE", txt_name, "TXT", match[0]["ttl"], match[0]["values"], key[0])
                )
    return creates + deletes + upserts


ACTION_ORDER = {"UPSERT": 0, "DELETE": 1, "CREATE": 2}


def sort_batch(batch):
    """sortChangesByActionNameType: action descending (UPSERT, DELETE, CREATE), name, type."""
    return sorted(
        batch,
        key=lambda c: (
            ACTION_ORDER[c["change"]["Action"]],
            c["change"]["ResourceRecordSet"]["Name"],
            c["change"]["ResourceRecordSet"]["Type"],
        ),
    )


def submit(route53, zone_id, changes, batches):
    groups = {}
    for c in changes:
        groups.setdefault(c["owned"], []).append(c)
    batch = []
    for owned in sorted(groups):
        batch.extend(groups[owned])
    if not batch:
        return
    batch = sort_batch(batch)
    outcome = send(route53, zone_id, batch, batches)
    if outcome is not None and len(groups) > 1:
        # Sent again one ownership group at a time, as ExternalDNS does after a failed batch.
        for owned in sorted(groups):
            send(route53, zone_id, sort_batch(groups[owned]), batches)


def send(route53, zone_id, batch, batches):
    entry = {
        "changes": [
            [c["change"]["Action"], c["change"]["ResourceRecordSet"]["Name"], c["change"]["ResourceRecordSet"]["Type"]]
            for c in batch
        ]
    }
    batches.append(entry)
    try:
        call(
            route53,
            "change_resource_record_sets",
            HostedZoneId=zone_id,
            ChangeBatch={"Changes": [c["change"] for c in batch]},
        )
        entry["result"] = "ok"
        return None
    except botocore.exceptions.ClientError as e:
        entry["result"] = e.response["Error"]["Code"]
        entry["messages"] = e.response["Error"].get("Message", "")
        return entry["result"]


def main():
    endpoint, key_id, secret, request = replay.arguments()
    route53 = replay.client("route53", endpoint, key_id, secret)
    considered = zones(route53, request)
    read, pages, batches = [], {}, []
    for zone_id in sorted(considered):
        pages[zone_id] = records(route53, zone_id, read)
    changes = plan(request, read)
    for zone_id in sorted(considered):
        zone_name = considered[zone_id]["Name"].rstrip(".")
        mine = [c for c in changes if name_matches(c["change"]["ResourceRecordSet"]["Name"], [zone_name])]
        submit(route53, zone_id, mine, batches)
    print(
        json.dumps(
            {
                "zones": sorted(z.replace("/hostedzone/", "") for z in considered),
                "pages": {z.replace("/hostedzone/", ""): n for z, n in pages.items()},
                "read": read,
                "batches": batches,
                "calls": [c["op"] for c in replay.calls],
            }
        )
    )


if __name__ == "__main__":
    main()
