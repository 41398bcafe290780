#!/usr/bin/env bash
# Server CPU time per message (utime+stime of the server JVM over a measured window / messages answered):
# robust to other load on the machine, unlike msgs/s. Usage: bench/cpu-per-message.sh TARGET [CONNS] [SECONDS]
# TARGET: hapi | after-commit | after-store. Needs bench/mllp-intake.sh to have prepared bench/work/intake.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${1:-after-commit}; C=${2:-8}; S=${3:-15}
WORK=bench/work/intake
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()')
hport=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()')
rm -rf "$WORK/data-cpu"
if [ "$T" = hapi ]; then
  java -Xms1g -Xmx1g -cp "$CP" org.radbridge.bench.HapiReferenceServer "$port" > "$WORK/cpu.log" 2>&1 & pid=$!; sender=BENCH_COMMIT
else
  sender=BENCH_COMMIT; [ "$T" = after-store ] && sender=BENCH_STORE
  RADBRIDGE_DATA_DIR="$WORK/data-cpu" RADBRIDGE_MLLP_PORT=$port RADBRIDGE_HTTP_PORT=$hport RADBRIDGE_DICOM_PORT=0 \
  RADBRIDGE_MAPPINGS_OVERLAY_DIR="$WORK/overlay" RADBRIDGE_AUDIT_KEY=bench java -Xms1g -Xmx1g -jar target/radbridge.jar run > "$WORK/cpu.log" 2>&1 & pid=$!
fi
for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
java -cp "$CP" org.radbridge.bench.MllpLoad "$port" "$C" 0 8 "$sender" > /dev/null   # warm-up
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
out=$(java -cp "$CP" org.radbridge.bench.MllpLoad "$port" "$C" 0 "$S" "$sender")
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
kill $pid; wait $pid 2>/dev/null || true
msgs=$(echo "$out" | sed 's/.*answered=\([0-9]*\).*/\1/')
python3 -c "ticks=$t1-$t0; msgs=$msgs; print(f'$T conns=$C: {ticks*1e6/100/max(1,msgs):.0f} us CPU per message ({msgs:.0f} msgs, $out)')"
