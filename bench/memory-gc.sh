#!/usr/bin/env bash
# Memory and collector: alternating fresh nodes, each started with the demo and one set of JVM
# flags, then loaded with the bench harness's 12,000-record private zone and a FORWARD rule to a
# Knot upstream of its own. Per run: resident memory (VmRSS, and PSS, which counts a page mapped
# several times once, as ZGC's multi-mapped heap is) at idle with the demo, after the zone load,
# after a private-zone burst and after a cold-forwarding burst; the bursts' QPS; and the latency
# tail of cold forwarding at a fixed rate (every query a cache miss, each answer entering the
# cache: the load that makes a collector's pauses visible).
#
# Usage: memory-gc.sh BENCH_DIR REPS LABEL=FLAGS...
#   BENCH_DIR  a writable copy of the shared bench harness, after `python3 gen-data.py`
#   REPS       rounds; each round runs every variant once, in a rotated order
#   LABEL=FLAGS  a variant: a name and its JVM flags, e.g. 'g1-256=-XX:+UseG1GC -Xmx256m'
# Environment: DURATION (s per burst, default 10), FIXED_QPS (default 10000), IDLE (s of rest
# before each idle reading, default 20), OUT (directory for raw output, default a new temp dir).
#
# Loopback only, on addresses of its own: DNS on 127.80.0.1:5380, admin API on 127.80.0.1:18080,
# the upstream (Knot, corp.example) on 127.80.0.20:5380, the bench VPC 127.80.1.0/24 (dnsperf
# sends from 127.80.1.1). The demo itself listens on its fixed inbound addresses (127.0.60.1-2
# port 8053); run the script in a network namespace of its own (`unshare --net`, then
# `ip link set lo up`) where other software may use them.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,22p' "$0"; exit 2; }
BENCH=$(cd "$1" && pwd) REPS=$2
shift 2
VARIANTS=("$@")
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${JAR:-$HERE/../resolver-server/target/isthmus.jar}
DURATION=${DURATION:-10} FIXED_QPS=${FIXED_QPS:-10000} IDLE=${IDLE:-20}
OUT=${OUT:-$(mktemp -d)}
DNS=127.80.0.1 DNS_PORT=5380 API=http://127.80.0.1:18080 TOKEN=memory-gc-operator
UPSTREAM=127.80.0.20 CLIENT=127.80.1.1
PID= DATA= KNOT=
mkdir -p "$OUT"

stop_node() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  if [ -n "$DATA" ]; then rm -rf "$DATA"; fi
  PID= DATA=
}
stop_all() {
  stop_node
  if [ -n "$KNOT" ]; then kill "$KNOT" 2>/dev/null || true; wait "$KNOT" 2>/dev/null || true; fi
}
trap stop_all EXIT

start_upstream() {
  local run="$OUT/knot"
  mkdir -p "$run/knot-upstream/db"
  sed -e "s|@BENCH@|$BENCH|g" -e "s|@RUN@|$run|g" -e "s|127.0.0.20@5320|$UPSTREAM@$DNS_PORT|" \
    "$BENCH/anchors/knot-upstream/knot.conf" >"$run/knot.conf"
  knotd -c "$run/knot.conf" >"$run/knotd.log" 2>&1 &
  KNOT=$!
  for _ in $(seq 50); do
    [ "$(dig +time=1 +tries=1 +short -p "$DNS_PORT" @"$UPSTREAM" host42.corp.example A)" = 10.2.0.42 ] && return
    sleep 0.2
  done
  echo "the Knot upstream did not come up: $(cat "$run/knotd.log")" >&2
  exit 1
}

# "rss_kib pss_kib" of the node now.
memory() {
  local rss pss
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$PID/status")
  pss=$(awk '/^Pss:/ {print $2}' "/proc/$PID/smaps_rollup")
  echo "$rss $pss"
}

burst() { # burst FILE SECONDS [dnsperf args]: prints the QPS
  local file=$1 secs=$2
  shift 2
  dnsperf -s "$DNS" -p "$DNS_PORT" -a "$CLIENT" -d "$file" -l "$secs" -c 8 -q 500 -t 2 "$@" \
    >"$RUN_OUT.dnsperf" 2>&1
  awk '/Queries per second/ {printf "%d", $4}' "$RUN_OUT.dnsperf"
}

