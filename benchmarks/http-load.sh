#!/usr/bin/env bash
# HTTP load benchmark: the same servlet under embedded Jetty 12, without and with the jwtauth filter,
# loaded by wrk (a separate process) over loopback for a bounded time. Needs wrk (apt-get install wrk)
# and a built benchmarks/target/benchmarks.jar (mvn -B -DskipTests package -pl benchmarks -am).
#
# TARGET=sample loads the sample application as shipped instead (its web.xml, the JDBC store on H2, HS256;
# build it with mvn -B -DskipTests package -pl sample-webapp -am): one server, GET /api/public/ping, with a
# valid bearer token ("with filter") against the same request carrying a header of the same size that the
# filter ignores ("without filter": the filter still runs, finds no token and passes the request on).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-4}
# PIN=1 pins the server and the load generator to separate cores (taskset). Besides throughput, the script
# reports the server's CPU time per request (from /proc), which noise from other tenants of a shared host
# barely moves, while wall-clock throughput on such a host can swing by 2x between identical runs.
if [ "${PIN:-0}" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  last=$(( $(nproc) - 1 ))
  SERVER_CPUS="taskset -c 0-$(( last > 1 ? last - 1 : 0 ))"
  CLIENT_CPUS="taskset -c $last"
else
  SERVER_CPUS=""
  CLIENT_CPUS=""
fi
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -f "$JAR" ] || { echo "$JAR is missing: mvn -B -DskipTests package -pl benchmarks -am" >&2; exit 2; }

# The sample, started once: both modes load the same JVM.
SAMPLE_PID=""; SAMPLE_PORT=""; SAMPLE_TOKEN=""
start_sample() {
  local jar=sample-webapp/target/sample-webapp.jar
  [ -f "$jar" ] || { echo "$jar is missing: mvn -B -DskipTests package -pl sample-webapp -am" >&2; exit 2; }
  SAMPLE_PORT=${SAMPLE_PORT_WANTED:-18080}
  PORT=$SAMPLE_PORT JWTAUTH_DATA_DIR=$(mktemp -d) $SERVER_CPUS java -Xms256m -Xmx512m -jar "$jar" > "${SAMPLE_LOG:-/dev/null}" 2>&1 &
  SAMPLE_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$SAMPLE_PORT/health" > /dev/null 2>&1 && break
    sleep 0.5
  done
  SAMPLE_TOKEN=$(curl -fs -H 'Content-Type: application/json' -d '{"u":"demo","p":"demo-password-1"}' \
    "http://127.0.0.1:$SAMPLE_PORT/auth/login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  [ -n "$SAMPLE_TOKEN" ] || { echo "the sample did not start or log in" >&2; kill "$SAMPLE_PID"; exit 1; }
}

run_sample() {
  local mode=$1 out=$2 header
  # basic: an Authorization header of the same size in another scheme, which the filter passes on as "no token";
  # the container parses it as it parses a bearer header, so bearer against basic is the filter's own cost.
  case "$mode" in
    on) header="Authorization: Bearer $SAMPLE_TOKEN";;
    basic) header="Authorization: Basic x$SAMPLE_TOKEN";;
    *) header="X-Padding: xxxxxxx $SAMPLE_TOKEN";;
  esac
  load "$SAMPLE_PID" "$header" "http://127.0.0.1:$SAMPLE_PORT/api/public/ping" "$out"
}

# A warm-up, then the measured run, with the server's CPU ticks (from /proc) appended to the output.
load() {
  local pid=$1 header=$2 url=$3 out=$4
  $CLIENT_CPUS wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "$header" "$url" > /dev/null     # JIT warm-up
  local cpu_before cpu_after
  cpu_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  $CLIENT_CPUS wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$header" "$url" > "$out"
  cpu_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "cpu_ticks $((cpu_after - cpu_before))" >> "$out"
}

