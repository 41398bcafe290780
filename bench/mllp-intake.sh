#!/usr/bin/env bash
# Intake benchmark (issues 2 and 15): 1, 8 and 32 concurrent MLLP connections send a ~1.5 KB ORM^O01 (closed loop)
# for a fixed time to (a) a bare HAPI HL7 server that parses and ACKs, no storage, (b) RadBridge with
# after-commit, (c) RadBridge with after-store (both ORM^O01 flows, SQLite synchronous=FULL); then an open-loop run
# offering 500 msgs/s on 8 connections to each (ROWS to change). Every server runs in its own JVM with the same
# heap; all bind 127.0.0.1. Each server first gets JIT_WARM seconds of unmeasured load on 8 connections, then
# WARMUP_S seconds of warm-up before each measured window. Besides msgs/s and the ACK latency, each line gives the
# server JVM's CPU time per message (utime+stime over the row / messages answered): robust to other load on a
# shared machine. Also printed: the load average at start and end, the fsync time of the data dir's disk (4 KB
# append + fdatasync, before and after the servers) and the rate one fsync per message allows, RadBridge's
# start-up time (launch to /health/ready answering 200).
# Usage: bench/mllp-intake.sh [WARMUP_S=10] [MEASURE_S=20] [JIT_WARM_S=60]
# Environment: ROWS (default "1 8 32 open500"; openN = N msgs/s offered on 8 connections), HEAP (default 1g: -Xms/-Xmx
# of every server), BASELINE_JAR (another build's radbridge.jar: adds rows before-after-commit / before-after-store
# run with it, back to back with this build, with the routes of its tree: BASELINE_ROUTES, default ../routes of its jar), TARGETS (default "hapi after-commit after-store"), NO_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
WARM=${1:-10}
MEASURE=${2:-20}
JIT_WARM=${3:-60}
ROWS=${ROWS:-1 8 32 open500}
HEAP=${HEAP:-1g}
echo "start: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
WORK=bench/work/intake
rm -rf "$WORK"; mkdir -p "$WORK"
. bench/intake-prepare.sh
JOPTS="-Xms$HEAP -Xmx$HEAP -XX:+UseG1GC"
fsync_probe() { # the data dir's disk: 4 KB appends, each followed by fdatasync -> "median_ms p99_ms"
  python3 - "$WORK/fsync.probe" <<'PY'
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
block, t = b"x" * 4096, []
for _ in range(300):
    os.write(fd, block); s = time.perf_counter(); os.fdatasync(fd); t.append(time.perf_counter() - s)
os.close(fd); os.unlink(sys.argv[1]); t.sort()
print(f"{t[len(t)//2]*1e3:.2f} {t[int(len(t)*0.99)]*1e3:.2f}")
PY
}
read -r FS0 FS0P99 < <(fsync_probe)
echo "fsync (4 KB append + fdatasync, data dir $WORK, before): median $FS0 ms, p99 $FS0P99 ms"

run_server() { # name port jar -> pid
  local name=$1 port=$2 jar=$3
  if [ "$name" = hapi ]; then
    java $JOPTS -cp "$CP" org.radbridge.bench.HapiReferenceServer "$port" > "$WORK/$name.log" 2>&1 &
  else
    # a build given by BASELINE_JAR runs with the routes of its own tree (BASELINE_ROUTES, default: routes/ beside its
    # target/), since routes/*.camel.yaml may name beans that build does not have
    local routes=routes
    [ "$jar" != target/radbridge.jar ] && routes=${BASELINE_ROUTES:-$(dirname "$(dirname "$jar")")/routes}
    RADBRIDGE_ROUTES_DIR="$routes" RADBRIDGE_DATA_DIR="$WORK/data-$name" RADBRIDGE_MLLP_PORT=$port RADBRIDGE_HTTP_PORT=$HPORT \
    RADBRIDGE_DICOM_PORT=$(free_port) RADBRIDGE_MAPPINGS_OVERLAY_DIR="$WORK/overlay" RADBRIDGE_AUDIT_KEY=bench \
      java $JOPTS -jar "$jar" run > "$WORK/$name.log" 2>&1 &
  fi
  echo $!
}
wait_ready() { # RadBridge: /health/ready answers 200
  for _ in $(seq 1 2400); do   # up to ~2 min: start-up on a loaded shared machine took 30 s
    [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$1/health/ready" 2>/dev/null)" = 200 ] && return 0; sleep 0.05
  done; echo "not ready" >&2; return 1
}

