#!/usr/bin/env bash
# JFR profile of the engine at intake load (issue 15): RadBridge after-commit (both ORM^O01 flows, SQLite
# synchronous=FULL) on 8 closed-loop MLLP connections; JIT warm-up, then a JFR recording (settings=profile) of
# RECORD_S seconds at the same load, turned into CPU and allocation icicle graphs by bench/profile.sh.
# Usage: bench/intake-profile.sh NAME [JAR=target/radbridge.jar] [JIT_WARM_S=45] [RECORD_S=30]
# JFR_SETTINGS e.g. "jdk.ExecutionSample#period=2ms" (more samples on a loaded machine). CONNS=1 records at one connection instead of 8 (the per-message fixed costs); SENDER=BENCH_STORE for after-store.
#   e.g. bench/intake-profile.sh intake-before /work/wt/baseline/target/radbridge.jar
# Writes bench/profiles/NAME-cpu.png/.html and NAME-alloc.png/.html; the .jfr stays in bench/work/intake.
# REGRAPH=1: only redraw the graphs from an existing recording.
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=$1; JAR=${2:-target/radbridge.jar}; W=${3:-45}; S=${4:-30}; CONNS=${CONNS:-8}; SENDER=${SENDER:-BENCH_COMMIT}
WORK=bench/work/intake
if [ "${REGRAPH:-0}" != 1 ]; then
. bench/intake-prepare.sh
port=$(free_port); hport=$(free_port); rm -rf "$WORK/data-prof"
echo "profile $NAME: $JAR, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
RADBRIDGE_DATA_DIR="$WORK/data-prof" RADBRIDGE_MLLP_PORT=$port RADBRIDGE_HTTP_PORT=$hport RADBRIDGE_DICOM_PORT=0 \
RADBRIDGE_MAPPINGS_OVERLAY_DIR="$WORK/overlay" RADBRIDGE_AUDIT_KEY=bench java -Xms1g -Xmx1g -jar "$JAR" run \
  > "$WORK/prof.log" 2>&1 & pid=$!
wait_port "$port"
java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 8 0 "$W" "$SENDER" > /dev/null
jcmd $pid JFR.start name=bench settings=profile ${JFR_SETTINGS:-} filename="$PWD/$WORK/$NAME.jfr" >/dev/null
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
out=$(java -cp "$CP" org.radbridge.bench.MllpLoad "$port" "$CONNS" 0 "$S" "$SENDER")
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
jcmd $pid JFR.stop name=bench >/dev/null
kill $pid; wait $pid 2>/dev/null || true
answered=$(echo "$out" | sed 's/.*answered=\([0-9]*\).*/\1/')
echo "$NAME: $out cpu_us_per_msg=$(python3 -c "print(round(($t1-$t0)*1e6/100/max(1,$answered)))") load=$(cut -d' ' -f1 /proc/loadavg)"
fi
# JFR's profile settings also sample threads blocked in native calls (selectors, accept): left out
bench/profile.sh "$WORK/$NAME.jfr" "$NAME-cpu" "$NAME: CPU, $SENDER $CONNS conns" cpu -X '.*(EPoll.wait|Net.accept|epollWait).*' >/dev/null
bench/profile.sh "$WORK/$NAME.jfr" "$NAME-alloc" "$NAME: allocation, $SENDER $CONNS conns" alloc >/dev/null
echo "bench/profiles/$NAME-cpu.png bench/profiles/$NAME-alloc.png"