# p50 p99 p99.9 max (ms) and lost of a dnsperf -v run.
tail_latency() {
  local lost
  lost=$(awk '/Queries lost:/ {print $3}' "$1")
  awk '/^> / {print $NF * 1000}' "$1" | sort -g | awk -v lost="$lost" '
    function at(p,   i) { i = int(NR * p); if (i < 1) i = 1; return v[i] }
    { v[NR] = $1 }
    END { printf "%.3f %.3f %.3f %.3f %s\n", at(0.50), at(0.99), at(0.999), v[NR], lost }'
}

cold_file() {
  python3 "$BENCH/gen-data.py" --cold-out "$DATA/cold.txt" --cold-salt "m$RANDOM$RANDOM" >/dev/null
  echo "$DATA/cold.txt"
}

run() { # run REP LABEL FLAGS
  local rep=$1 label=$2 flags=$3
  RUN_OUT="$OUT/$label.$rep"
  DATA=$(mktemp -d)
  # shellcheck disable=SC2086 # the flags are split on purpose
  java $flags -jar "$JAR" --isthmus.demo=true --isthmus.data-dir="$DATA" \
    --isthmus.dns.listen="$DNS:$DNS_PORT" --server.address="$DNS" --server.port=18080 \
    --isthmus.dns.default-upstreams= --isthmus.dns.rrl.enabled=false \
    --isthmus.admin.operator-token="$TOKEN" >"$RUN_OUT.log" 2>&1 &
  PID=$!
  for _ in $(seq 240); do curl -sf "$API/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.5; done
  sleep "$IDLE"
  local idle loaded local_qps after_local cold_qps after_cold fixed after_fixed hwm
  idle=$(memory)
  python3 "$HERE/load-zone.py" --api "$API" --operator-token "$TOKEN" \
    --zone-file "$BENCH/zones/app1.aws.example.zone" --origin app1.aws.example. \
    --cidr 127.80.1.0/24 --outbound 127.80.0.61,127.80.0.62 \
    --forward "corp.example=$UPSTREAM:$DNS_PORT" >"$RUN_OUT.load" 2>&1
  loaded=$(memory)
  # JIT warm-up on the mixed workload (local, forwarded and negative answers), as ab-cost.sh.
  burst "$BENCH/queries/mixed.txt" 12 >/dev/null
  local_qps=$(burst "$BENCH/queries/local.txt" "$DURATION")
  after_local=$(memory)
  cold_qps=$(burst "$(cold_file)" "$DURATION")
  after_cold=$(memory)
  burst "$(cold_file)" "$DURATION" -Q "$FIXED_QPS" -v >/dev/null
  fixed=$(tail_latency "$RUN_OUT.dnsperf")
  after_fixed=$(memory)
  hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$PID/status")
  jcmd "$PID" GC.heap_info >"$RUN_OUT.heap" 2>&1 || true
  # With -XX:NativeMemoryTracking=summary among the flags: where the rest of the memory goes.
  jcmd "$PID" VM.native_memory summary >>"$RUN_OUT.heap" 2>&1 || true
  # One line per run; memory in MiB (RSS/PSS), latency in ms.
  awk -v l="$label" -v r="$rep" -v i="$idle" -v d="$loaded" -v lq="$local_qps" -v al="$after_local" \
    -v cq="$cold_qps" -v ac="$after_cold" -v f="$fixed" -v af="$after_fixed" -v h="$hwm" 'BEGIN {
      split(i, I); split(d, D); split(al, AL); split(ac, AC); split(af, AF); split(f, F)
      printf "%-10s %s  idle %4.0f/%4.0f  loaded %4.0f/%4.0f  local %6d qps %4.0f/%4.0f", \
        l, r, I[1]/1024, I[2]/1024, D[1]/1024, D[2]/1024, lq, AL[1]/1024, AL[2]/1024
      printf "  cold %6d qps %4.0f/%4.0f  fixed p50 %s p99 %s p99.9 %s max %s lost %s %4.0f/%4.0f  hwm %4.0f\n", \
        cq, AC[1]/1024, AC[2]/1024, F[1], F[2], F[3], F[4], F[5], AF[1]/1024, AF[2]/1024, h/1024 }' \
    | tee -a "$OUT/results.txt"
  stop_node
}

start_upstream
echo "raw output in $OUT; memory as RSS/PSS MiB" >&2
n=${#VARIANTS[@]}
for rep in $(seq "$REPS"); do
  for k in $(seq 0 $((n - 1))); do
    spec=${VARIANTS[$(((k + rep - 1) % n))]}
    run "$rep" "${spec%%=*}" "${spec#*=}"
  done
done
