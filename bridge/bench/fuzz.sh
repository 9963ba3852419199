#!/usr/bin/env bash
# Long fuzz runs outside the test suite (the suite runs bounded ones: CommandFuzzTest, IngressFuzzTest).
#
#   bridge/bench/fuzz.sh commands [--seconds 600] [--seed 1] [--records 2000] [--bootstrap host:port]
#   bridge/bench/fuzz.sh ingress  [--seconds 600] [--seed 1] [--requests 2500] [--slow 50] [--idle 2000]
#
# commands: hostile command records into a bridge in this JVM. ingress: hostile reports over raw sockets into the
# runnable jar, started as a process of its own (embedded broker; simulated PBXes in the harness).
# Builds what the mode needs, then runs io.pbxbridge.bridge.fuzz.FuzzMain: exit 0 when every invariant held,
# 1 when one broke (printed with the seed that replays it), 2 on bad arguments.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${1:-}"
case "$mode" in
  commands) goals="test-compile" ;;
  ingress) goals="-DskipTests package" ;;  # the jar it attacks, and the test classes that attack it
  *) echo "usage: $0 commands|ingress [--seconds N] [--seed N] ..." >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
./mvnw -B -q -pl bridge -am $goals dependency:build-classpath \
    -Dmdep.outputFile="$PWD/bridge/target/fuzz.cp" -Dmdep.includeScope=test
exec java -cp "bridge/target/test-classes:bridge/target/classes:$(cat bridge/target/fuzz.cp)" \
    io.pbxbridge.bridge.fuzz.FuzzMain "$@"
