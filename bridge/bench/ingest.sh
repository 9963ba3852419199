#!/usr/bin/env bash
# Side-by-side ingest benchmark (see BENCHMARKS.md): the bridge's report ingress against two references
# built from the project's test sources, loaded in turn by wrk with the same reports:
#   bare     - a Vert.x handler answering 200 (the HTTP stack alone)
#   forward  - a Vert.x handler sending the body to Kafka (acks=all, idempotent, a distinct key per
#              report), 200 after the ack; one per linger.ms in FORWARD_LINGERS, the best one counts
#   bridge   - the bridge jar with its embedded broker, a Yeastar S PBX configured (a simulator it logs in to)
# Every Kafka here is the bridge's embedded single-node KRaft broker, in the server's JVM, 6 partitions.
# Prints one table: rate, p50, p99 per server and connection count, and the bridge's rate as % of each
# reference. Finally checks that every report the bridge answered 200 is on Kafka.
#
# Usage: bridge/bench/ingest.sh            (from anywhere; builds the jar unless BUILD=0)
# Environment: CONNECTIONS="1 16 64 256"  DURATION=10  THREADS=2  FORWARD_LINGERS="0 1"
#              WARMUP=30 WARMUP_MAX=150 (per server, at 64 connections in 10 s steps: at least WARMUP s, then until
#              its JIT compilers used less than JIT_QUIET=3% of a core in the last step, at most WARMUP_MAX s)
#              ROUNDS=1 (measure every point this many times, the servers in turn each round; the table shows
#              each point's median and the bridge's % of the forward in every round: use 3+ on a shared machine)
#              FRESH=1 (every round starts every server in a fresh JVM, warmed up again; 0: one JVM each for all rounds)
#              INSTANCES=<event loops>  JAVA_OPTS="" (every JVM)  BRIDGE_JAVA_OPTS="" (the bridge's only, e.g. a
#              -XX:StartFlightRecording)  BUILD=1  KEEP=0 (keep the work directory)
#              BRIDGE_PRODUCER='linger.ms: "1"' (producer overrides for the bridge, YAML flow-map entries)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
CONNECTIONS=${CONNECTIONS:-"1 16 64 256"}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-30}
WARMUP_MAX=${WARMUP_MAX:-150}
JIT_QUIET=${JIT_QUIET:-3}
ROUNDS=${ROUNDS:-1}
FRESH=${FRESH:-1}
THREADS=${THREADS:-2}
FORWARD_LINGERS=${FORWARD_LINGERS:-"0 1"}
BUILD=${BUILD:-1}
KEEP=${KEEP:-0}
JAVA_OPTS=${JAVA_OPTS:-}
BRIDGE_JAVA_OPTS=${BRIDGE_JAVA_OPTS:-}
JAR="$ROOT/bridge/target/pbx-bridge.jar"
CP="$JAR:$ROOT/bridge/target/test-classes"
LUA="$ROOT/bridge/bench/newcdr.lua"
SECRET="bench-report-secret-0123456789"

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)" >&2
  (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; })
