#!/usr/bin/env bash
# Intake CPU per message of three servers side by side, at the same time on the same machine (each sees the same
# load): BASE_JAR (e.g. a build of 44e26dc, the hand-written metrics), this tree, this tree with
# radbridge.metrics.route-timings=false. Prints total CPU per message and the same without the JIT compiler threads.
# Needs bench/work/intake from bench/mllp-intake.sh. Usage: bench/metrics-intake-cpu.sh BASE_JAR [CONNS=8] [SECONDS=90] [WARM=60]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE_JAR=$1; C=${2:-8}; S=${3:-90}; W=${4:-60}
WORK=bench/work/intake
CLIENT=$(mktemp -d); cp -r target/test-classes target/classes "$CLIENT"   # the load client, safe from rebuilds
CP="$CLIENT/test-classes:$CLIENT/classes:$(cat "$WORK/cp.txt")"
declare -A JAR=([base]="$BASE_JAR" [after]=target/radbridge.jar [after-no-routes]=target/radbridge.jar)
declare -A XO=([base]= [after]= [after-no-routes]=-Dradbridge.metrics.route-timings=false)
declare -A PORT PID
for n in base after after-no-routes; do
  PORT[$n]=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()')
  rm -rf "$WORK/data-cc-$n"
  RADBRIDGE_DATA_DIR="$WORK/data-cc-$n" RADBRIDGE_MLLP_PORT=${PORT[$n]} RADBRIDGE_HTTP_PORT=0 RADBRIDGE_DICOM_PORT=0 \
  RADBRIDGE_MAPPINGS_OVERLAY_DIR="$WORK/overlay" RADBRIDGE_AUDIT_KEY=bench java -Xms1g -Xmx1g ${XO[$n]} -jar "${JAR[$n]}" run > "$WORK/cc-$n.log" 2>&1 &
  PID[$n]=$!
done
for n in base after after-no-routes; do for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/${PORT[$n]}) 2>/dev/null && break; sleep 0.2; done; done
echo "start: $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in base after after-no-routes; do java -cp "$CP" org.radbridge.bench.MllpLoad "${PORT[$n]}" "$C" 0 "$W" BENCH_COMMIT > /dev/null & done; wait_jobs() { for j in $(jobs -p); do case " ${PID[*]} " in *" $j "*) ;; *) wait $j;; esac; done; }
wait_jobs
# CPU of the JVM without its JIT compiler threads (C1/C2): in a short run on a loaded machine, compiling is a large,
# one-time share of the process CPU; ticks after the last ')' of /proc/PID/task/TID/stat: utime is field 12, stime 13
nojit() { local sum=0; for t in /proc/$1/task/*; do c=$(cat $t/comm 2>/dev/null || true); case "$c" in "C1 CompilerThre"*|"C2 CompilerThre"*) continue;; esac
  v=$(sed 's/.*) //' $t/stat 2>/dev/null | awk '{print $12+$13}'); sum=$((sum + ${v:-0})); done; echo $sum; }
declare -A T0 J0 OUT
for n in base after after-no-routes; do T0[$n]=$(awk '{print $14+$15}' /proc/${PID[$n]}/stat); J0[$n]=$(nojit ${PID[$n]}); done
for n in base after after-no-routes; do java -cp "$CP" org.radbridge.bench.MllpLoad "${PORT[$n]}" "$C" 0 "$S" BENCH_COMMIT > "$WORK/cc-$n.out" & done
wait_jobs
for n in base after after-no-routes; do
  t1=$(awk '{print $14+$15}' /proc/${PID[$n]}/stat); j1=$(nojit ${PID[$n]}); out=$(cat "$WORK/cc-$n.out"); msgs=$(echo "$out" | sed 's/.*answered=\([0-9]*\).*/\1/')
  python3 -c "ticks=$t1-${T0[$n]}; jt=$j1-${J0[$n]}; msgs=$msgs; print(f'$n conns=$C: {ticks*1e6/100/max(1,msgs):.0f} us CPU per message, {jt*1e6/100/max(1,msgs):.0f} us without the JIT compiler threads ({msgs:.0f} msgs, $out)')"
done
echo "end: $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in base after after-no-routes; do kill ${PID[$n]}; done; wait 2>/dev/null || true
rm -rf "$CLIENT"
