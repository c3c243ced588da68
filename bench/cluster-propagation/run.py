#!/usr/bin/env python3
"""Cluster propagation benchmark: N Isthmus nodes on one PostgreSQL.

Measures, per single-record change submitted through one node's admin API, the time until every
node answers the new record; the time from the health leader's kill -9 until another node reports
itself leader in GET /v1/nodes; and PostgreSQL's load per idle node. See README.md next to this file.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OPERATOR_TOKEN = "bench-operator-token-0123456789abcdef"
ZONE = "bench.propagation.test"
VPC_CIDR = "127.78.0.0/24"
CLIENT_ADDRESS = "127.78.0.5"  # inside the VPC: dig -b picks the VPC
DATABASE = "isthmus"


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port(address="127.0.0.1", kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def free_dns_port(address):
    """A port free for both UDP and TCP on the address."""
    for _ in range(50):
        port = free_port(address)
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.bind((address, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free DNS port on " + address)


def pg_bin(name):
    for candidate in sorted(os.listdir("/usr/lib/postgresql"), reverse=True) if os.path.isdir(
            "/usr/lib/postgresql") else []:
        path = os.path.join("/usr/lib/postgresql", candidate, "bin", name)
        if os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if found:
        return found
    sys.exit(f"{name} not found: install PostgreSQL (Debian: apt-get install -y postgresql)")


class Postgres:
    """A throwaway cluster in a temp dir on a free port; run as 'postgres' when we are root."""

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "pg")
        self.port = free_port()
        self.as_user = []
        os.makedirs(self.dir)
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            shutil.chown(workdir, "postgres")
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *argv, **kwargs):
        return subprocess.run(self.as_user + list(argv), check=True, capture_output=True, text=True,
                              **kwargs)

    def start(self):
        self.run(pg_bin("initdb"), "-D", self.dir, "-U", "postgres", "-A", "trust", "-E", "UTF8")
        with open(os.path.join(self.dir, "postgresql.conf"), "a") as conf:
            conf.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.dir}'\nmax_connections = 200\n"
                       "shared_preload_libraries = 'pg_stat_statements'\n"
                       "pg_stat_statements.track = all\nfsync = off\n")
        self.run(pg_bin("pg_ctl"), "-D", self.dir, "-l", os.path.join(self.dir, "log"), "-w",
                 "start")
        self.sql(f"CREATE DATABASE {DATABASE}", database="postgres")
        try:
            self.sql("CREATE EXTENSION pg_stat_statements")
            self.statements = True
        except subprocess.CalledProcessError:
            self.statements = False

    def sql(self, statement, database=DATABASE):
        out = self.run(pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                       "-d", database, "-At", "-c", statement)
        return out.stdout.strip()

    def stop(self):
        subprocess.run(self.as_user + [pg_bin("pg_ctl"), "-D", self.dir, "-m", "immediate",
                                       "stop"], capture_output=True)

    @property
    def url(self):
        return f"jdbc:postgresql://127.0.0.1:{self.port}/{DATABASE}"


class Node:
    def __init__(self, index, workdir, jar, postgres, heap):
        self.index = index
        self.node_id = f"bench-{index}"
        self.address = f"127.77.{index}.1"
        self.dns_port = free_dns_port(self.address)
        self.http_port = free_port(self.address)
        self.data_dir = os.path.join(workdir, self.node_id)
        self.log_path = os.path.join(workdir, self.node_id + ".log")
        self.jar = jar
        self.postgres = postgres
        self.heap = heap
        self.process = None

    def start(self):
        os.makedirs(self.data_dir, exist_ok=True)
        argv = ["java", f"-Xmx{self.heap}", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
                "-jar", self.jar,
                f"--isthmus.node-id={self.node_id}",
                f"--isthmus.data-dir={self.data_dir}",
                f"--isthmus.store.url={self.postgres.url}",
                "--isthmus.store.username=postgres",
                "--isthmus.store.password=unused",
                f"--isthmus.dns.listen={self.address}:{self.dns_port}",
                "--isthmus.dns.default-upstreams=",
                f"--isthmus.admin.operator-token={OPERATOR_TOKEN}",
                f"--server.address={self.address}",
                f"--server.port={self.http_port}"]
        self.process = subprocess.Popen(argv, stdout=open(self.log_path, "ab"),
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def base(self):
        return f"http://{self.address}:{self.http_port}"

    def wait_ready(self, deadline):
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.node_id} exited; see {self.log_path}")
            try:
                status, _ = http("GET", self.base + "/actuator/health/readiness", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.node_id} not ready in time; see {self.log_path}")


def http(method, url, body=None, token=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw) if raw else None
        except ValueError:
            return e.code, raw.decode(errors="replace")


def expect(status_and_body, wanted, what):
    status, body = status_and_body
    if status not in wanted:
        raise RuntimeError(f"{what}: HTTP {status} {body}")
    return body


def encode_query(query_id, name):
    header = struct.pack(">HHHHHH", query_id, 0x0100, 1, 0, 0, 0)
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".")) + b"\0"
    return header + labels + struct.pack(">HH", 1, 1)


def a_records(reply, query_id):
    """The IPv4 addresses in a reply's answer section (no compression needed beyond pointers)."""
    if len(reply) < 12:
        return None
    rid, flags, qd, an, _, _ = struct.unpack(">HHHHHH", reply[:12])
    if rid != query_id:
        return None
    offset = 12

    def skip_name(o):
        while True:
            length = reply[o]
            if length & 0xC0 == 0xC0:
                return o + 2
            if length == 0:
                return o + 1
            o += 1 + length

    for _ in range(qd):
        offset = skip_name(offset) + 4
    addresses = []
    for _ in range(an):
        offset = skip_name(offset)
        rtype, _, _, rdlength = struct.unpack(">HHIH", reply[offset:offset + 10])
        offset += 10
        if rtype == 1 and rdlength == 4:
            addresses.append(socket.inet_ntoa(reply[offset:offset + 4]))
        offset += rdlength
    return addresses


