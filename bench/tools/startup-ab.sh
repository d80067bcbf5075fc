#!/usr/bin/env bash
# Start-up A/B of two server entries: each start runs on an existing data dir, pinned to CPU 0,
# and is timed from spawn to the first /healthz answer (curl every 2 ms); the two entries
# alternate, `pairs` times, and the medians are printed. Run nothing else meanwhile.
#   bash bench/tools/startup-ab.sh dist/node/server/cli.js dist/server/cli.js [pairs=10]
set -euo pipefail
a=${1:?entry A}
b=${2:?entry B}
pairs=${3:-10}
port=47391
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
one() {
  local t0 t1 pid
  t0=$(date +%s%N)
  taskset -c 0 node "$1" --port "$port" --data "$data" > /dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 5000); do curl -s -o /dev/null "localhost:$port/healthz" && break; sleep 0.002; done
  t1=$(date +%s%N)
  # TERM, not INT (a background job ignores SIGINT), and wait, so that no server outlives this.
  kill -TERM "$pid"
  wait "$pid" || true
  echo "$1 $(((t1 - t0) / 1000000))"
}
one "$a" > /dev/null # creates the database and the secret: later starts find them
for _ in $(seq 1 "$pairs"); do
  one "$a"
  one "$b"
done | tee /dev/stderr | awk '{ v[$1] = v[$1] " " $2 } END { for (k in v) print k, v[k] }' |
  while read -r entry times; do
    echo "median $entry $(tr ' ' '\n' <<< "$times" | sort -n | awk '{ x[NR] = $1 } END { print (NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2) }')"
  done
