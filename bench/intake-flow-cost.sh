#!/usr/bin/env bash
# What each flow of an ORM^O01 costs on the after-commit path: the bench order (src/test/java/org/radbridge/bench/
# BenchMessages) sent on 8 connections to RadBridge with ORM^O01 dispatched to (a) no flow (journal, audit,
# ACK only), (b) order-to-worklist, (c) order-to-fhir, (d) both (the product's mapping). Per case: JIT warm-up,
# then a measured window; server CPU per message (utime+stime / ACKs) split by thread group: netty/Camel
# threads (decode, screen, mapping, ACK), the group-commit writer, the outbox workers (FHIR file delivery),
# the JIT compilers, the rest. Needs bench/mllp-intake.sh to have prepared bench/work/intake.
# Usage: bench/intake-flow-cost.sh [JIT_WARM_S=60] [MEASURE_S=20]
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-60}; S=${2:-20}
WORK=bench/work/intake
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
threads() { for t in /proc/$1/task/*; do echo "$(cat $t/comm)|$(awk '{print $14+$15}' $t/stat)"; done; }
echo "start: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| ORM^O01 flows | msgs/s | CPU us/msg | Camel/netty | writer | outbox workers | JIT | other | writer units/commit |"
echo "|---|---|---|---|---|---|---|---|---|"
for flows in "record-only" "order-to-worklist" "order-to-fhir" "order-to-worklist, order-to-fhir"; do
  ov="$WORK/overlay-flows"; rm -rf "$ov"; cp -r "$WORK/overlay" "$ov"; mkdir -p "$ov/codes"
  sed "s/^ORM^O01: .*/ORM^O01: [$flows]/" mappings/codes/message-flows.yaml > "$ov/codes/message-flows.yaml"
  port=$(free_port); hport=$(free_port); rm -rf "$WORK/data-flows"
  RADBRIDGE_DATA_DIR="$WORK/data-flows" RADBRIDGE_MLLP_PORT=$port RADBRIDGE_HTTP_PORT=$hport RADBRIDGE_DICOM_PORT=0 \
  RADBRIDGE_MAPPINGS_OVERLAY_DIR="$ov" RADBRIDGE_AUDIT_KEY=bench java -Xms1g -Xmx1g -jar target/radbridge.jar run \
    > "$WORK/flows.log" 2>&1 & pid=$!
  for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
  java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 8 0 "$W" BENCH_COMMIT > /dev/null
  m0=$(curl -s 127.0.0.1:$hport/metrics | awk '/^radbridge_db_writer_(commits|units) /{printf "%s ", $2}')
  threads $pid > "$WORK/thr0"
  out=$(java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 8 0 "$S" BENCH_COMMIT)
  threads $pid > "$WORK/thr1"
  m1=$(curl -s 127.0.0.1:$hport/metrics | awk '/^radbridge_db_writer_(commits|units) /{printf "%s ", $2}')
  kill $pid; wait $pid 2>/dev/null || true
  python3 - "$WORK/thr0" "$WORK/thr1" "$flows" "$out" "$m0" "$m1" <<'PY'
import sys, re
def load(f):
    d = {}
    for l in open(f):
        n, v = l.rstrip("\n").rsplit("|", 1)
        d[n] = d.get(n, 0) + int(v)
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
groups = {"camel": 0, "writer": 0, "outbox": 0, "jit": 0, "other": 0}
for n, v in b.items():
    d = v - a.get(n, 0)
    g = ("camel" if n.startswith("Camel") or "Netty" in n else "writer" if n.startswith("radbridge-write")
         else "outbox" if n.startswith("outbox-") else "jit" if "Compiler" in n else "other")
    groups[g] += d
out = sys.argv[4]
msgs = int(re.search(r"answered=(\d+)", out).group(1))
rate = re.search(r"msgs_per_s=(\d+)", out).group(1)
us = lambda t: round(t * 1e6 / 100 / max(1, msgs))
m0, m1 = [list(map(float, x.split())) for x in sys.argv[5:7]]
upc = (m1[1] - m0[1]) / max(1, m1[0] - m0[0])  # commits, units
total = sum(groups.values())
print(f"| [{sys.argv[3]}] | {rate} | {us(total)} | {us(groups['camel'])} | {us(groups['writer'])} | {us(groups['outbox'])} | "
      f"{us(groups['jit'])} | {us(groups['other'])} | {upc:.1f} |")
PY
done
echo "end: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
