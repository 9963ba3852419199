#!/usr/bin/env bash
# Compares benchmark jars built from different commits, on a machine shared with other work.
#
#   bridge/bench/jmh-compare.sh REGEX A.jar B.jar [C.jar ...]
#
# JIT decisions differ from one JVM to the next, so one fork of ReportEncodingBenchmark can settle 30%
# above another of the same jar, while the host's load drifts by as much within minutes. So each jar runs
# FORKS single-fork JVMs, interleaved (A B A B ...: drift lands on every jar alike), and the table gives,
# per benchmark and jar, each fork's median CPU time per report (the benchmark prints it per iteration),
# their minimum and median, and with GC=1 the bytes allocated per report (exact, whatever the load).
#
# Settings (environment): FORKS (default 4), GC=1 (adds -prof gc), LOCK=file (holds flock on it throughout,
# for machines where benchmarks take turns), JMH_ARGS (default "-wi 3 -i 3 -w 2 -r 2").
# Needs java 17 and python3. Build a jar: ./mvnw -B -q -Pbench -pl bridge/bench -am package -DskipTests; cp bridge/bench/target/benchmarks.jar A.jar
set -euo pipefail
if (( $# < 2 )); then
  sed -n '2,16p' "$0"; exit 2
fi
regex=$1; shift
forks=${FORKS:-4}
jmh_args=${JMH_ARGS:--wi 3 -i 3 -w 2 -r 2}
prof=(); [[ ${GC:-0} == 1 ]] && prof=(-prof gc)
if [[ -n ${LOCK:-} ]]; then exec 9>"$LOCK"; flock 9; fi
raw=$(mktemp); out=$(mktemp); trap 'rm -f "$raw" "$out"' EXIT
for fork in $(seq "$forks"); do
  for jar in "$@"; do
    # shellcheck disable=SC2086
    if ! java -jar "$jar" "$regex" -f 1 $jmh_args "${prof[@]}" > "$out" 2>&1; then
      echo "$(basename "$jar") failed (fork $fork):" >&2; tail -5 "$out" >&2; exit 1
    fi
    awk -v jar="$(basename "$jar")" -v fork="$fork" '
      /^# Benchmark:/ { b = $3; sub(/.*\./, "", b) }
      /^Iteration/ && /cpu [0-9]+ ns/ { match($0, /cpu [0-9]+/); print "cpu", b, jar, fork, substr($0, RSTART + 4, RLENGTH - 4) }
      /:gc.alloc.rate.norm/ && /thrpt/ { n = $1; sub(/:.*/, "", n); sub(/.*\./, "", n); print "alloc", n, jar, fork, ($(NF - 2) == "±" ? $(NF - 3) : $(NF - 1)) }
    ' "$out" >> "$raw"
    echo "fork $fork/$forks of $(basename "$jar") done at $(date -u +%T)" >&2
  done
done
python3 - "$raw" <<'PY'
import sys, collections, statistics
cpu = collections.defaultdict(lambda: collections.defaultdict(list)); alloc = collections.defaultdict(list)
for line in open(sys.argv[1]):
    kind, bench, jar, fork, value = line.split()
    if kind == "cpu":
        cpu[(bench, jar)][fork].append(int(value))
    else:
        alloc[(bench, jar)].append(float(value))
print(f"{'benchmark':28} {'jar':20} {'CPU ns/report, per fork (median of its iterations)':52} {'min':>6} {'median':>6} {'B/report':>9}")
for key in sorted(cpu):
    medians = [int(statistics.median(v)) for _, v in sorted(cpu[key].items())]
    b = f"{statistics.median(alloc[key]):9.0f}" if alloc.get(key) else ""
    print(f"{key[0]:28} {key[1]:20} {' '.join(map(str, medians)):52} {min(medians):6} {int(statistics.median(medians)):6} {b}")
PY