class Prober:
    """Asks a node for an A record from inside the VPC, as dig -b would (UDP, one datagram)."""

    def __init__(self, use_dig):
        self.use_dig = use_dig
        self.sock = None
        if not use_dig:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.bind((CLIENT_ADDRESS, 0))
            self.sock.settimeout(0.2)

    def answers(self, node, name):
        if self.use_dig:
            out = subprocess.run(["dig", f"@{node.address}", "-p", str(node.dns_port), "-b",
                                  CLIENT_ADDRESS, "+short", "+tries=1", "+time=1", name, "A"],
                                 capture_output=True, text=True)
            return out.stdout.split()
        query_id = random.randrange(65536)
        self.sock.sendto(encode_query(query_id, name), (node.address, node.dns_port))
        try:
            while True:
                reply, _ = self.sock.recvfrom(4096)
                records = a_records(reply, query_id)
                if records is not None:
                    return records
        except socket.timeout:
            return []


def percentile(values, p):
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def measure_propagation(nodes, account_token, zone_id, changes, rate, prober):
    """Submits `changes` CREATEs through node 0 at `rate` per second; polls every node."""
    interval = 1.0 / rate
    pending = {}  # change index -> (submitted, name, value, set of node indexes not yet answering)
    done = []
    start = time.monotonic()
    next_submit = start
    submitted = 0
    while submitted < changes or pending:
        now = time.monotonic()
        if submitted < changes and now >= next_submit:
            i = submitted
            name = f"c{i}.{ZONE}"
            value = f"10.{(i >> 8) & 255}.{i & 255}.7"
            t0 = time.monotonic()
            expect(http("POST", f"{nodes[0].base}/v1/hostedzones/{zone_id}/rrsets/changes",
                        {"changes": [{"action": "CREATE", "rrset": {
                            "name": name, "type": "A", "ttl": 60, "records": [value]}}]},
                        token=account_token), (200,), "change " + name)
            pending[i] = (t0, name, value, set(range(len(nodes))))
            submitted += 1
            next_submit += interval
        for i in list(pending):
            t0, name, value, waiting = pending[i]
            for n in list(waiting):
                if value in prober.answers(nodes[n], name):
                    waiting.discard(n)
            if not waiting:
                done.append(time.monotonic() - t0)
                del pending[i]
            elif time.monotonic() - t0 > 60:
                raise RuntimeError(f"{name} not answered by every node within 60 s")
        if not pending and submitted < changes:
            time.sleep(max(0.0, next_submit - time.monotonic()))
    return done


