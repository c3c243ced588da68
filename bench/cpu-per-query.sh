#!/usr/bin/env bash
# Server CPU per query at a fixed offered load: a steadier figure than peak QPS on a small,
# shared machine, because it does not depend on who wins the cores.
#
# Usage: cpu-per-query.sh PID HOST PORT QUERY_FILE [QPS] [SECONDS]
#   PID   the DNS server's process (its user+system CPU time is read from /proc)
#   HOST  a loopback address (127.0.0.0/8)
# Prints completed queries, server CPU seconds and microseconds of CPU per completed query.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,8p' "$0"; exit 2; }
PID=$1 HOST=$2 PORT=$3 QUERIES=$4 QPS=${5:-20000} SECONDS_=${6:-10}
case "$HOST" in 127.*) ;; *) echo "loopback only" >&2; exit 2 ;; esac
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
before=$(cpu)
out=$(dnsperf -s "$HOST" -p "$PORT" -d "$QUERIES" -l "$SECONDS_" -Q "$QPS" -c 8 -q 500 2>&1)
after=$(cpu)
completed=$(awk '/Queries completed:/ {print $3}' <<<"$out")
awk -v c="$completed" -v t=$((after - before)) -v hz="$ticks" 'BEGIN {
  s = t / hz; printf "completed %d  server_cpu_s %.2f  cpu_us_per_query %.2f\n", c, s, s * 1e6 / c }'
