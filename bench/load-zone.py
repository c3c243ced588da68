#!/usr/bin/env python3
"""Load a zone file into a running Isthmus node through the admin API.

Creates an account, one VPC holding the given CIDR and a private hosted zone, then sends the
zone's record sets as change batches (at most 1000 records each, the API's limit) and waits until
the last change is INSYNC. Standard library only.

  bench/load-zone.py --api http://127.0.0.1:8080 --operator-token "$(cat data/operator.token)" \
      --zone-file zones/app1.aws.example.zone --origin app1.aws.example. --cidr 127.0.0.0/8
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request


def call(api, token, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        sys.exit(f"{method} {path} -> {e.code}: {e.read().decode()}")


def record_sets(zone_file, origin):
    """(name, type) -> (ttl, [rdata]) from a simple zone file: NAME TTL IN TYPE RDATA lines."""
    sets = {}
    default_ttl = 300
    for line in open(zone_file):
        line = line.split(";", 1)[0].strip()
        if not line:
            continue
        if line.startswith("$TTL"):
            default_ttl = int(line.split()[1])
            continue
        if line.startswith("$"):
            continue
        fields = line.split(None, 4)
        name, ttl, _cls, rtype, rdata = fields
        owner = origin if name == "@" else (name if name.endswith(".") else f"{name}.{origin}")
        entry = sets.setdefault((owner.lower(), rtype.upper()), [int(ttl or default_ttl), []])
        entry[1].append(rdata)
    return sets


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default="http://127.0.0.1:8080")
    parser.add_argument("--operator-token", required=True)
    parser.add_argument("--zone-file", required=True)
    parser.add_argument("--origin", required=True)
    parser.add_argument("--cidr", default="127.0.0.0/8")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--forward", action="append", default=[], metavar="DOMAIN=IP:PORT[,IP:PORT]",
                        help="also a FORWARD rule for DOMAIN to the targets through an outbound endpoint")
    parser.add_argument("--outbound", default="127.0.70.1,127.0.70.2",
                        help="source addresses of the outbound endpoint (comma list)")
    args = parser.parse_args()
    origin = args.origin if args.origin.endswith(".") else args.origin + "."

    account = call(args.api, args.operator_token, "POST", "/v1/accounts", {"name": "bench"})
    token = account["token"]
    vpc = call(args.api, token, "POST", "/v1/vpcs", {"name": "bench", "region": args.region, "cidrs": [args.cidr]})
    zone = call(args.api, token, "POST", "/v1/hostedzones", {"name": origin, "vpcId": vpc["id"]})

    changes, count, change = [], 0, None
    started = time.monotonic()
    for (name, rtype), (ttl, records) in record_sets(args.zone_file, origin).items():
        apex = name == origin.lower() and rtype in ("SOA", "NS")
        if count + len(records) > 1000:
            change = call(args.api, token, "POST", f"/v1/hostedzones/{zone['id']}/rrsets/changes", {"changes": changes})
            changes, count = [], 0
        changes.append({"action": "UPSERT" if apex else "CREATE",
                        "rrset": {"name": name, "type": rtype, "ttl": ttl, "records": records}})
        count += len(records)
    if changes:
        change = call(args.api, token, "POST", f"/v1/hostedzones/{zone['id']}/rrsets/changes", {"changes": changes})
    if args.forward:
        addresses = [{"ip": ip} for ip in args.outbound.split(",")]
        endpoint = call(args.api, token, "POST", "/v1/resolver/endpoints",
                        {"name": "bench-out", "direction": "OUTBOUND", "vpcId": vpc["id"], "ipAddresses": addresses})
        for spec in args.forward:
            domain, targets = spec.split("=", 1)
            target_ips = [{"ip": ip, "port": int(port)}
                          for ip, port in (target.rsplit(":", 1) for target in targets.split(","))]
            rule = call(args.api, token, "POST", "/v1/resolver/rules",
                        {"name": "bench-" + domain.strip(".").replace(".", "-"), "domainName": domain,
                         "ruleType": "FORWARD", "targetIps": target_ips,
                         "resolverEndpointId": endpoint["id"]})
            call(args.api, token, "POST", f"/v1/resolver/rules/{rule['id']}/associations", {"vpcId": vpc["id"]})
            print(f"rule {rule['id']}: {domain} -> {targets} from {args.outbound}")
    while call(args.api, token, "GET", f"/v1/changes/{change['id']}")["status"] != "INSYNC":
        time.sleep(0.1)
    print(f"zone {zone['id']} {origin} loaded and INSYNC in {time.monotonic() - started:.1f} s "
          f"(vpc {vpc['id']} {args.cidr})")


if __name__ == "__main__":
    main()