def nodes_listing(node):
    status, body = http("GET", node.base + "/v1/nodes", token=OPERATOR_TOKEN, timeout=3)
    return body.get("items", []) if status == 200 and isinstance(body, dict) else None


def measure_takeover(nodes, interval_s):
    items = nodes_listing(nodes[0])
    if not items or "healthLeader" not in items[0]:
        return None, "skipped: GET /v1/nodes has no healthLeader field"
    deadline = time.monotonic() + 30
    leader_id = None
    while time.monotonic() < deadline and leader_id is None:
        leaders = [i["nodeId"] for i in nodes_listing(nodes[0]) or [] if i.get("healthLeader")]
        leader_id = leaders[0] if len(leaders) == 1 else None
        if leader_id is None:
            time.sleep(0.1)
    if leader_id is None:
        return None, "skipped: no single leader within 30 s"
    leader = next(n for n in nodes if n.node_id == leader_id)
    others = [n for n in nodes if n is not leader]
    killed = time.monotonic()
    leader.kill()
    while time.monotonic() - killed < 120:
        for n in others:
            items = nodes_listing(n) or []
            mine = [i for i in items if i.get("nodeId") == n.node_id]
            if mine and mine[0].get("healthLeader"):
                return time.monotonic() - killed, f"{leader_id} killed, {n.node_id} took over"
        time.sleep(interval_s)
    return None, "no takeover within 120 s"