fi
if [ "$BUILD" = 1 ]; then
  echo "building (./mvnw -B -q -DskipTests package)" >&2
  ./mvnw -B -q -DskipTests package
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pbx-ingest-bench.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$KEEP" = 1 ]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# A port nothing listens on (a connect attempt fails), below Linux's ephemeral range (32768-60999) where
# clients and brokers asking for "any port" get theirs.
free_port() {
  local p
  while :; do
    p=$((10000 + RANDOM % 22000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

await_http() { # url, seconds, [expected status]
  local i
  for ((i = 0; i < $2 * 5; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X "${4:-GET}" "$1" || true)
    if [ "$code" = "${3:-200}" ] || { [ "${3:-}" = any ] && [ "$code" != 000 ]; }; then return 0; fi
    sleep 0.2
  done
  echo "no answer from $1 within $2 s; logs in $WORK" >&2
  KEEP=1
  exit 1
}

# --- the servers --------------------------------------------------------------------------------------
# The simulator lives for the whole run; the three servers are started by start_servers, once, or afresh
# for every round (FRESH=1): one JVM settles at its own speed (its JIT's choices), so fresh JVMs per round put
# that variance into the rounds' spread instead of hiding it in one JVM's luck.
SIM_PORT=$(free_port)
java -jar "$JAR" simulate yeastar-s --port "$SIM_PORT" --password bench-pw > "$WORK/simulator.log" 2>&1 &
PIDS+=($!)
await_http "http://127.0.0.1:$SIM_PORT/" 60 any
PRODUCER_YAML=""
if [ -n "${BRIDGE_PRODUCER:-}" ]; then PRODUCER_YAML="  producer: {$BRIDGE_PRODUCER}"; fi
declare -A URL PID
NAMES=(bare)
for linger in $FORWARD_LINGERS; do NAMES+=("forward-$linger"); done
NAMES+=(bridge)

start_servers() { # run number: names this run's logs and broker directories
  local run=$1 port linger
  BRIDGE_PORT=$(free_port); MGMT_PORT=$(free_port); BRIDGE_KAFKA=$(free_port)
  cat > "$WORK/bridge-$run.yaml" <<YAML
instance_id: bench
kafka:
  embedded: {port: $BRIDGE_KAFKA, data_dir: "$WORK/bridge-kafka-$run"}
  partitions: 6
$PRODUCER_YAML
ingress:
  host: 127.0.0.1
  port: $BRIDGE_PORT
  public_base_url: "http://127.0.0.1:$BRIDGE_PORT"
  max_in_flight: 5000${INSTANCES:+
  instances: $INSTANCES}
management: {host: 127.0.0.1, port: $MGMT_PORT}
pbxes:
  - id: bench-pbx
    vendor: yeastar-s
    api_url: "http://127.0.0.1:$SIM_PORT"
    api_version: "1.1.0"
    username: api
    password: bench-pw
    report_secret: $SECRET
YAML
  # shellcheck disable=SC2086
  java $JAVA_OPTS $BRIDGE_JAVA_OPTS -jar "$JAR" --config "$WORK/bridge-$run.yaml" > "$WORK/bridge-$run.log" 2>&1 &
  PIDS+=($!)
  PID[bridge]=$!
  URL[bridge]="http://127.0.0.1:$BRIDGE_PORT/report/bench-pbx/$SECRET"
  port=$(free_port)
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$CP" io.pbxbridge.bridge.bench.IngestReferenceServer --mode bare --port "$port" \
    ${INSTANCES:+--instances $INSTANCES} > "$WORK/bare-$run.log" 2>&1 &
  PIDS+=($!)
  PID[bare]=$!
  URL[bare]="http://127.0.0.1:$port/report"
  for linger in $FORWARD_LINGERS; do
    port=$(free_port)
    # shellcheck disable=SC2086
    java $JAVA_OPTS -cp "$CP" io.pbxbridge.bridge.bench.IngestReferenceServer --mode forward --port "$port" \
      --linger-ms "$linger" --kafka-dir "$WORK/forward-kafka-$linger-$run" --kafka-port 0 \
      ${INSTANCES:+--instances $INSTANCES} > "$WORK/forward-$linger-$run.log" 2>&1 &
    PIDS+=($!)
    PID[forward-$linger]=$!
    URL[forward-$linger]="http://127.0.0.1:$port/report"
  done
  await_http "http://127.0.0.1:$MGMT_PORT/health/ready" 120
  for name in "${NAMES[@]}"; do await_http "${URL[$name]}" 120 200 POST; done
  RUN_OK=0
}

stop_servers() { # SIGTERM: the bridge shuts down gracefully (flushes, logs out of the simulator)
  local name
  for name in "${NAMES[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; done
  for name in "${NAMES[@]}"; do wait "${PID[$name]}" 2>/dev/null || true; done
}

# --- the load -----------------------------------------------------------------------------------------
declare -A RATE P50 P99 FAILED CPU WARM_S JIT_MEASURED BY_THREAD
BRIDGE_OK=0 ON_KAFKA_TOTAL=0 LOST=0
TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system time of the server's JVM
# CPU ticks of a JVM's threads by group, read in one pass (Linux shows the first 15 characters of a thread's
# name): the event loops (HTTP, and in the bridge normalizing, encoding and handing records to the producer),
# the producer's I/O thread, the broker's request handlers and network threads (data-plane), the JIT
# compilers, the garbage collector, and the rest (the bridge's consumers, the broker's controller, timers).
THREAD_GROUPS="eventloop producer broker jit gc other"
thread_ticks() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{
    i = index($0, "("); j = length($0); while (substr($0, j, 1) != ")") j--
    c = substr($0, i + 1, j - i - 1); split(substr($0, j + 2), f, " ")
    g = (c ~ /^vert\.x-eventloo/) ? "eventloop" : (c ~ /^kafka-producer-/) ? "producer" : (c ~ /^data-plane-kafk/) ? "broker" \
      : (c ~ /^C[12] CompilerThre/) ? "jit" : (c ~ /^(GC Thread|G1 )/) ? "gc" : "other"
    t[g] += f[12] + f[13] }
    END { print t["eventloop"] + 0, t["producer"] + 0, t["broker"] + 0, t["jit"] + 0, t["gc"] + 0, t["other"] + 0 }'
}
load() { # name, connections, seconds -> sets LAST, LAST_TICKS (CPU the server's process used), LAST_GROUPS (an
  # array: the ticks of each of THREAD_GROUPS, in order) and LAST_JIT (its JIT's)
  local threads=$THREADS before groups_before
  if [ "$2" -lt "$threads" ]; then threads=$2; fi
  before=$(cpu_ticks "${PID[$1]}")
  groups_before=$(thread_ticks "${PID[$1]}")
  LAST=$(wrk -t"$threads" -c"$2" -d"${3}s" -s "$LUA" "${URL[$1]}" | grep '^RESULT' || true)
  LAST_TICKS=$(( $(cpu_ticks "${PID[$1]}") - before ))
  read -ra LAST_GROUPS <<< "$(awk -v a="$groups_before" -v b="$(thread_ticks "${PID[$1]}")" \
    'BEGIN { n = split(a, x, " "); split(b, y, " "); for (i = 1; i <= n; i++) printf "%d ", y[i] - x[i] }')"
  LAST_JIT=${LAST_GROUPS[3]}
  if [ -z "$LAST" ]; then echo "wrk gave no result for $1 at $2 connections" >&2; KEEP=1; exit 1; fi
  if [ "$1" = bridge ]; then RUN_OK=$((RUN_OK + $(field ok))); fi
}
field() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<< "$LAST"; }

# A server is warm when its JIT has (almost) nothing left to compile: on 2 cores a compiler still busy in the
# measured window takes CPU from the server it belongs to (the bridge, with the most code, the longest).
warm_up() {
  local name steps warmed jit_pct took
  echo "warming up every server (64 connections, ${WARMUP}-${WARMUP_MAX} s: until its JIT uses < ${JIT_QUIET}% of a core)" >&2
  for name in "${NAMES[@]}"; do
    steps=""
    for ((warmed = 0; warmed < WARMUP_MAX; warmed += 10)); do
      load "$name" 64 10
      jit_pct=$(( LAST_JIT * 100 / TICKS / 10 ))
      steps+=" ${jit_pct}%"
      if [ $((warmed + 10)) -ge "$WARMUP" ] && [ "$jit_pct" -lt "$JIT_QUIET" ]; then break; fi
    done
    took=$((warmed + 10 > WARMUP_MAX ? WARMUP_MAX : warmed + 10))
    WARM_S[$name]+=" $took"
    echo "  $name warm after $took s (its JIT's share of a core in each 10 s:${steps})" >&2
  done
}

# Nothing acknowledged is lost: every report this run's bridge answered 200 (warm-up included) is on pbx.cdr of
# its broker. Checked before its JVM stops.
check_none_lost() {
  local on_kafka
  sleep 1
  on_kafka=$(java -cp "$CP" io.pbxbridge.bridge.bench.IngestReferenceServer --mode count \
    --bootstrap "localhost:$BRIDGE_KAFKA" --topic pbx.cdr 2>/dev/null | tail -1)
  BRIDGE_OK=$((BRIDGE_OK + RUN_OK)); ON_KAFKA_TOTAL=$((ON_KAFKA_TOTAL + on_kafka))
  if [ "$on_kafka" -lt "$RUN_OK" ]; then
    echo "  bridge JVM $1: $RUN_OK reports answered 200 but only $on_kafka CDRs on pbx.cdr" >&2
    LOST=$((LOST + RUN_OK - on_kafka))
  fi
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
JVMS=0
for ((round = 1; round <= ROUNDS; round++)); do
  if [ "$round" = 1 ] || [ "$FRESH" = 1 ]; then
    if [ "$round" -gt 1 ]; then check_none_lost "$JVMS"; stop_servers; fi
    JVMS=$((JVMS + 1))
    echo "starting the servers (JVMs $JVMS of $(( FRESH == 1 ? ROUNDS : 1 )))" >&2
    start_servers "$JVMS"
    warm_up
  fi
  for c in $CONNECTIONS; do
    for name in "${NAMES[@]}"; do
      echo "  round $round/$ROUNDS: $name, $c connections, ${DURATION} s" >&2
      load "$name" "$c" "$DURATION"
      RATE[$name,$c]+=" $(awk -v ok="$(field ok)" -v s="$(field seconds)" 'BEGIN { printf "%.0f", ok / s }')"
      P50[$name,$c]+=" $(awk -v us="$(field p50_us)" 'BEGIN { printf "%.2f", us / 1000 }')"
      P99[$name,$c]+=" $(awk -v us="$(field p99_us)" 'BEGIN { printf "%.2f", us / 1000 }')"
      FAILED[$name,$c]=$(( ${FAILED[$name,$c]:-0} + $(field failed) ))
      JIT_MEASURED[$name]=$(( ${JIT_MEASURED[$name]:-0} + LAST_JIT ))
      # CPU time of the server's whole process (its broker included) per report: unlike the rate, hardly
      # moved by whatever else the machine runs.
      CPU[$name,$c]+=" $(awk -v t="$LAST_TICKS" -v hz="$TICKS" -v ok="$(field ok)" 'BEGIN { printf "%.0f", t / hz * 1e6 / ok }')"
      i=0
      for g in $THREAD_GROUPS; do
        BY_THREAD[$name,$c,$g]+=" $(awk -v t="${LAST_GROUPS[i]}" -v hz="$TICKS" -v ok="$(field ok)" \
          'BEGIN { printf "%.1f", t / hz * 1e6 / ok }')"
        i=$((i + 1))
      done
    done
  done
done
check_none_lost "$JVMS"
# Per round, the bridge's rate as % of the best forward of that round; then every series becomes its median.
declare -A ROUND_PCT
for c in $CONNECTIONS; do
  for ((round = 1; round <= ROUNDS; round++)); do
    best_rate=0
    for name in "${NAMES[@]}"; do
      case "$name" in forward-*)
        r=$(awk -v i="$round" '{ print $i }' <<< "${RATE[$name,$c]}")
        if [ "$r" -gt "$best_rate" ]; then best_rate=$r; fi ;;
      esac
    done
    ROUND_PCT[$c]+=" $(awk -v a="$(awk -v i="$round" '{ print $i }' <<< "${RATE[bridge,$c]}")" -v b="$best_rate" \
      'BEGIN { printf "%.0f", 100 * a / b }')%"
  done
  for name in "${NAMES[@]}"; do
    RATE[$name,$c]=$(median <<< "${RATE[$name,$c]}" | awk '{ printf "%.0f", $1 }')
    P50[$name,$c]=$(median <<< "${P50[$name,$c]}" | awk '{ printf "%.2f", $1 }')
    P99[$name,$c]=$(median <<< "${P99[$name,$c]}" | awk '{ printf "%.2f", $1 }')
    CPU[$name,$c]=$(median <<< "${CPU[$name,$c]}" | awk '{ printf "%.0f", $1 }')
    for g in $THREAD_GROUPS; do
      BY_THREAD[$name,$c,$g]=$(median <<< "${BY_THREAD[$name,$c,$g]}" | awk '{ printf "%.1f", $1 }')
    done
  done
done

# --- the table ----------------------------------------------------------------------------------------
echo
echo "Ingest benchmark $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "wrk ${THREADS} threads, ${DURATION} s per point, median of ${ROUNDS} round(s) in ${JVMS} JVM(s) per server, 334-byte Yeastar v1.1.0 NewCdr reports with unique call ids"
printf 'warm-up at 64 connections, then JIT compiler CPU over all measured points (included in CPU µs/report):'
for name in "${NAMES[@]}"; do
  printf ' %s %s s, %s s;' "$name" "${WARM_S[$name]# }" "$(awk -v t="${JIT_MEASURED[$name]}" -v hz="$TICKS" 'BEGIN { printf "%.1f", t / hz }')"
done
echo
echo
printf '| %-10s | %5s | %12s | %8s | %8s | %6s | %14s |\n' server conns "reports/s" "p50 ms" "p99 ms" errors \
  "CPU µs/report"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ------------ ------- -------------- ---------- ---------- -------- ----------------
for c in $CONNECTIONS; do
  for name in "${NAMES[@]}"; do
    printf '| %-10s | %5s | %12s | %8s | %8s | %6s | %14s |\n' "$name" "$c" "${RATE[$name,$c]}" "${P50[$name,$c]}" \
      "${P99[$name,$c]}" "${FAILED[$name,$c]}" "${CPU[$name,$c]}"
  done
done
echo
echo "CPU µs per report by thread (median of the rounds): where each server's process spends it"
printf '| %-10s | %5s | %11s | %12s | %8s | %6s | %6s | %6s |\n' server conns "event loops" "producer I/O" broker JIT GC rest
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' ------------ ------- ------------- -------------- ---------- -------- -------- --------
for c in $CONNECTIONS; do
  for name in "${NAMES[@]}"; do
    printf '| %-10s | %5s |' "$name" "$c"
    for g in $THREAD_GROUPS; do
      case $g in eventloop) w=11 ;; producer) w=12 ;; broker) w=8 ;; *) w=6 ;; esac
      printf " %${w}s |" "${BY_THREAD[$name,$c,$g]}"
    done
    echo
  done
