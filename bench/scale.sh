#!/usr/bin/env bash
# A node at scale (issue 13): builds 1,000,000 records in 1,000 zones (one of 500,000), 10,000 VPCs
# with 10 CIDRs each, 100,000 zone-VPC associations and 1,000 FORWARD rules through the admin API
# and zone file imports (bench/scale.py), then prints: the build's steps and import rate, the full
# compile at a restart, the heap after a full collection and the resident memory, one-record
# changes until served (p50/p99 over 100 changes in the 500,000-record zone, after 100 changes not
# counted while the JIT compiles the write path), and private-zone QPS
# with dnsperf against this node and, in the same sitting, against a node holding only a
# 12,000-record zone, in PAIRS alternating pairs of fresh starts.
#
# Usage: scale.sh [JVM flags...]    (default: -XX:+UseG1GC -Xmx3g)
# Build the jar first with `mvn -B clean package -DskipTests` (a `package` without `clean` may keep
# a jar repackaged with older modules).
# Environment: RECORDS, BIG, ZONES, VPCS, ASSOCIATIONS, RULES (defaults as above), DURATION (s per
# dnsperf run, default 20), PAIRS (alternating QPS pairs, default 3), OUT (directory for data and
# logs, default a new temp dir). The store is the embedded one unless STORE_URL names an empty
# PostgreSQL database (jdbc:postgresql://…, with STORE_USER and STORE_PASSWORD) for the large node
# and SMALL_STORE_URL another for the small one.
#
# Loopback only: DNS on 127.81.0.1:5381, admin API on 127.81.0.1:18081, the bench VPC 127.81.1.0/24
# (dnsperf and the change probe send from 127.81.1.1). Needs dnsperf, python3 and jcmd.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${JAR:-$HERE/../resolver-server/target/isthmus.jar}
FLAGS=("$@")
[ ${#FLAGS[@]} -gt 0 ] || FLAGS=(-XX:+UseG1GC -Xmx3g)
RECORDS=${RECORDS:-1000000} BIG=${BIG:-500000} ZONES=${ZONES:-1000} VPCS=${VPCS:-10000}
ASSOCIATIONS=${ASSOCIATIONS:-100000} RULES=${RULES:-1000} DURATION=${DURATION:-20} PAIRS=${PAIRS:-3}
OUT=${OUT:-$(mktemp -d)}
DNS=127.81.0.1 PORT=5381 API=http://127.81.0.1:18081 TOKEN=scale-operator CLIENT=127.81.1.1
PID=
mkdir -p "$OUT"

stop() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  PID=
}
trap stop EXIT

start() { # start DATA_DIR LOG [STORE_URL]
  local store=()
  if [ -n "${3:-}" ]; then
    store=(--isthmus.store.url="$3" --isthmus.store.username="${STORE_USER:-}"
      --isthmus.store.password="${STORE_PASSWORD:-}")
  fi
  java "${FLAGS[@]}" -jar "$JAR" --isthmus.data-dir="$1" "${store[@]}" \
    --isthmus.dns.listen="$DNS:$PORT" --server.address="$DNS" --server.port=18081 \
    --isthmus.dns.default-upstreams= --isthmus.dns.rrl.enabled=false \
    --isthmus.admin.operator-token="$TOKEN" \
    --isthmus.admin.rate-limit.requests-per-second=100000 --isthmus.admin.rate-limit.burst=100000 \
    >"$2" 2>&1 &
  PID=$!
  for _ in $(seq 600); do
    curl -sf -o /dev/null "$API/actuator/health/readiness" && return
    sleep 0.5
  done
  echo "the node did not become ready: $(tail -20 "$2")" >&2
  exit 1
}

heap_after_gc() { # MiB of heap in use after a full collection
  jcmd "$PID" GC.run >/dev/null
  jcmd "$PID" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); print int(v/1024); exit}}'
}

rss() { awk '/^VmRSS:/ {print int($2/1024)}' "/proc/$PID/status"; }

