#!/usr/bin/env bash
# Memory and start-up of the intake (issue 15): RadBridge after-commit (both ORM^O01 flows, SQLite synchronous=FULL)
# with -Xmx$HEAP under the intake benchmark's load (8 closed-loop MLLP connections) for MINUTES; every INTERVAL
# seconds a full GC (jcmd GC.run) and the heap used after it (jcmd GC.heap_info), with the messages answered so far.
# Prints the start-up time (launch of java -jar to /health/ready answering 200, embedded SQLite, empty data dir),
# the load line (errors, non-AA), the heap-after-full-GC series and its trend (least-squares slope, first and last
# third), and whether the log has an OutOfMemoryError.
# Usage: bench/intake-memory.sh [MINUTES=10] [HEAP=256m] [INTERVAL_S=30] [JAR=target/radbridge.jar]
set -euo pipefail
cd "$(dirname "$0")/.."
MIN=${1:-10}; HEAP=${2:-256m}; IV=${3:-30}; JAR=${4:-target/radbridge.jar}
WORK=bench/work/intake-memory
. bench/intake-prepare.sh
echo "start: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $JAR, -Xmx$HEAP, $MIN min"
port=$(free_port); hport=$(free_port); rm -rf "$WORK/data"
t0=$(date +%s.%N)
RADBRIDGE_DATA_DIR="$WORK/data" RADBRIDGE_MLLP_PORT=$port RADBRIDGE_HTTP_PORT=$hport RADBRIDGE_DICOM_PORT=0 \
RADBRIDGE_MAPPINGS_OVERLAY_DIR="$WORK/overlay" RADBRIDGE_AUDIT_KEY=bench java -Xmx$HEAP -XX:+UseG1GC -jar "$JAR" run \
  > "$WORK/engine.log" 2>&1 & pid=$!
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$hport/health/ready" 2>/dev/null)" = 200 ] && break; sleep 0.05
done
echo "startup_to_ready_s=$(python3 -c "print(round($(date +%s.%N)-$t0,2))") startup_cpu_s=$(awk '{print ($14+$15)/100}' /proc/$pid/stat) (launch of java -jar to /health/ready 200, load $(cut -d' ' -f1 /proc/loadavg))"
secs=$((MIN * 60))
java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 8 0 "$secs" BENCH_COMMIT > "$WORK/load.txt" & lp=$!
: > "$WORK/heap.txt"
start=$(date +%s)
while kill -0 $lp 2>/dev/null; do
  sleep "$IV"
  kill -0 $lp 2>/dev/null || break
  jcmd $pid GC.run >/dev/null
  used=$(jcmd $pid GC.heap_info | sed -n 's/.*total \([0-9]*\)K, used \([0-9]*\)K.*/\2/p' | head -1)
  acked=$(curl -s 127.0.0.1:$hport/metrics | awk '/^radbridge_messages_acked_total/{s+=$2} END{printf "%d", s}')
  echo "t=$(( $(date +%s) - start ))s heap_after_full_gc_kb=$used acked=$acked load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$WORK/heap.txt"
done
wait $lp || true
echo "load: $(cat "$WORK/load.txt")"
kill $pid; wait $pid 2>/dev/null || true
grep -c OutOfMemoryError "$WORK/engine.log" | sed 's/^/OutOfMemoryError lines in the log: /' || true
python3 - "$WORK/heap.txt" <<'PY'
import sys, re
pts = [(int(m.group(1)), int(m.group(2)), int(m.group(3))) for m in
       (re.search(r"t=(\d+)s heap_after_full_gc_kb=(\d+) acked=(\d+)", l) for l in open(sys.argv[1])) if m]
if len(pts) < 3:
    sys.exit("too few samples")
n = len(pts); xs = [p[0] for p in pts]; ys = [p[1] for p in pts]
mx, my = sum(xs) / n, sum(ys) / n
slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
third = max(1, n // 3)
a, b = sum(ys[:third]) / third, sum(ys[-third:]) / third
print(f"heap after full GC: {n} samples over {xs[-1]} s, {min(ys)/1024:.1f}-{max(ys)/1024:.1f} MiB, first third {a/1024:.1f} MiB, "
      f"last third {b/1024:.1f} MiB, slope {slope*60/1024:.2f} MiB/min ({pts[-1][2]} messages acked)")
PY
echo "end: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
