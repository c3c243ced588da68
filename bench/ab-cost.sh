#!/usr/bin/env bash
# What a change costs: alternating dnsperf runs of two node variants ("a" and "b") in one sitting,
# each a fresh node loaded with the bench harness's private zone and a FORWARD rule for
# corp.example to the harness's Knot upstream (start it first: the harness's `upstream.sh start`).
#
# Usage: ab-cost.sh BENCH_DIR WORKLOAD [PAIRS]
#   BENCH_DIR  a writable copy of the shared bench harness, after `python3 gen-data.py`
#   WORKLOAD   local | nx | forward-hot | forward-cold | mixed
#   PAIRS      a/b pairs, alternating which goes first (default 4)
# Variants, from the environment:
#   JAR_A, JAR_B    the jars (default resolver-server/target/isthmus.jar for both)
#   ARGS_A, ARGS_B  extra node arguments, e.g. ARGS_B="--isthmus.dns.rrl.enabled=true"
#   DURATION        seconds measured per run (default 10); QPS: a fixed dnsperf rate (-Q)
# Prints per run: variant, QPS, the node's CPU per query (from /proc) and lost queries. Loopback
# only: DNS on 127.0.0.1:${DNS_PORT:-5353}, admin API on 127.0.0.1:${ADMIN_PORT:-18080}; the JVM
# runs with -XX:+UseZGC -Xmx2g, as in the sittings of docs/performance.md that used it.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,17p' "$0"; exit 2; }
BENCH=$(cd "$1" && pwd) WORKLOAD=$2 PAIRS=${3:-4}
HERE=$(cd "$(dirname "$0")" && pwd)
DEFAULT_JAR="$HERE/../resolver-server/target/isthmus.jar"
JAR_A=${JAR_A:-$DEFAULT_JAR} JAR_B=${JAR_B:-$DEFAULT_JAR} ARGS_A=${ARGS_A:-} ARGS_B=${ARGS_B:-}
DURATION=${DURATION:-10} QPS=${QPS:-}
DNS_PORT=${DNS_PORT:-5353} ADMIN_PORT=${ADMIN_PORT:-18080}
API=http://127.0.0.1:$ADMIN_PORT
TOKEN=ab-cost-operator
TICKS=$(getconf CLK_TCK)
PID=
DATA=

stop() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  if [ -n "$DATA" ]; then rm -rf "$DATA"; fi
  PID= DATA=
}
trap stop EXIT

queries() {
  if [ "$WORKLOAD" = forward-cold ]; then
    # Never-seen names for every run, as the harness does: a miss for each query.
    python3 "$BENCH/gen-data.py" --cold-out "$DATA/cold.txt" --cold-salt "s$RANDOM$RANDOM" >/dev/null
    echo "$DATA/cold.txt"
  else
    echo "$BENCH/queries/$WORKLOAD.txt"
  fi
}

run() {
  local variant=$1 jar=$2 args=$3
  DATA=$(mktemp -d)
  # shellcheck disable=SC2086 # the extra arguments are split on purpose
  java -Xmx2g -XX:+UseZGC -jar "$jar" --isthmus.data-dir="$DATA" \
    --isthmus.dns.listen=127.0.0.1:"$DNS_PORT" --server.port="$ADMIN_PORT" \
    --isthmus.dns.default-upstreams= --isthmus.admin.operator-token="$TOKEN" $args \
    >"$DATA/node.log" 2>&1 &
  PID=$!
  for _ in $(seq 120); do curl -sf "$API/actuator/health" >/dev/null 2>&1 && break; sleep 0.5; done
  python3 "$HERE/load-zone.py" --api "$API" --operator-token "$TOKEN" \
    --zone-file "$BENCH/zones/app1.aws.example.zone" --origin app1.aws.example. \
    --cidr 127.0.0.0/8 --forward corp.example=127.0.0.20:5320 >/dev/null
  # JIT warm-up on the mixed workload (local, forwarded and negative answers).
  dnsperf -s 127.0.0.1 -p "$DNS_PORT" -d "$BENCH/queries/mixed.txt" -l 12 -c 8 -q 500 >/dev/null 2>&1
  if [ "$WORKLOAD" = forward-hot ]; then
    dnsperf -s 127.0.0.1 -p "$DNS_PORT" -d "$BENCH/queries/forward-hot.txt" -l 2 -c 8 -q 500 >/dev/null 2>&1
  fi
  local file node0 out node1 qps done lost
  file=$(queries)
  node0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  out=$(dnsperf -s 127.0.0.1 -p "$DNS_PORT" -d "$file" -l "$DURATION" -c 8 -q 500 ${QPS:+-Q "$QPS"} 2>&1)
  node1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  qps=$(awk '/Queries per second/ {printf "%d", $4}' <<<"$out")
  done=$(awk '/Queries completed:/ {print $3}' <<<"$out")
  lost=$(awk '/Queries lost:/ {print $3}' <<<"$out")
  awk -v v="$variant" -v w="$WORKLOAD" -v q="$qps" -v c="$done" -v l="$lost" \
    -v p=$((node1 - node0)) -v hz="$TICKS" 'BEGIN {
      printf "%s %-12s qps %7d  node_cpu_us_per_query %.2f  lost %s\n", v, w, q, p / hz * 1e6 / c, l }'
  stop
}

if curl -s -o /dev/null "$API/actuator/health"; then
  echo "something already answers on $API: stop it first" >&2
  exit 1
fi
if [ "$(dig +short -p 5320 @127.0.0.20 host42.corp.example A)" != 10.2.0.42 ]; then
  echo "the Knot upstream does not answer on 127.0.0.20:5320: start it with the harness's upstream.sh" >&2
  exit 1
fi
for i in $(seq "$PAIRS"); do
  if [ $((i % 2)) = 1 ]; then
    run a "$JAR_A" "$ARGS_A"; run b "$JAR_B" "$ARGS_B"
  else
    run b "$JAR_B" "$ARGS_B"; run a "$JAR_A" "$ARGS_A"
  fi
done