qps() { # qps QUERY_FILE: the QPS, and the response codes dnsperf saw
  dnsperf -s "$DNS" -p "$PORT" -a "$CLIENT" -d "$1" -l "$DURATION" -c 8 -q 500 -t 2 2>&1 |
    awk '/Queries per second/ {q=$4} /Response codes/ {sub(/.*Response codes: */, ""); r=$0}
      END {print q " (" r ")"}'
}

echo "JVM flags: ${FLAGS[*]}; $(java -version 2>&1 | head -1); $(nproc) CPUs; store: ${STORE_URL:-embedded}"
echo "== build ($RECORDS records, $ZONES zones, $VPCS VPCs, $ASSOCIATIONS associations, $RULES rules)"
start "$OUT/data" "$OUT/node.log" "${STORE_URL:-}"
python3 "$HERE/scale.py" build --api "$API" --operator-token "$TOKEN" --state "$OUT/state.json" \
  --records "$RECORDS" --big "$BIG" --zones "$ZONES" --vpcs "$VPCS" \
  --associations "$ASSOCIATIONS" --rules "$RULES"
stop

echo "== restart"
start "$OUT/data" "$OUT/restart.log" "${STORE_URL:-}"
grep -m1 -o 'Serving configuration version .* compiled in [0-9]* ms' "$OUT/restart.log" || true
# After its start the node rewrites the last-snapshot file (seconds at a million records), whose
# buffers a collection meanwhile would count: measure after it.
sleep 15
heap=$(heap_after_gc)
echo "heap after GC: $heap MiB, resident: $(rss) MiB"
echo "  heap per record: $(( heap * 1024 * 1024 / RECORDS )) bytes (everything in the heap divided by the records)"

echo "== changes"
python3 "$HERE/scale.py" changes --api "$API" --state "$OUT/state.json" --dns "$DNS:$PORT" \
  --source "$CLIENT" --big "$BIG" --count 100
python3 "$HERE/scale.py" queries --out "$OUT/big.queries" --big "$BIG"
echo "private-zone QPS right after the changes: $(qps "$OUT/big.queries")"
echo "resident after the changes and dnsperf: $(rss) MiB"
stop

echo "== the same node with 12,000 records"
start "$OUT/small" "$OUT/small.log" "${SMALL_STORE_URL:-}"
python3 "$HERE/scale.py" build --api "$API" --operator-token "$TOKEN" --state "$OUT/small.json" \
  --records 12000 --big 12000 --zones 1 --vpcs 1 --associations 1 --rules 0 >/dev/null
python3 "$HERE/scale.py" queries --out "$OUT/small.queries" --big 12000
stop
# One pair of runs differs by up to a tenth on this kind of machine from run to run: alternate
# fresh starts of both nodes, each measured after the rewrite of the last-snapshot file that
# follows a start, and compare the means.
echo "private-zone QPS, $PAIRS alternating pairs (12,000-record node, then the $RECORDS-record node):"
small_runs=() big_runs=()
for pair in $(seq "$PAIRS"); do
  start "$OUT/small" "$OUT/small-$pair.log" "${SMALL_STORE_URL:-}"
  sleep 15
  small_qps=$(qps "$OUT/small.queries")
  stop
  start "$OUT/data" "$OUT/big-$pair.log" "${STORE_URL:-}"
  sleep 15
  big_qps=$(qps "$OUT/big.queries")
  stop
  echo "  pair $pair: $small_qps / $big_qps"
  small_runs+=("${small_qps%% *}") big_runs+=("${big_qps%% *}")
done
echo "${small_runs[*]}" "|" "${big_runs[*]}" | awk -F'|' '{
  n = split($1, s, " "); split($2, b, " ")
  for (i = 1; i <= n; i++) { ss += s[i]; bs += b[i] }
  printf "  means: %.0f (12,000 records) and %.0f (%s records): %.1f %%\n", ss / n, bs / n, "'"$RECORDS"'", 100 * bs / ss
}'
