#!/usr/bin/env bash
# Fleet benchmark (issue 14, see BENCHMARKS.md): one bridge instance (-Xmx1g) against a simulated fleet of distinct
# PBXes (`simulate fleet`, its own process, both vendors), one Kafka broker in a third process. For each size:
#   all-up      process start -> every session UP (sum of pbx_sessions{state="up"})
#   heap        live heap after a full GC (jcmd GC.run, GC.heap_info), and the GC pauses so far
#   keep-alive  lateness p50 / p99 (pbx_session_keepalive_lateness_seconds) after OBSERVE seconds
#   /metrics    size and time, next to /health/live on the same server (the reference)
#   reload      SIGHUP with 100 PBXes removed (until they stopped), then SIGHUP with them back (until up)
#   hand-over   a second instance joins (half the fleet moves to it); the first gets SIGTERM: time until the
#               second runs every session; then a third instance joins the survivor and the survivor is killed
#               (kill -9): time until the third runs every session. Lock-outs/refused logins/overlaps from the fleet.
#
# Usage: bridge/bench/fleet.sh              (from anywhere; builds the jar unless BUILD=0)
# Environment: SIZES="1000 5000 10000 20000"  UCM_SHARE=10 (% of the fleet that are UCMs)  OBSERVE=90
#              KEEP_ALIVE=60s (Yeastar heartbeat period; UCM cookie refresh stays at its default)
#              PARTITIONS=12  BRIDGE_HEAP=1g  FLEET_HEAP=2g  KILL9=1  BUILD=1  KEEP=0 (keep the work directory)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
SIZES=${SIZES:-"1000 5000 10000 20000"}
UCM_SHARE=${UCM_SHARE:-10}
OBSERVE=${OBSERVE:-90}
KEEP_ALIVE=${KEEP_ALIVE:-60s}
PARTITIONS=${PARTITIONS:-12}
BRIDGE_HEAP=${BRIDGE_HEAP:-1g}
FLEET_HEAP=${FLEET_HEAP:-2g}
KILL9=${KILL9:-1}
BUILD=${BUILD:-1}
KEEP=${KEEP:-0}
JAR="$ROOT/bridge/target/pbx-bridge.jar"
CP="$JAR:$ROOT/bridge/target/test-classes"