done
echo
printf '| %5s | %14s | %16s | %14s | %s\n' conns "bridge % bare" "bridge % forward" "best forward" \
  "bridge % forward per round |"
printf '|%s|%s|%s|%s|%s|\n' ------- ---------------- ------------------ ---------------- -----------------------------
for c in $CONNECTIONS; do
  best=""; best_rate=0
  for name in "${NAMES[@]}"; do
    case "$name" in forward-*)
      if [ "${RATE[$name,$c]}" -gt "$best_rate" ]; then best=$name; best_rate=${RATE[$name,$c]}; fi ;;
    esac
  done
  printf '| %5s | %13s%% | %15s%% | %14s | %s |\n' "$c" \
    "$(awk -v a="${RATE[bridge,$c]}" -v b="${RATE[bare,$c]}" 'BEGIN { printf "%.0f", 100 * a / b }')" \
    "$(awk -v a="${RATE[bridge,$c]}" -v b="$best_rate" 'BEGIN { printf "%.0f", 100 * a / b }')" \
    "${best#forward-} ms linger" "${ROUND_PCT[$c]# }"
done

# --- nothing acknowledged is lost ---------------------------------------------------------------------
echo
if [ "$LOST" = 0 ]; then
  echo "bridge: $BRIDGE_OK reports answered 200, $ON_KAFKA_TOTAL CDRs on pbx.cdr ($JVMS bridge JVM(s)): none lost"
else
  echo "bridge: $BRIDGE_OK reports answered 200, $ON_KAFKA_TOTAL CDRs on pbx.cdr ($JVMS bridge JVM(s)): LOST $LOST"
  exit 1
fi
