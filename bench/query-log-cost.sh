#!/usr/bin/env bash
# What metrics and query logs cost: alternating runs of a fresh node with `isthmus.dns.observe=false`
# ("off") and with metrics on plus a query-log configuration writing every query of the bench VPC
# to a file ("on"), each measured with dnsperf in the same sitting.
#
# Usage: query-log-cost.sh JAR ZONE_FILE ORIGIN WARMUP_QUERIES QUERIES [PAIRS] [QPS]
#   JAR             resolver-server/target/isthmus.jar
#   ZONE_FILE       the zone to answer (e.g. the bench harness's app1.aws.example zone)
#   ORIGIN          its origin, e.g. app1.aws.example.
#   WARMUP_QUERIES  a dnsperf query file for the 12 s warm-up
#   QUERIES         the dnsperf query file measured (10 s)
#   PAIRS           on/off pairs, alternating which goes first (default 5)
#   QPS             a fixed dnsperf rate (-Q); default: as fast as the node answers
# Prints per run: QPS, the node's CPU per query and the query-log writer thread's CPU per line
# (from /proc), and the lines dropped. Loopback only: DNS on 127.0.0.1:${DNS_PORT:-5353}, admin API
# on 127.0.0.1:${ADMIN_PORT:-18080}; the JVM runs with -XX:+UseZGC -Xmx2g, as in the sittings that used it.
set -euo pipefail
[ $# -ge 5 ] || { sed -n '2,19p' "$0"; exit 2; }
JAR=$1 ZONE=$2 ORIGIN=$3 WARMUP=$4 QUERIES=$5 PAIRS=${6:-5} QPS=${7:-}
DNS_PORT=${DNS_PORT:-5353} ADMIN_PORT=${ADMIN_PORT:-18080}
HERE=$(cd "$(dirname "$0")" && pwd)
API=http://127.0.0.1:$ADMIN_PORT
TOKEN=query-log-cost-operator
TICKS=$(getconf CLK_TCK)
PID=
DATA=

stop() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  if [ -n "$DATA" ]; then rm -rf "$DATA"; fi
  PID= DATA=
}
trap stop EXIT

post() { curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$API$1" -d "$2"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# CPU ticks of the node, and of its query-log writer thread (named isthmus-querylog, 15 chars shown).
node_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
writer_ticks() {
  for task in /proc/"$PID"/task/*; do
    if grep -q '^isthmus-querylo' "$task/comm" 2>/dev/null; then awk '{print $14 + $15}' "$task/stat"; return; fi
  done
  echo 0
}

run() {
  local mode=$1 observe=true
  [ "$mode" = off ] && observe=false
  DATA=$(mktemp -d)
  java -Xmx2g -XX:+UseZGC -jar "$JAR" --isthmus.data-dir="$DATA" \
    --isthmus.dns.listen=127.0.0.1:"$DNS_PORT" --server.port="$ADMIN_PORT" \
    --isthmus.dns.default-upstreams= --isthmus.admin.operator-token="$TOKEN" \
    --isthmus.dns.observe="$observe" >"$DATA/node.log" 2>&1 &
  PID=$!
  for _ in $(seq 120); do curl -sf "$API/actuator/health" >/dev/null 2>&1 && break; sleep 0.5; done
  python3 "$HERE/load-zone.py" --api "$API" --operator-token "$TOKEN" --zone-file "$ZONE" \
    --origin "$ORIGIN" --cidr 127.0.0.0/8 >/dev/null
  if [ "$mode" = on ]; then
    local vpc config
    vpc=$(curl -sf -H "Authorization: Bearer $TOKEN" "$API/v1/vpcs" | json '["items"][0]["id"]')
    config=$(post /v1/resolver/query-log-configs '{"name":"bench","destination":"file:bench"}' | json '["id"]')
    post "/v1/resolver/query-log-configs/$config/associations" "{\"vpcId\":\"$vpc\"}" >/dev/null
    sleep 1
  fi
  dnsperf -s 127.0.0.1 -p "$DNS_PORT" -d "$WARMUP" -l 12 -c 8 -q 500 >/dev/null 2>&1
  local node0 writer0 out node1 writer1 qps done dropped
  node0=$(node_ticks) writer0=$(writer_ticks)
  out=$(dnsperf -s 127.0.0.1 -p "$DNS_PORT" -d "$QUERIES" -l 10 -c 8 -q 500 ${QPS:+-Q "$QPS"} 2>&1)
  node1=$(node_ticks) writer1=$(writer_ticks)
  qps=$(awk '/Queries per second/ {printf "%d", $4}' <<<"$out")
  done=$(awk '/Queries completed:/ {print $3}' <<<"$out")
  dropped=$(curl -sf "$API/actuator/prometheus" | awk '/^isthmus_dns_querylog_dropped_total\{reason="queue_full"/ {print $2}')
  awk -v m="$mode" -v q="$qps" -v c="$done" -v p=$((node1 - node0)) -v w=$((writer1 - writer0)) \
    -v hz="$TICKS" -v d="${dropped:-0}" 'BEGIN {
      printf "%-3s qps %7d  node_cpu_us_per_query %.2f  writer_cpu_us_per_line %.2f  dropped %s\n",
        m, q, p / hz * 1e6 / c, w / hz * 1e6 / c, d }'
  stop
}

if curl -s -o /dev/null "$API/actuator/health"; then
  echo "something already answers on $API: stop it first" >&2
  exit 1
fi
for i in $(seq "$PAIRS"); do
  if [ $((i % 2)) = 1 ]; then run on; run off; else run off; run on; fi
done
