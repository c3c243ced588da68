#!/usr/bin/env python3
"""How long client queries wait on a forwarding target after it starts dropping every query.

Runs two UDP relays to UPSTREAM, RELAY and PEER: give both to Isthmus as the targets of a FORWARD
rule (two relays, not one relay beside the upstream itself, so both targets have similar round-trip
times and Isthmus spreads queries over both). A probe client sends never-seen names under DOMAIN to
the Isthmus listener (so every query is forwarded, none is cached) at a steady rate. After WARMUP
seconds RELAY starts dropping everything: from then on a query sent to it only gets an
answer after Isthmus times out on it and tries the other target. Reported: the window from the
black-holing until the last probe query that waited (latency above --slow-ms), and latencies
before and after. Run it beside a dnsperf load to see the window under load. Loopback only;
standard library only.

  bench/blackhole.py --isthmus 127.0.0.1:5353 --relay 127.0.0.30:5330 --peer 127.0.0.31:5331 \\
      --upstream 127.0.0.20:5320 --domain corp.example
"""
import argparse
import random
import socket
import struct
import threading
import time


def addr(text):
    host, port = text.rsplit(":", 1)
    if not host.startswith("127."):
        raise SystemExit(f"loopback only: {text}")
    return host, int(port)


def query(txid, name):
    wire = struct.pack(">HHHHHH", txid, 0x0100, 1, 0, 0, 0)
    for label in name.strip(".").split("."):
        wire += bytes([len(label)]) + label.encode()
    return wire + b"\x00" + struct.pack(">HH", 1, 1)


class Relay(threading.Thread):
    """Relays client datagrams to the upstream and replies back, until told to drop."""

    def __init__(self, listen, upstream):
        super().__init__(daemon=True)
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.front.bind(listen)
        self.back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.back.bind((listen[0], 0))
        self.upstream = upstream
        self.clients = {}
        self.dropping = False
        threading.Thread(target=self.replies, daemon=True).start()

    def run(self):
        while True:
            data, client = self.front.recvfrom(65535)
            if self.dropping or len(data) < 12:
                continue
            self.clients[data[:2]] = client
            self.back.sendto(data, self.upstream)

    def replies(self):
        while True:
            data, _ = self.back.recvfrom(65535)
            client = self.clients.pop(data[:2], None)
            if client is not None and not self.dropping:
                self.front.sendto(data, client)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--isthmus", type=addr, required=True)
    parser.add_argument("--relay", type=addr, required=True)
    parser.add_argument("--peer", type=addr, required=True)
    parser.add_argument("--upstream", type=addr, required=True)
    parser.add_argument("--domain", required=True)
    parser.add_argument("--source", default="127.0.0.1", help="probe source address (inside a VPC)")
    parser.add_argument("--rate", type=int, default=200, help="probe queries per second")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--after", type=float, default=8.0, help="seconds measured after black-holing")
    parser.add_argument("--slow-ms", type=float, default=150.0,
                        help="a probe query slower than this waited on the dead target (keep it near "
                             "the forwarder's try timeout, ~200 ms on loopback; machine pauses stay below)")
    parser.add_argument("--verbose", action="store_true", help="list every slow probe query")
    args = parser.parse_args()

    relay = Relay(args.relay, args.upstream)
    relay.start()
    Relay(args.peer, args.upstream).start()
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind((args.source, 0))
    probe.connect(args.isthmus)
    sent, latencies = {}, []
    done = threading.Event()

    def receive():
        probe.settimeout(0.5)
        while not done.is_set():
            try:
                data = probe.recv(65535)
            except socket.timeout:
                continue
            started = sent.pop(data[:2], None)
            if started is not None:
                latencies.append((started, time.monotonic() - started))

    threading.Thread(target=receive, daemon=True).start()
    run = random.getrandbits(32)
    start = time.monotonic()
    black_holed_at = start + args.warmup
    end = black_holed_at + args.after
    n = 0
    while time.monotonic() < end:
        now = time.monotonic()
        if not relay.dropping and now >= black_holed_at:
            relay.dropping = True
        txid = random.getrandbits(16)
        wire = query(txid, f"bh{n}-{run:x}.{args.domain}")
        sent[wire[:2]] = now
        probe.send(wire)
        n += 1
        time.sleep(max(0.0, start + n / args.rate - time.monotonic()))
    time.sleep(5)
    done.set()

    before = sorted(l for t, l in latencies if t < black_holed_at)
    after = [(t, l) for t, l in latencies if t >= black_holed_at]
    slow = [t for t, l in after if l * 1000 > args.slow_ms]
    window = (max(slow) - black_holed_at) if slow else 0.0
    pct = lambda xs, p: xs[min(len(xs) - 1, int(p * len(xs)))] * 1000 if xs else float("nan")
    late = sorted(l for t, l in after if t >= black_holed_at + window + 0.001)
    print(f"probe: {n} sent, {len(latencies)} answered, {len(sent)} unanswered")
    print(f"before black-holing: p50 {pct(before, 0.5):.2f} ms, p99 {pct(before, 0.99):.2f} ms")
    print(f"black-hole window: {window:.3f} s ({len(slow)} probe queries waited > {args.slow_ms:g} ms, "
          f"longest {max((l for _, l in after), default=0) * 1000:.0f} ms)")
    print(f"after the window: p50 {pct(late, 0.5):.2f} ms, p99 {pct(late, 0.99):.2f} ms")
    if args.verbose:
        for t, l in after:
            if l * 1000 > args.slow_ms:
                print(f"  slow: sent at +{t - black_holed_at:.3f} s, waited {l * 1000:.0f} ms")


if __name__ == "__main__":
    main()
