#!/usr/bin/env bash
# Fleet benchmark (issue 14, see BENCHMARKS.md): one bridge instance (-Xmx1g) against a simulated fleet of distinct
# PBXes (`simulate fleet`, its own process, both vendors), one Kafka broker in a third process. For each size:
#   all-up      process start -> every session UP (sum of pbx_sessions{state="up"})
#   heap        live heap after a full GC (jcmd GC.run, GC.heap_info), and the GC pauses so far
#   keep-alive  lateness p50 / p99 (pbx_session_keepalive_lateness_seconds) after OBSERVE seconds
#   descriptors the bridge and the fleet processes hold then (/proc/PID/fd), the bridge's CPU time over OBSERVE
#   calls       (CALLS > 0) the fleet places CALLS calls/s for CALL_SECONDS: reports the fleet pushed and the
#               bridge answered 200 (rate, POST -> 200 p50/p99 as the fleet timed it, 503s, no answer), next to the
#               bridge's own pbx_report_ingress_to_ack_seconds; records added to the topics; keep-alive lateness
#   /metrics    size and time, next to /health/live on the same server (the reference)
#   reload      SIGHUP with 100 PBXes removed (until they stopped), then SIGHUP with them back (until up)
#   hand-over   a second instance joins (half the fleet moves to it); the first gets SIGTERM: time until the
#               second runs every session; then a third instance joins the survivor and the survivor is killed
#               (kill -9): time until the third runs every session. Lock-outs/refused logins/overlaps from the fleet.
#
# Usage: bridge/bench/fleet.sh              (from anywhere; builds the jar unless BUILD=0)
# Environment: SIZES="1000 5000 10000 20000"  UCM_SHARE=10 (% of the fleet that are UCMs)  OBSERVE=90
#              KEEP_ALIVE=60s (Yeastar heartbeat period; UCM cookie refresh stays at its default)
#              IDLE= (connection_idle_timeout of every PBX, e.g. 20s; empty: the connectors' default)
#              FLEET_SIZE=10000 (PBXes per fleet process: a process may open only `ulimit -n` files)
#              CALLS=0 (fleet-wide calls/s in the calls phase; 0 skips it)  CALL_SECONDS=60
#              HANDOVER=1 (0: no reload and no hand-over, for quick runs)
#              FLEET_ARGS= (more `simulate fleet` options, e.g. "--wrong-credentials 0.02 --unreachable 0.02
#              --rebooting 0.02": faults; all-up then waits UP_WAIT s for the healthy share and prints the states)
#              LOGINS= (sessions.max_concurrent_logins; empty: the default)  BRIDGE_OPTS= (more JVM options
#              for the bridge, e.g. a JFR recording)
#              PARTITIONS=12  BRIDGE_HEAP=1g  FLEET_HEAP=2g  KILL9=1  BUILD=1  KEEP=0 (keep the work directory)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
SIZES=${SIZES:-"1000 5000 10000 20000"}
UCM_SHARE=${UCM_SHARE:-10}
OBSERVE=${OBSERVE:-90}
KEEP_ALIVE=${KEEP_ALIVE:-60s}
IDLE=${IDLE:-}
LOGINS=${LOGINS:-}
BRIDGE_OPTS=${BRIDGE_OPTS:-}
FLEET_SIZE=${FLEET_SIZE:-10000}
CALLS=${CALLS:-0}
CALL_SECONDS=${CALL_SECONDS:-60}
HANDOVER=${HANDOVER:-1}
FLEET_ARGS=${FLEET_ARGS:-}
UP_WAIT=${UP_WAIT:-120}
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
  ./mvnw -B -q -DskipTests package   # compiles the test classes too (skipTests only skips running them)
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
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
# Samples a process's open files every second while it lives (the peak, e.g. during logins or a hand-over).
sample_fds() { while kill -0 "$1" 2>/dev/null; do fds "$1"; sleep 1; done > "$2" & }
peak() { sort -n "$1" 2>/dev/null | tail -1; }
cpu_s() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat"; } # user + system, clock ticks of 1/100 s
# Fleet totals over every fleet process (counters summed; push latencies per process, a list).
fleet_stats() {
  local c out=""
  for c in "${CONTROLS[@]}"; do out="$out$(curl -s --max-time 10 "http://127.0.0.1:$c/stats")"$'\n'; done
  printf '%s' "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
tot = {k: sum(r[k] for r in rows) for k in rows[0] if not k.startswith("push_ok_") and k != "max_overlap_ms"}
tot["max_overlap_ms"] = max(r["max_overlap_ms"] for r in rows)
for k in ("push_ok_p50_ms", "push_ok_p99_ms", "push_ok_max_ms"):
    tot[k] = "/".join("%.1f" % r[k] for r in rows)
print(" ".join("%s=%s" % kv for kv in tot.items()))'
}
stat_of() { tr ' ' '\n' <<< "$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }
set_calls() { local c; for c in "${CONTROLS[@]}"; do curl -s -XPOST "http://127.0.0.1:$c/calls?per_second=$1"; done; }
# A bridge meter's value summed over its series (name with the labels that select it).
metric_sum() { metrics "$1" | awk -v n="$2" 'index($0, n) == 1 {s += $NF} END {printf "%.6f", s}'; }
ack_quantile() { metrics "$1" | awk -v q="quantile=\"$2\"" '/^pbx_report_ingress_to_ack_seconds\{/ && index($0, q) {if ($NF > m) m = $NF} END {printf "%.1f", m * 1000}'; }
records_on() { java -cp "$CP" io.pbxbridge.bridge.bench.IngestReferenceServer --mode count --bootstrap "127.0.0.1:$KAFKA_PORT" --topic "$1" 2>/dev/null || echo 0; }
topic_records() { local t out=""; for t in call-events cdr extension-status dlq; do out="$out pbx.$t=$(records_on "pbx.$t")"; done; echo "$out"; }
start_bridge() { # name ingress management config -> pid
  INGRESS_PORT=$2 MANAGEMENT_PORT=$3 KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" KAFKA_PARTITIONS=$PARTITIONS \
    java -Xmx"$BRIDGE_HEAP" -Xlog:gc:file="$WORK/$1-gc.log" $BRIDGE_OPTS -jar "$JAR" --config "$4" > "$WORK/$1.log" 2>&1 &
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
  # Disjoint fleets of at most FLEET_SIZE PBXes, each in its own process (its own open-file limit).
  PROCS=$(( (N + FLEET_SIZE - 1) / FLEET_SIZE ))
  CONTROLS=(); FPIDS=()
  for k in $(seq 0 $(( PROCS - 1 ))); do
    Y=$(( YEA / PROCS + (k < YEA % PROCS ? 1 : 0) )); U=$(( UCM / PROCS + (k < UCM % PROCS ? 1 : 0) ))
    FIRST=$(( k * (N / PROCS + 1) ))
    CONTROL=$(free_port); CONTROLS+=("$CONTROL")
    java -Xmx"$FLEET_HEAP" -jar "$JAR" simulate fleet --pbxes yeastar-s=$Y --pbxes grandstream-ucm=$U \
      --first-index "$FIRST" --seed $(( 42 + k )) --config-out "$DIR/fleet-$k.yaml" --control-port "$CONTROL" \
      --stats-every 0 $FLEET_ARGS > "$DIR/fleet-$k.log" 2>&1 &
    FPIDS+=($!); PIDS+=($!); sample_fds "$!" "$DIR/fleet-$k.fds"
  done
  for k in $(seq 0 $(( PROCS - 1 ))); do
    for i in $(seq 1 600); do grep -q "stats at" "$DIR/fleet-$k.log" && break; sleep 0.5; done
  done
  for i in $(seq 1 240); do grep -q "listening" "$DIR/kafka.log" && break; sleep 0.5; done
  # One configuration: the first process's file, then the other processes' PBX lists.
  cp "$DIR/fleet-0.yaml" "$DIR/fleet.yaml"
  for k in $(seq 1 $(( PROCS - 1 ))); do sed '1,/^pbxes:/d' "$DIR/fleet-$k.yaml" >> "$DIR/fleet.yaml"; done
  # Heartbeats often enough to be measured within OBSERVE.
  sed -i "s/^  vendor: \"yeastar-s\"/&\n  keep_alive: \"$KEEP_ALIVE\"/" "$DIR/fleet.yaml"
  if [ -n "$IDLE" ]; then
    sed -i -e "s/^  vendor: \"yeastar-s\"/&\n  options:\n    connection_idle_timeout: \"$IDLE\"/" \
      -e "s/^  options:\$/&\n    connection_idle_timeout: \"$IDLE\"/" "$DIR/fleet.yaml"
  fi
  if [ -n "$LOGINS" ]; then
    sed -i "s/^pbxes:\$/sessions:\n  max_concurrent_logins: $LOGINS\n&/" "$DIR/fleet.yaml"
  fi
  awk -v keep=$(( N - 100 )) '/^- id:/ {n++} n <= keep' "$DIR/fleet.yaml" > "$DIR/minus100.yaml"
  cp "$DIR/fleet.yaml" "$DIR/full.yaml"

  IA=$(free_port); MA=$(free_port)
  T0=$(now_ms)
  APID=$(start_bridge "n$N/a" "$IA" "$MA" "$DIR/fleet.yaml"); PIDS+=("$APID"); sample_fds "$APID" "$DIR/a.fds"
  wait_http "$MA" 120 || { echo "N=$N: bridge did not start"; tail -20 "$DIR/a.log"; continue; }
  if [ -z "$FLEET_ARGS" ]; then
    ALLUP=$(wait_for "$N" 300 "$T0" sessions_in "$MA" up)
  else # faults: some never come up; the states after UP_WAIT s
    sleep "$UP_WAIT"
    ALLUP="(faults) after $(( ($(now_ms) - T0) / 1000 )) s: $(metrics "$MA" | awk '/^pbx_sessions\{/ {split($0, a, "\""); n[a[2]] += $NF} END {for (s in n) printf "%s %d, ", s, n[s]}')"
  fi
  CPU0=$(cpu_s "$APID")
  sleep "$OBSERVE"
  CPU1=$(cpu_s "$APID")
  FDS="bridge $(fds "$APID"), fleet $(for p in "${FPIDS[@]}"; do printf '%s ' "$(fds "$p")"; done)"
  LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
  P50=$(quantile "$MA" 0.5); P99=$(quantile "$MA" 0.99)
  HEAP=$(heap_after_gc_mb "$APID" "$MA")
  PAUSES=$(gc_pauses "$MA")
  read -r MSIZE MTIME < <(curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$MA/metrics")
  read -r _ LTIME < <(curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$MA/health/live")
  read -r _ RTIME < <(curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$MA/health/ready")

  CALLED="-"
  if [ "$CALLS" != 0 ]; then
    S0=$(fleet_stats); R0=$(topic_records)
    RECV0=$(metric_sum "$MA" pbx_reports_received_total); ACK0=$(metric_sum "$MA" pbx_report_ingress_to_ack_seconds_count)
    LC0=$(metric_sum "$MA" pbx_session_keepalive_lateness_seconds_count); LS0=$(metric_sum "$MA" pbx_session_keepalive_lateness_seconds_sum)
    T=$(now_ms); set_calls "$(awk -v r="$CALLS" -v p="${#CONTROLS[@]}" 'BEGIN {print r / p}')"
    sleep "$CALL_SECONDS"
    set_calls 0; TC=$(( $(now_ms) - T ))
    CP50=$(quantile "$MA" 0.5); CP99=$(quantile "$MA" 0.99); AP50=$(ack_quantile "$MA" 0.5); AP99=$(ack_quantile "$MA" 0.99)
    LC1=$(metric_sum "$MA" pbx_session_keepalive_lateness_seconds_count); LS1=$(metric_sum "$MA" pbx_session_keepalive_lateness_seconds_sum)
    LOADC=$(cut -d' ' -f1-3 /proc/loadavg)
    sleep 15 # the last calls end, their reports are pushed
    S1=$(fleet_stats); R1=$(topic_records); metrics "$MA" > "$DIR/a-metrics-after-calls.txt"
    RECV1=$(metric_sum "$MA" pbx_reports_received_total); ACK1=$(metric_sum "$MA" pbx_report_ingress_to_ack_seconds_count)
    d() { awk -v a="$(stat_of "$S0" "$1")" -v b="$(stat_of "$S1" "$1")" 'BEGIN {printf "%d", b - a}'; }
    OK=$(d pushes_ok)
    CALLED="$(d calls_placed) calls in $(( TC / 1000 )) s ($(awk -v c="$(d calls_placed)" -v t="$TC" 'BEGIN {printf "%.0f", c * 1000 / t}')/s);"
    CALLED="$CALLED reports answered 200: $OK ($(awk -v c="$OK" -v t="$TC" 'BEGIN {printf "%.0f", c * 1000 / t}')/s),"
    CALLED="$CALLED 503: $(d pushes_503), other: $(d pushes_other_status), no answer: $(d pushes_unanswered);"
    CALLED="$CALLED POST->200 p50 $(stat_of "$S1" push_ok_p50_ms) ms, p99 $(stat_of "$S1" push_ok_p99_ms) ms, max $(stat_of "$S1" push_ok_max_ms) ms (per fleet process);"
    CALLED="$CALLED bridge: received $(awk -v a="$RECV0" -v b="$RECV1" 'BEGIN {printf "%d", b - a}'), acked $(awk -v a="$ACK0" -v b="$ACK1" 'BEGIN {printf "%d", b - a}'), ingress->ack p50 ${AP50} ms p99 ${AP99} ms;"
    CALLED="$CALLED records added:$(paste -d' ' <(tr ' ' '\n' <<< "$R0") <(tr ' ' '\n' <<< "$R1") | awk -F'[ =]' 'NF == 4 {printf " %s +%d", $1, $4 - $2}');"
    CALLED="$CALLED keep-alive lateness during calls: mean $(awk -v c="$(awk -v a="$LC0" -v b="$LC1" 'BEGIN {print b - a}')" -v s="$(awk -v a="$LS0" -v b="$LS1" 'BEGIN {print b - a}')" 'BEGIN {printf "%.1f", (c > 0 ? s / c * 1000 : 0)}') ms over $(awk -v a="$LC0" -v b="$LC1" 'BEGIN {printf "%d", b - a}'), window p50 ${CP50} ms p99 ${CP99} ms; load average ${LOADC}"
  fi

  RMINUS="-"; RPLUS="-"; SPLIT="-"; HALF="-"; HTERM="-"; HKILL="-"
  if [ "$HANDOVER" = 1 ]; then
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
  BPID=$(start_bridge "n$N/b" "$IB" "$MB" "$DIR/fleet.yaml"); PIDS+=("$BPID"); sample_fds "$BPID" "$DIR/b.fds"
  wait_http "$MB" 120 || true
  SPLIT=$(wait_for "$N" 300 "$T" shared_up "$MA" "$MB")
  HALF=$(sessions_all "$MB")
  T=$(now_ms); kill -TERM "$APID"
  HTERM=$(wait_for "$N" 300 "$T" sessions_in "$MB" up)
  gone "$APID"
  HKILL="-"
  if [ "$KILL9" = 1 ]; then
    IC=$(free_port); MC=$(free_port)
    CPID=$(start_bridge "n$N/c" "$IC" "$MC" "$DIR/fleet.yaml"); PIDS+=("$CPID"); sample_fds "$CPID" "$DIR/c.fds"
    wait_http "$MC" 120 || true
    T=$(now_ms)
    wait_for "$N" 300 "$T" shared_up "$MB" "$MC" >/dev/null
    HALF9=$(sessions_all "$MB")
    T=$(now_ms); kill -9 "$BPID"
    HKILL="$(wait_for "$N" 300 "$T" sessions_in "$MC" up) ms for $HALF9"
  fi
  fi
  STATS=$(fleet_stats)

  echo "N=$N ($YEA Yeastar S + $UCM UCM, $PROCS fleet process(es)): all-up ${ALLUP} ms; heap after GC ${HEAP} MB ($(( HEAP * 1024 / N )) KB/PBX);" \
    "GC: $PAUSES; keep-alive lateness p50 ${P50} ms, p99 ${P99} ms; open files after ${OBSERVE} s: $FDS;" \
    "bridge CPU over those ${OBSERVE} s: $(awk -v a="$CPU0" -v b="$CPU1" 'BEGIN {printf "%.1f", b - a}') s; load average $LOAD1;" \
    "/metrics $(( MSIZE / 1024 )) KB in $(awk -v t="$MTIME" 'BEGIN {printf "%.0f", t * 1000}') ms" \
    "(/health/live $(awk -v t="$LTIME" 'BEGIN {printf "%.1f", t * 1000}') ms, /health/ready $(awk -v t="$RTIME" 'BEGIN {printf "%.0f", t * 1000}') ms);" \
    "reload -100 ${RMINUS} ms, +100 ${RPLUS} ms; second instance joins: all up on two in ${SPLIT} ms ($HALF moved);" \
    "hand-over after SIGTERM ${HTERM} ms for $HALF; after kill -9 ${HKILL}; calls: $CALLED;" \
    "peak open files: bridge A $(peak "$DIR/a.fds"), B $(peak "$DIR/b.fds"), C $(peak "$DIR/c.fds"), fleet $(for k in $(seq 0 $(( PROCS - 1 ))); do printf '%s ' "$(peak "$DIR/fleet-$k.fds")"; done)(limit $(ulimit -Hn));" \
    "load average at the end $(cut -d' ' -f1-3 /proc/loadavg); fleet: $STATS"
  stop_all
done
