#!/usr/bin/env python3
"""Build and measure a configuration at scale on a running Isthmus node (bench/scale.sh drives it).

  build    accounts, VPCs (each with CIDRs), zones filled by zone file imports (one big zone and
           many small ones), zone-VPC associations, FORWARD rules with their associations; prints
           the time of each step and the import rate, then waits until the last change is INSYNC.
  changes  one-record UPSERTs in the big zone, each timed from the API call until a DNS query
           over UDP (from a source address of the bench VPC, as dig -b would send it) gets the new
           address; prints p50/p99/max over --count changes made after --warmup changes that are
           not counted (the JIT compiles the write path during those).
  queries  writes a dnsperf query file of random names of the big zone.

Standard library only. The node must allow the call rate (bench/scale.sh raises the admin API's
rate limits) and take zone files of the big zone's size (isthmus.admin.import.*).
"""
import argparse
import concurrent.futures
import json
import random
import socket
import statistics
import struct
import sys
import time
import urllib.error
import urllib.request

BIG = "big.scale.example."
BENCH_CIDR = "127.81.1.0/24"


def call(api, token, method, path, body=None, content_type="application/json", raw=False):
    data = None
    if body is not None:
        data = body.encode() if raw else json.dumps(body).encode()
    request = urllib.request.Request(api + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        sys.exit(f"{method} {path} -> {e.code}: {e.read().decode()[:2000]}")


def zone_file(origin, records, seed):
    """A master file of `records` A records h0..h(n-1) under origin, with $ORIGIN and $TTL."""
    rnd = random.Random(seed)
    lines = [f"$ORIGIN {origin}", "$TTL 300"]
    for i in range(records):
        lines.append(f"h{i} A 10.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}")
    return "\n".join(lines) + "\n"


def cidrs(vpc, per_vpc):
    """Distinct /28 blocks of 10.0.0.0/8 for VPC number `vpc`."""
    out = []
    for k in range(per_vpc):
        block = vpc * per_vpc + k
        out.append(f"10.{(block >> 12) & 255}.{(block >> 4) & 255}.{(block & 15) * 16}/28")
    return out


def timed(label, work):
    started = time.monotonic()
    result = work()
    elapsed = time.monotonic() - started
    print(f"{label}: {elapsed:.1f} s", flush=True)
    return result, elapsed


def parallel(threads, items, work):
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        return list(pool.map(work, items))


def build(args):
    api, operator = args.api, args.operator_token
    account = call(api, operator, "POST", "/v1/accounts", {"name": "scale"})
    token = account["token"]

    def vpc(i):
        cidr_list = [BENCH_CIDR] if i == 0 else cidrs(i, args.cidrs_per_vpc)
        return call(api, token, "POST", "/v1/vpcs",
                    {"name": f"v{i}", "region": "us-east-1", "cidrs": cidr_list})["id"]

    vpcs, _ = timed(f"{args.vpcs} VPCs ({args.cidrs_per_vpc} CIDRs each)",
                    lambda: parallel(args.threads, range(args.vpcs), vpc))

    small = (args.records - args.big) // max(1, args.zones - 1)
    names = [BIG] + [f"z{n}.scale.example." for n in range(1, args.zones)]

    def zone(n):
        return call(api, token, "POST", "/v1/hostedzones",
                    {"name": names[n], "vpcId": vpcs[n % len(vpcs)]})["id"]

    zones, _ = timed(f"{args.zones} zones", lambda: parallel(args.threads, range(args.zones), zone))

    def fill(n):
        text = zone_file(names[n], args.big if n == 0 else small, n)
        return call(api, token, "POST", f"/v1/hostedzones/{zones[n]}/import?mode=merge",
                    text, content_type="text/dns", raw=True)

    _, big_seconds = timed(f"import of {args.big} records into {BIG}", lambda: fill(0))
    print(f"  import rate (one zone): {args.big / big_seconds:,.0f} records/s", flush=True)
    changes, small_seconds = timed(
        f"import of {args.zones - 1} zones of {small} records",
        lambda: parallel(args.threads, range(1, args.zones), fill))
    if args.zones > 1:
        print(f"  import rate (small zones): {small * (args.zones - 1) / small_seconds:,.0f} records/s",
              flush=True)

    # Each zone in associations / zones VPCs, counting the one it was created with (the big zone's
    # is VPC 0, the bench VPC that dnsperf and the change probe query from).
    per_zone = max(1, args.associations // args.zones)
    pairs = []
    for n in range(args.zones):
        chosen = {n % len(vpcs)}
        for k in range(per_zone - 1):
            v = (n * 7919 + k * 101) % len(vpcs)
            if v not in chosen:
                chosen.add(v)
                pairs.append((n, v))

    def associate(pair):
        n, v = pair
        return call(api, token, "POST", f"/v1/hostedzones/{zones[n]}/associations", {"vpcId": vpcs[v]})

    timed(f"{len(pairs)} zone-VPC associations", lambda: parallel(args.threads, pairs, associate))

    endpoint = call(api, token, "POST", "/v1/resolver/endpoints",
                    {"name": "out", "direction": "OUTBOUND", "vpcId": vpcs[0],
                     "ipAddresses": [{"ip": "127.81.0.30"}, {"ip": "127.81.0.31"}]})

    def rule(r):
        created = call(api, token, "POST", "/v1/resolver/rules",
                       {"name": f"r{r}", "domainName": f"r{r}.corp.example.", "ruleType": "FORWARD",
                        "targetIps": [{"ip": "127.81.0.20", "port": 5381}],
                        "resolverEndpointId": endpoint["id"]})
        for k in range(args.vpcs_per_rule):
            call(api, token, "POST", f"/v1/resolver/rules/{created['id']}/associations",
                 {"vpcId": vpcs[(r * 31 + k * 997) % len(vpcs)]})

    timed(f"{args.rules} rules, each in {args.vpcs_per_rule} VPCs",
          lambda: parallel(args.threads, range(args.rules), rule))

    last = call(api, token, "POST", f"/v1/hostedzones/{zones[0]}/rrsets/changes",
                {"changes": [{"action": "UPSERT", "rrset": {"name": "ready." + BIG, "type": "TXT",
                                                            "ttl": 60, "records": ['"built"']}}]})
    timed("until the last change is INSYNC", lambda: wait_insync(api, token, last["id"]))
    with open(args.state, "w") as out:
        json.dump({"token": token, "bigZone": zones[0], "vpc0": vpcs[0]}, out)


def wait_insync(api, token, change_id):
    while call(api, token, "GET", f"/v1/changes/{change_id}")["status"] != "INSYNC":
        time.sleep(0.05)


def query_a(server, port, source, name, timeout=0.5):
    """The A addresses of a UDP query for `name` sent from `source` (no EDNS, like dig +noedns)."""
    qid = random.randrange(65536)
    question = b"".join(bytes([len(label)]) + label.encode() for label in name.rstrip(".").split("."))
    packet = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + question + b"\0" + struct.pack(">HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((source, 0))
        sock.settimeout(timeout)
        sock.sendto(packet, (server, port))
        reply, _ = sock.recvfrom(4096)
    _, _, _, ancount, _, _ = struct.unpack(">HHHHHH", reply[:12])
    offset = 12 + len(question) + 1 + 4
    addresses = []
    for _ in range(ancount):
        offset = skip_name(reply, offset)
        rtype, _, _, length = struct.unpack(">HHIH", reply[offset:offset + 10])
        offset += 10
        if rtype == 1:
            addresses.append(".".join(str(b) for b in reply[offset:offset + 4]))
        offset += length
    return addresses


def skip_name(message, offset):
    while True:
        length = message[offset]
        if length & 0xC0 == 0xC0:
            return offset + 2
        if length == 0:
            return offset + 1
        offset += length + 1


def changes(args):
    with open(args.state) as f:
        state = json.load(f)
    host, port = args.dns.rsplit(":", 1)
    latencies = []
    # The first changes after a start run the write path before the JIT has compiled it: they are
    # made and waited for, but not counted.
    for i in range(-args.warmup, args.count):
        name = f"h{random.randrange(args.big)}.{BIG}"
        address = f"10.{254 if i < 0 else 255}.{abs(i) // 250}.{abs(i) % 250 + 1}"
        started = time.monotonic()
        call(args.api, state["token"], "POST", f"/v1/hostedzones/{state['bigZone']}/rrsets/changes",
             {"changes": [{"action": "UPSERT",
                           "rrset": {"name": name, "type": "A", "ttl": 300, "records": [address]}}]})
        while True:
            try:
                if query_a(host, int(port), args.source, name) == [address]:
                    break
            except socket.timeout:
                pass
            if time.monotonic() - started > 60:
                sys.exit(f"{name} not served with {address} after 60 s")
            time.sleep(0.001)
        if i >= 0:
            latencies.append((time.monotonic() - started) * 1000)
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print(f"one-record change -> served ({args.count} changes in {BIG}, after {args.warmup} not counted): "
          f"p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms")


def queries(args):
    rnd = random.Random(7)
    with open(args.out, "w") as out:
        for _ in range(args.count):
            out.write(f"h{rnd.randrange(args.big)}.{args.origin} A\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--api", required=True)
    b.add_argument("--operator-token", required=True)
    b.add_argument("--state", required=True, help="file to keep the account token and ids in")
    b.add_argument("--records", type=int, default=1_000_000)
    b.add_argument("--big", type=int, default=500_000)
    b.add_argument("--zones", type=int, default=1000)
    b.add_argument("--vpcs", type=int, default=10_000)
    b.add_argument("--cidrs-per-vpc", type=int, default=10)
    b.add_argument("--associations", type=int, default=100_000)
    b.add_argument("--rules", type=int, default=1000)
    b.add_argument("--vpcs-per-rule", type=int, default=10)
    b.add_argument("--threads", type=int, default=4)
    c = sub.add_parser("changes")
    c.add_argument("--api", required=True)
    c.add_argument("--state", required=True)
    c.add_argument("--dns", required=True, help="IP:PORT of the node's DNS listener")
    c.add_argument("--source", default="127.81.1.1", help="a source address in the bench VPC")
    c.add_argument("--big", type=int, default=500_000)
    c.add_argument("--count", type=int, default=100)
    c.add_argument("--warmup", type=int, default=100, help="changes made first and not counted")
    q = sub.add_parser("queries")
    q.add_argument("--out", required=True)
    q.add_argument("--origin", default=BIG)
    q.add_argument("--big", type=int, default=500_000)
    q.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    {"build": build, "changes": changes, "queries": queries}[args.command](args)


if __name__ == "__main__":
    main()