run() {
  local mode=$1 out=$2
  if [ "${TARGET:-bench}" = sample ]; then run_sample "$mode" "$out"; return; fi
  local fifo; fifo=$(mktemp -u); mkfifo "$fifo"
  $SERVER_CPUS java -Xms256m -Xmx512m -cp "$JAR" io.jwtauth.benchmarks.HttpBenchServer "$mode" > "$fifo" &
  local pid=$!
  local ready port token
  read -r ready port token < "$fifo"
  rm -f "$fifo"
  [ "$ready" = READY ] || { echo "server did not start" >&2; kill "$pid"; exit 1; }
  load "$pid" "Authorization: Bearer $token" "http://127.0.0.1:$port/hello" "$out"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

summary() {
  local file=$1
  local rps p50 p99 errors requests ticks cpu_us
  rps=$(awk '/Requests\/sec/ {print $2}' "$file")
  p50=$(awk '$1=="50%" {print $2}' "$file")
  p99=$(awk '$1=="99%" {print $2}' "$file")
  errors=$(awk '/Non-2xx/ {print $5} /Socket errors/ {s=$4+$6+$8+$10} END {print (s?s:0)}' "$file" | paste -sd+ | bc)
  requests=$(awk '/requests in/ {print $1}' "$file")
  ticks=$(awk '/cpu_ticks/ {print $2}' "$file")
  cpu_us=$(echo "$ticks * 1000000 / $(getconf CLK_TCK) / $requests" | bc -l)
  echo "$rps $p50 $p99 ${errors:-0} $(printf '%.1f' "$cpu_us")"
}

# Rounds alternate the order (off→on, then on→off) so that drift in the machine's speed hits both alike.
tmp=$(mktemp -d)
if [ "${TARGET:-bench}" = sample ]; then
  start_sample
  trap 'kill "$SAMPLE_PID" 2>/dev/null || true' EXIT
  echo "target: the sample application (GET /api/public/ping; login token expires in the sample's access TTL)"
fi
total_off=0; total_on=0; cpu_off=0; cpu_on=0
printf '%-6s %-16s %12s %10s %10s %8s %16s\n' "round" "" "requests/s" "p50" "p99" "errors" "server CPU/req"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="off ${EXTRA_MODES:-} on"; else order="on ${EXTRA_MODES:-} off"; fi
  for mode in $order; do
    run "$mode" "$tmp/$mode-$round.txt"
    read -r rps p50 p99 errors cpu <<< "$(summary "$tmp/$mode-$round.txt")"
    case "$mode" in on) label="with filter";; off) label="without filter";; *) label="$mode-only filter";; esac
    if [ "${TARGET:-bench}" = sample ]; then case "$mode" in on) label="bearer token";; off) label="no token";; basic) label="Basic, same size";; esac; fi
    printf '%-6s %-16s %12s %10s %10s %8s %13s us\n' "$round" "$label" "$rps" "$p50" "$p99" "$errors" "$cpu"
    if [ "$mode" != on ] && [ "$mode" != off ]; then
      total_extra=$(echo "${total_extra:-0} + $rps" | bc -l); cpu_extra=$(echo "${cpu_extra:-0} + $cpu" | bc -l)
    elif [ "$mode" = on ]; then
      total_on=$(echo "$total_on + $rps" | bc -l); cpu_on=$(echo "$cpu_on + $cpu" | bc -l)
    else
      total_off=$(echo "$total_off + $rps" | bc -l); cpu_off=$(echo "$cpu_off + $cpu" | bc -l)
    fi
  done
done
printf 'throughput ratio (with / without, over %s rounds): %.3f   (%s connections, %s each, %s wrk thread(s), %s cores, server: %s, wrk: %s)\n' \
  "$ROUNDS" "$(echo "$total_on / $total_off" | bc -l)" "$CONNECTIONS" "$DURATION" "$THREADS" "$(nproc)" "${SERVER_CPUS:-any}" "${CLIENT_CPUS:-any}"
printf 'server CPU per request: %.1f us without, %.1f us with the filter; capacity ratio (CPU without / with): %.3f\n' \
  "$(echo "$cpu_off / $ROUNDS" | bc -l)" "$(echo "$cpu_on / $ROUNDS" | bc -l)" "$(echo "$cpu_off / $cpu_on" | bc -l)"
if [ -n "${EXTRA_MODES:-}" ] && [ "$(echo "$EXTRA_MODES" | wc -w)" = 1 ]; then
  printf 'with filter against %s: throughput ratio %.3f, server CPU per request %.1f us against %.1f us (capacity ratio %.3f)\n' \
    "$EXTRA_MODES" "$(echo "$total_on / $total_extra" | bc -l)" "$(echo "$cpu_on / $ROUNDS" | bc -l)" \
    "$(echo "$cpu_extra / $ROUNDS" | bc -l)" "$(echo "$cpu_extra / $cpu_on" | bc -l)"
fi
