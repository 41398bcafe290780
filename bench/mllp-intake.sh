#!/usr/bin/env bash
# Intake benchmark (issue 2): 1, 8 and 32 concurrent MLLP connections send a ~1.5 KB ORM^O01 (closed loop)
# for a fixed time to (a) a bare HAPI HL7 server that parses and ACKs, no storage, (b) RadBridge with
# after-commit, (c) RadBridge with after-store; then an open-loop run offering 2,000 msgs/s on 8
# connections to each. Every server runs in its own JVM with the same heap; all bind 127.0.0.1. Each server
# first gets JIT_WARM seconds of unmeasured load on 8 connections (the JIT compilers of a 2-core machine need
# about a minute to settle), then WARMUP_S seconds of warm-up before each measured window. Besides msgs/s and
# the ACK latency, each line gives the server JVM's CPU time per message (utime+stime over the run / messages
# answered): robust to other load on a shared machine. The load average is printed at start and end.
# Usage: bench/mllp-intake.sh [WARMUP_S=10] [MEASURE_S=20] [JIT_WARM_S=60]
set -euo pipefail
cd "$(dirname "$0")/.."
WARM=${1:-10}
MEASURE=${2:-20}
JIT_WARM=${3:-60}
echo "start: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
WORK=bench/work/intake
rm -rf "$WORK"; mkdir -p "$WORK"
mvn -B -q -DskipTests package test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
JOPTS="-Xms1g -Xmx1g -XX:+UseG1GC"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
wait_port() { for _ in $(seq 1 150); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 not open" >&2; return 1; }

# a bench sender per acknowledgement mode, added to a copy of the senders file in an overlay folder
mkdir -p "$WORK/overlay/peers"
cp mappings/peers/hl7-senders.yaml "$WORK/overlay/peers/hl7-senders.yaml"
cat >> "$WORK/overlay/peers/hl7-senders.yaml" <<'YAML'
  - name: bench-after-commit
    application: BENCH_COMMIT
    role: ris
    ack-mode: {"*": after-commit}
  - name: bench-after-store
    application: BENCH_STORE
    role: ris
    ack-mode: {"*": after-store}
YAML

run_server() { # name port -> pid
  local name=$1 port=$2
  if [ "$name" = hapi ]; then
    java $JOPTS -cp "$CP" org.radbridge.bench.HapiReferenceServer "$port" > "$WORK/$name.log" 2>&1 &
  else
    RADBRIDGE_DATA_DIR="$WORK/data-$name" RADBRIDGE_MLLP_PORT=$port RADBRIDGE_HTTP_PORT=$(free_port) \
    RADBRIDGE_DICOM_PORT=$(free_port) RADBRIDGE_MAPPINGS_OVERLAY_DIR="$WORK/overlay" RADBRIDGE_AUDIT_KEY=bench \
      java $JOPTS -jar target/radbridge.jar run > "$WORK/$name.log" 2>&1 &
  fi
  echo $!
}

declare -A SENDER=([hapi]=BENCH_COMMIT [after-commit]=BENCH_COMMIT [after-store]=BENCH_STORE)
RESULTS="$WORK/results.txt"; : > "$RESULTS"
for target in hapi after-commit after-store; do
  port=$(free_port)
  pid=$(run_server "$target" "$port")
  wait_port "$port"
  java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 8 0 "$JIT_WARM" "${SENDER[$target]}" > /dev/null
  for conns in 1 8 32 open2000; do
    c=$conns; rate=
    [ "$conns" = open2000 ] && { c=8; rate=2000; }
    t0=$(awk '{print $14+$15}' /proc/$pid/stat)
    line=$(java -cp "$CP" org.radbridge.bench.MllpLoad "$port" "$c" "$WARM" "$MEASURE" "${SENDER[$target]}" $rate)
    t1=$(awk '{print $14+$15}' /proc/$pid/stat)
    answered=$(echo "$line" | sed 's/.*answered=\([0-9]*\).*/\1/')
    cpu=$(python3 -c "print(round(($t1-$t0)*1e6/100/max(1,$answered)))")   # server CPU over the run / ACKs of the run
    kind=closed; [ "$conns" = open2000 ] && kind=open2000
    echo "$target $kind $line cpu_us_per_msg=$cpu load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo
echo "end: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
python3 - "$RESULTS" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    kv = dict(x.split("=", 1) for x in f[2:])
    rows[(f[0], f[1], kv["conns"])] = kv
print("| load | server | msgs/s | ratio to HAPI | p50 ms | p99 ms | server CPU us/msg | non-AA |")
print("|---|---|---|---|---|---|---|---|")
for kind, conns in (("closed", "1"), ("closed", "8"), ("closed", "32"), ("open2000", "8")):
    h = rows.get(("hapi", kind, conns))
    for t in ("hapi", "after-commit", "after-store"):
        r = rows.get((t, kind, conns))
        if not r:
            continue
        ratio = float(r["msgs_per_s"]) / float(h["msgs_per_s"]) if h and float(h["msgs_per_s"]) else float("nan")
        label = f"{conns} conns" if kind == "closed" else "2,000 msgs/s offered, 8 conns"
        print(f"| {label} | {t} | {r['msgs_per_s']} | {ratio:.2f}x | {float(r['p50_ms']):.1f} | {float(r['p99_ms']):.1f} | {r['cpu_us_per_msg']} | {r['non_aa']} |")
PY
