#!/usr/bin/env bash
# Intake benchmark (issue 2): 1, 8 and 32 concurrent MLLP connections send a ~1.5 KB ORM^O01 (closed loop)
# for a fixed time to (a) a bare HAPI HL7 server that parses and ACKs, no storage, (b) RadBridge with
# after-commit, (c) RadBridge with after-store; then an open-loop run offering 2,000 msgs/s on 8
# connections to each. Every server runs in its own JVM with the same heap; all bind 127.0.0.1.
# Usage: bench/mllp-intake.sh [WARMUP_S] [MEASURE_S]
set -euo pipefail
cd "$(dirname "$0")/.."
WARM=${1:-10}
MEASURE=${2:-20}
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
  for conns in 1 8 32; do
    line=$(java -cp "$CP" org.radbridge.bench.MllpLoad "$port" "$conns" "$WARM" "$MEASURE" "${SENDER[$target]}")
    echo "$target closed $line" | tee -a "$RESULTS"
  done
  line=$(java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 8 "$WARM" "$MEASURE" "${SENDER[$target]}" 2000)
  echo "$target open2000 $line" | tee -a "$RESULTS"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "| conns | HAPI msgs/s | after-commit msgs/s (ratio) | after-store msgs/s (ratio) | p99 ms HAPI / commit / store |"
echo "|---|---|---|---|---|"
for c in 1 8 32; do
  h=$(awk -v c="conns=$c" '$1=="hapi" && $2=="closed" && $3==c {split($4,a,"=");print a[2]}' "$RESULTS")
  ac=$(awk -v c="conns=$c" '$1=="after-commit" && $2=="closed" && $3==c {split($4,a,"=");print a[2]}' "$RESULTS")
  as=$(awk -v c="conns=$c" '$1=="after-store" && $2=="closed" && $3==c {split($4,a,"=");print a[2]}' "$RESULTS")
  p=$(for t in hapi after-commit after-store; do awk -v t=$t -v c="conns=$c" '$1==t && $2=="closed" && $3==c {split($6,a,"=");printf "%s ",a[2]}' "$RESULTS"; done)
  echo "| $c | $h | $ac ($(python3 -c "print(round($ac/$h,2))")x) | $as ($(python3 -c "print(round($as/$h,2))")x) | $p |"
done
echo
echo "open loop, 2,000 msgs/s offered on 8 connections:"
grep open2000 "$RESULTS"