TARGETS=${TARGETS:-hapi after-commit after-store}
[ -n "${BASELINE_JAR:-}" ] && [ "${TARGETS#*before-}" = "$TARGETS" ] && TARGETS="$TARGETS before-after-commit before-after-store"
RESULTS="$WORK/results.txt"; : > "$RESULTS"
for target in $TARGETS; do
  sender=BENCH_COMMIT; [ "${target%after-store}" != "$target" ] && sender=BENCH_STORE
  jar=target/radbridge.jar; [ "${target#before-}" != "$target" ] && jar=$BASELINE_JAR
  port=$(free_port); HPORT=$(free_port)
  t0=$(date +%s.%N)
  pid=$(run_server "$target" "$port" "$jar")
  if [ "$target" = hapi ]; then wait_port "$port"; else
    wait_ready "$HPORT"
    echo "$target startup_to_ready_s=$(python3 -c "print(round($(date +%s.%N)-$t0,2))") startup_cpu_s=$(awk '{print ($14+$15)/100}' /proc/$pid/stat) load=$(cut -d' ' -f1 /proc/loadavg) (launch of java -jar to /health/ready 200, $jar)" | tee -a "$WORK/startup.txt"
  fi
  java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 8 0 "$JIT_WARM" "$sender" > /dev/null
  for conns in $ROWS; do
    c=$conns; rate=; kind=closed
    case $conns in open*) rate=${conns#open}; c=8; kind=$conns;; esac
    t0=$(awk '{print $14+$15}' /proc/$pid/stat)
    line=$(java -cp "$CP" org.radbridge.bench.MllpLoad "$port" "$c" "$WARM" "$MEASURE" "$sender" $rate)
    t1=$(awk '{print $14+$15}' /proc/$pid/stat)
    answered=$(echo "$line" | sed 's/.*answered=\([0-9]*\).*/\1/')
    cpu=$(python3 -c "print(round(($t1-$t0)*1e6/100/max(1,$answered)))")   # server CPU over the run / ACKs of the run
    echo "$target $kind $line cpu_us_per_msg=$cpu load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
read -r FS1 FS1P99 < <(fsync_probe)
echo "fsync (after): median $FS1 ms, p99 $FS1P99 ms"
echo
echo "end: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), heap $HEAP"
python3 - "$RESULTS" "$FS0" "$FS1" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    kv = dict(x.split("=", 1) for x in f[2:])
    rows[(f[0], f[1], kv["conns"])] = kv
fsync_ms = (float(sys.argv[2]) + float(sys.argv[3])) / 2
print(f"one fsync per message allows {1000 / fsync_ms:.0f} msgs/s (mean of the two fsync medians, {fsync_ms:.2f} ms)")
servers = ("hapi", "after-commit", "after-store", "before-after-commit", "before-after-store")
kinds = sorted({(k[1], k[2]) for k in rows}, key=lambda x: (x[0] != "closed", int(x[1]) if x[0] == "closed" else int(x[0][4:])))
print("| load | server | msgs/s | ratio to HAPI | p50 ms | p99 ms | server CPU us/msg | CPU ratio to HAPI | non-AA |")
print("|---|---|---|---|---|---|---|---|---|")
for kind, conns in kinds:
    h = rows.get(("hapi", kind, conns))
    for t in servers:
        r = rows.get((t, kind, conns))
        if not r:
            continue
        ratio = float(r["msgs_per_s"]) / float(h["msgs_per_s"]) if h and float(h["msgs_per_s"]) else float("nan")
        cr = float(r["cpu_us_per_msg"]) / float(h["cpu_us_per_msg"]) if h and float(h["cpu_us_per_msg"]) else float("nan")
        label = f"{conns} conns" if kind == "closed" else f"{kind[4:]} msgs/s offered, 8 conns"
        print(f"| {label} | {t} | {r['msgs_per_s']} | {ratio:.2f}x | {float(r['p50_ms']):.1f} | {float(r['p99_ms']):.1f} | "
              f"{r['cpu_us_per_msg']} | {cr:.2f}x | {r['non_aa']} |")
for t in servers:
    r = rows.get((t, "closed", "1"))
    if r and t != "hapi":
        print(f"{t}, 1 connection: {r['msgs_per_s']} msgs/s = {float(r['msgs_per_s']) * fsync_ms / 1000:.2f}x the one-fsync-per-message rate")
PY
cat "$WORK/startup.txt" 2>/dev/null || true