def measure_idle_load(postgres, nodes, seconds):
    def counters():
        xacts = int(postgres.sql(
            f"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{DATABASE}'"))
        calls = None
        if postgres.statements:
            calls = int(postgres.sql(
                "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d "
                f"ON d.oid = s.dbid WHERE d.datname = '{DATABASE}' AND s.query NOT ILIKE "
                "'%pg_stat%'"))
        connections = int(postgres.sql(
            f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{DATABASE}' "
            "AND backend_type = 'client backend'"))
        return xacts, calls, connections

    x0, c0, _ = counters()
    t0 = time.monotonic()
    time.sleep(seconds)
    x1, c1, connections = counters()
    elapsed = time.monotonic() - t0
    # Each psql call of ours is one transaction (3 per counters() pair boundary).
    per_node_xacts = max(0, x1 - x0 - 3) / elapsed / len(nodes)
    per_node_calls = None if c0 is None else (c1 - c0) / elapsed / len(nodes)
    return per_node_xacts, per_node_calls, connections


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--rate", type=float, default=2.0, help="changes per second")
    parser.add_argument("--idle-seconds", type=float, default=30.0)
    parser.add_argument("--heap", default="256m")
    parser.add_argument("--jar", default=os.path.join(ROOT, "resolver-server", "target",
                                                      "isthmus.jar"))
    parser.add_argument("--probe", choices=["udp", "dig"], default="udp",
                        help="udp: one datagram per poll from the VPC address (cheap); "
                             "dig: spawn dig -b per poll")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs)")
    args = parser.parse_args()
    if not os.path.isfile(args.jar):
        sys.exit(f"{args.jar} missing: mvn -B -o -q -pl resolver-server -am package -DskipTests")
    if args.probe == "dig" and not shutil.which("dig"):
        sys.exit("dig not found (Debian: bind9-dnsutils)")

    workdir = tempfile.mkdtemp(prefix="isthmus-propagation-")
    postgres = Postgres(workdir)
    nodes = []
    try:
        log(f"PostgreSQL on port {postgres.port} in {workdir}")
        postgres.start()
        for i in range(1, args.nodes + 1):
            nodes.append(Node(i, workdir, args.jar, postgres, args.heap))
        # The first node migrates the schema; the others start after it (no migration race).
        nodes[0].start()
        nodes[0].wait_ready(time.monotonic() + 180)
        for n in nodes[1:]:
            n.start()
        for n in nodes[1:]:
            n.wait_ready(time.monotonic() + 180)
        log(f"{len(nodes)} nodes ready: " + ", ".join(
            f"{n.node_id} dns {n.address}:{n.dns_port} http {n.http_port}" for n in nodes))

        base = nodes[0].base
        account = expect(http("POST", base + "/v1/accounts", {"name": "bench"},
                              token=OPERATOR_TOKEN), (201,), "account")
        token = account["token"]
        vpc = expect(http("POST", base + "/v1/vpcs", {"name": "bench-use1", "region": "us-east-1",
                                                        "cidrs": [VPC_CIDR]}, token=token),
                     (201,), "vpc")
        zone = expect(http("POST", base + "/v1/hostedzones", {"name": ZONE, "vpcId": vpc["id"]},
                           token=token), (201,), "zone")
        prober = Prober(args.probe == "dig")
        # Warm-up: the zone itself reaches every node before timing starts.
        deadline = time.monotonic() + 30
        warm = f"warm.{ZONE}"
        expect(http("POST", f"{base}/v1/hostedzones/{zone['id']}/rrsets/changes",
                    {"changes": [{"action": "CREATE", "rrset": {
                        "name": warm, "type": "A", "ttl": 60, "records": ["10.255.0.1"]}}]},
                    token=token), (200,), "warm-up")
        while not all("10.255.0.1" in prober.answers(n, warm) for n in nodes):
            if time.monotonic() > deadline:
                raise RuntimeError("warm-up record not answered by every node within 30 s")
            time.sleep(0.05)

        log(f"idle load: {args.idle_seconds:.0f} s")
        xacts, calls, connections = measure_idle_load(postgres, nodes, args.idle_seconds)

        log(f"{args.changes} changes at {args.rate}/s through {nodes[0].node_id}")
        times = measure_propagation(nodes, token, zone["id"], args.changes, args.rate, prober)
        ms = [t * 1000 for t in times]

        log("leader takeover")
        takeover, takeover_note = measure_takeover(nodes, 0.05)

        print(f"\nIsthmus cluster propagation: {len(nodes)} nodes, {args.changes} changes at "
              f"{args.rate}/s, probe {args.probe}")
        print("| measure | value |")
        print("|---|---|")
        print(f"| change → every node answers, median | {statistics.median(ms):.0f} ms |")
        print(f"| change → every node answers, p99 | {percentile(ms, 99):.0f} ms |")
        print(f"| change → every node answers, max | {max(ms):.0f} ms |")
        print("| leader kill -9 → another node leads | "
              + (f"{takeover * 1000:.0f} ms ({takeover_note})" if takeover is not None
                 else takeover_note) + " |")
        print(f"| PostgreSQL transactions/s per idle node | {xacts:.1f} |")
        print("| PostgreSQL statements/s per idle node | "
              + (f"{calls:.1f}" if calls is not None else "n/a (no pg_stat_statements)") + " |")
        print(f"| PostgreSQL client connections ({len(nodes)} nodes, idle) | {connections} |")
    finally:
        for n in nodes:
            n.stop()
        postgres.stop()
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
