#!/usr/bin/env bash
# HTTP load benchmark: the same servlet under embedded Jetty 12, without and with the jwtauth filter,
# loaded by wrk (a separate process) over loopback for a bounded time. Needs wrk (apt-get install wrk)
# and a built benchmarks/target/benchmarks.jar (mvn -B -DskipTests package -pl benchmarks -am).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -f "$JAR" ] || { echo "$JAR is missing: mvn -B -DskipTests package -pl benchmarks -am" >&2; exit 2; }

run() {
  local mode=$1 out=$2
  local fifo; fifo=$(mktemp -u); mkfifo "$fifo"
  java -Xms256m -Xmx512m -cp "$JAR" io.jwtauth.benchmarks.HttpBenchServer "$mode" > "$fifo" &
  local pid=$!
  local ready port token
  read -r ready port token < "$fifo"
  rm -f "$fifo"
  [ "$ready" = READY ] || { echo "server did not start" >&2; kill "$pid"; exit 1; }
  local url="http://127.0.0.1:$port/hello"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $token" "$url" > /dev/null     # JIT warm-up
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "$url" > "$out"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

summary() {
  local file=$1
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$file")
  p50=$(awk '$1=="50%" {print $2}' "$file")
  p99=$(awk '$1=="99%" {print $2}' "$file")
  errors=$(awk '/Non-2xx/ {print $5} /Socket errors/ {s=$4+$6+$8+$10} END {print (s?s:0)}' "$file" | paste -sd+ | bc)
  echo "$rps $p50 $p99 ${errors:-0}"
}

tmp=$(mktemp -d)
run off "$tmp/off.txt"
run on "$tmp/on.txt"
read -r rps_off p50_off p99_off err_off <<< "$(summary "$tmp/off.txt")"
read -r rps_on p50_on p99_on err_on <<< "$(summary "$tmp/on.txt")"
printf '%-16s %12s %10s %10s %8s\n' "" "requests/s" "p50" "p99" "errors"
printf '%-16s %12s %10s %10s %8s\n' "without filter" "$rps_off" "$p50_off" "$p99_off" "$err_off"
printf '%-16s %12s %10s %10s %8s\n' "with filter" "$rps_on" "$p50_on" "$p99_on" "$err_on"
printf 'throughput ratio (with / without): %.3f   (%s connections, %s, %s wrk thread(s), %s cores)\n' \
  "$(echo "$rps_on / $rps_off" | bc -l)" "$CONNECTIONS" "$DURATION" "$THREADS" "$(nproc)"
