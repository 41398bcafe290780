#!/usr/bin/env bash
# Every benchmark of bench/, short (issue 15): the same scripts as the full runs, with small arguments, one after
# the other; raw output of each (stdout and stderr) appended to bench/results/all-<UTC date>.txt with its command,
# wall time and the load average before and after. Meant to show that each benchmark runs and roughly where it
# stands; the full figures of bench/README.md come from the full runs (their commands are in bench/README.md).
# A step that exceeds its time budget is stopped (timeout) and marked, so the whole run stays under ~10 minutes.
# Usage: bench/all.sh [budget per step in s, default 150]
set -uo pipefail
cd "$(dirname "$0")/.."
STEP=${1:-150}
mkdir -p bench/results
OUT=bench/results/all-$(date -u +%F).txt
start=$(date +%s)
{
  echo "# bench/all.sh, $(date -u +%FT%TZ), $(git rev-parse --short HEAD 2>/dev/null), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
} | tee -a "$OUT"
echo "# build: mvn -B -o -q -DskipTests package test-compile" | tee -a "$OUT"
mvn -B -o -q -DskipTests package test-compile >>"$OUT" 2>&1 || { echo "build failed" | tee -a "$OUT"; exit 1; }
run() { # name command...
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo | tee -a "$OUT"
  echo "## $name: $* (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT"
  NO_BUILD=1 timeout --kill-after=10 "$STEP" "$@" >>"$OUT" 2>&1
  local rc=$?
  local status=ok; [ $rc = 124 ] && status="STOPPED after ${STEP}s"; [ $rc != 0 ] && [ $rc != 124 ] && status="FAILED (exit $rc)"
  echo "## $name: $status, $(( $(date +%s) - t0 )) s, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
}
run intake          env ROWS="1 8 open500" bench/mllp-intake.sh 3 6 10
run outbound-mllp   bench/outbound-mllp.sh 300 FULL 1
run mpps            bench/mpps.sh 60 2
run study-available bench/study-available.sh 150 2
run mwl-cfind       bench/mwl-cfind.sh 1000 200 20 4
run message-search  bench/message-search.sh 20000 20 sqlite,postgresql
run fhir            bench/fhir/run.sh 300 1000 1
run deid            bench/deid.sh 1
echo | tee -a "$OUT"
echo "# all: $(( $(date +%s) - start )) s, end $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
echo "$OUT"