if [ "$BUILD" = 1 ]; then
  echo "building (./mvnw -B -q -DskipTests package)" >&2
  ./mvnw -B -q -DskipTests package
  ./mvnw -B -q -pl bridge test-compile
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pbx-fleet-bench.XXXXXX")"
PIDS=()
gone() { while kill -0 "$1" 2>/dev/null; do sleep 0.2; done; }
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do gone "$pid"; done
  PIDS=()
}
cleanup() {
  stop_all
  if [ "$KEEP" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() {
  local p
  while :; do
    p=$((10000 + RANDOM % 22000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}
now_ms() { date +%s%3N; }
metrics() { curl -s --max-time 10 "http://127.0.0.1:$1/metrics"; }
# Sessions of one instance in a state (fleet-level series, summed over vendors).
sessions_in() { metrics "$1" | awk -v s="state=\"$2\"" '/^pbx_sessions\{/ && index($0, s) {n += $NF} END {printf "%d", n}'; }
sessions_all() { metrics "$1" | awk '/^pbx_sessions\{/ {n += $NF} END {printf "%d", n}'; }
# Waits until "$@" prints $want (or fails after $limit s); prints the elapsed ms since $since.
wait_for() {
  local want=$1 limit=$2 since=$3; shift 3
  local deadline=$(( $(now_ms) + limit * 1000 ))
  while [ "$("$@" 2>/dev/null || echo -1)" != "$want" ]; do
    if [ "$(now_ms)" -gt "$deadline" ]; then echo "timeout"; return 0; fi
    sleep 0.2
  done
  echo $(( $(now_ms) - since ))
}
# Up sessions on two instances, once the second runs some (0 before): the fleet shared.
shared_up() {
  local b; b=$(sessions_in "$2" up)
  if [ "$b" -gt 0 ]; then echo $(( $(sessions_in "$1" up) + b )); else echo 0; fi
}
# Live heap after a full GC (any collector: the heap pools' use right after jcmd GC.run).
heap_after_gc_mb() {
  jcmd "$1" GC.run >/dev/null
  metrics "$2" | awk '/^jvm_memory_used_bytes\{/ && /area="heap"/ {s += $NF} END {printf "%.0f", s / 1048576}'
}
quantile() { metrics "$1" | awk -v q="quantile=\"$2\"" '/^pbx_session_keepalive_lateness_seconds\{/ && index($0, q) && !done {printf "%.1f", $NF * 1000; done = 1}'; }
gc_pauses() { metrics "$1" | awk '/^jvm_gc_pause_seconds_count/ {c += $NF} /^jvm_gc_pause_seconds_sum/ {s += $NF} /^jvm_gc_pause_seconds_max/ {if ($NF > m) m = $NF} END {printf "%d pauses, %.2f s total, max %.0f ms", c, s, m * 1000}'; }
start_bridge() { # name ingress management config -> pid
  INGRESS_PORT=$2 MANAGEMENT_PORT=$3 KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" KAFKA_PARTITIONS=$PARTITIONS \
    java -Xmx"$BRIDGE_HEAP" -Xlog:gc:file="$WORK/$1-gc.log" -jar "$JAR" --config "$4" > "$WORK/$1.log" 2>&1 &
  echo $!
}
wait_http() { # port, seconds
  local i
  for i in $(seq 1 $(( $2 * 5 ))); do
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/health/live" && return 0
    sleep 0.2
  done
  return 1
}

echo "Fleet benchmark $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB," \
  "$(java -version 2>&1 | head -1); bridge -Xmx$BRIDGE_HEAP, keep_alive $KEEP_ALIVE, $PARTITIONS partitions," \
  "UCM share $UCM_SHARE %, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for N in $SIZES; do
  DIR="$WORK/n$N"; mkdir -p "$DIR"
  KAFKA_PORT=$(free_port)
  java -cp "$CP" io.pbxbridge.bridge.bench.IngestReferenceServer --mode forward --port "$(free_port)" --linger-ms 0 \
    --kafka-dir "$DIR/kafka" --kafka-port "$KAFKA_PORT" > "$DIR/kafka.log" 2>&1 &
  KPID=$!; PIDS+=("$KPID")
  UCM=$(( N * UCM_SHARE / 100 )); YEA=$(( N - UCM ))
  CONTROL=$(free_port)
  java -Xmx"$FLEET_HEAP" -jar "$JAR" simulate fleet --pbxes yeastar-s=$YEA --pbxes grandstream-ucm=$UCM \
    --config-out "$DIR/fleet.yaml" --control-port "$CONTROL" --stats-every 0 > "$DIR/fleet.log" 2>&1 &
  FPID=$!; PIDS+=("$FPID")
  for i in $(seq 1 600); do grep -q "stats at" "$DIR/fleet.log" && break; sleep 0.5; done
  for i in $(seq 1 240); do grep -q "listening" "$DIR/kafka.log" && break; sleep 0.5; done
  # Heartbeats often enough to be measured within OBSERVE.
  sed -i "s/^  vendor: \"yeastar-s\"/&\n  keep_alive: \"$KEEP_ALIVE\"/" "$DIR/fleet.yaml"
  awk -v keep=$(( N - 100 )) '/^- id:/ {n++} n <= keep' "$DIR/fleet.yaml" > "$DIR/minus100.yaml"
  cp "$DIR/fleet.yaml" "$DIR/full.yaml"

  IA=$(free_port); MA=$(free_port)
  T0=$(now_ms)
  APID=$(start_bridge "n$N/a" "$IA" "$MA" "$DIR/fleet.yaml"); PIDS+=("$APID")
  wait_http "$MA" 120 || { echo "N=$N: bridge did not start"; tail -20 "$DIR/a.log"; continue; }
  ALLUP=$(wait_for "$N" 300 "$T0" sessions_in "$MA" up)
  sleep "$OBSERVE"
  P50=$(quantile "$MA" 0.5); P99=$(quantile "$MA" 0.99)
  HEAP=$(heap_after_gc_mb "$APID" "$MA")
  PAUSES=$(gc_pauses "$MA")
  read -r MSIZE MTIME < <(curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$MA/metrics")
  read -r _ LTIME < <(curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$MA/health/live")
  read -r _ RTIME < <(curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$MA/health/ready")

  # Reload: -100 then +100 (the file replaced atomically, then SIGHUP).
  cp "$DIR/minus100.yaml" "$DIR/next.yaml"; mv "$DIR/next.yaml" "$DIR/fleet.yaml"
  T=$(now_ms); kill -HUP "$APID"
  RMINUS=$(wait_for "$(( N - 100 ))" 120 "$T" sessions_all "$MA")
  cp "$DIR/full.yaml" "$DIR/next.yaml"; mv "$DIR/next.yaml" "$DIR/fleet.yaml"
  T=$(now_ms); kill -HUP "$APID"
  RPLUS=$(wait_for "$N" 120 "$T" sessions_in "$MA" up)

  # Hand-over: B joins (half moves), A stops (SIGTERM).
  IB=$(free_port); MB=$(free_port)
  T=$(now_ms)
  BPID=$(start_bridge "n$N/b" "$IB" "$MB" "$DIR/fleet.yaml"); PIDS+=("$BPID")
  wait_http "$MB" 120 || true
  SPLIT=$(wait_for "$N" 300 "$T" shared_up "$MA" "$MB")
  HALF=$(sessions_all "$MB")
  T=$(now_ms); kill -TERM "$APID"
  HTERM=$(wait_for "$N" 300 "$T" sessions_in "$MB" up)
  gone "$APID"
  HKILL="-"
  if [ "$KILL9" = 1 ]; then
    IC=$(free_port); MC=$(free_port)
    CPID=$(start_bridge "n$N/c" "$IC" "$MC" "$DIR/fleet.yaml"); PIDS+=("$CPID")
    wait_http "$MC" 120 || true
    T=$(now_ms)
    wait_for "$N" 300 "$T" shared_up "$MB" "$MC" >/dev/null
    HALF9=$(sessions_all "$MB")
    T=$(now_ms); kill -9 "$BPID"
    HKILL="$(wait_for "$N" 300 "$T" sessions_in "$MC" up) ms for $HALF9"
  fi
  STATS=$(curl -s "http://127.0.0.1:$CONTROL/stats")

  echo "N=$N ($YEA Yeastar S + $UCM UCM): all-up ${ALLUP} ms; heap after GC ${HEAP} MB ($(( HEAP * 1024 / N )) KB/PBX);" \
    "GC: $PAUSES; keep-alive lateness p50 ${P50} ms, p99 ${P99} ms;" \
    "/metrics $(( MSIZE / 1024 )) KB in $(awk -v t="$MTIME" 'BEGIN {printf "%.0f", t * 1000}') ms" \
    "(/health/live $(awk -v t="$LTIME" 'BEGIN {printf "%.1f", t * 1000}') ms, /health/ready $(awk -v t="$RTIME" 'BEGIN {printf "%.0f", t * 1000}') ms);" \
    "reload -100 ${RMINUS} ms, +100 ${RPLUS} ms; second instance joins: all up on two in ${SPLIT} ms ($HALF moved);" \
    "hand-over after SIGTERM ${HTERM} ms for $HALF; after kill -9 ${HKILL}; fleet: $STATS"
  stop_all
done
