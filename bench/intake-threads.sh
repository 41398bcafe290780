#!/usr/bin/env bash
# Where the intake's CPU goes, per thread group (issue 15): starts RadBridge (JAR), warms it on 8 connections, then
# for each row of CONNS_LIST runs the closed-loop load and prints the server's CPU time per message split by thread
# group (on-CPU time from /proc/PID/task/*/schedstat, names from jcmd Thread.print, digits folded), with the group-commit writer's
# commits and units per message (radbridge_db_writer_commits/units from /metrics) and the voluntary and involuntary
# context switches per message (wakeups). An idle window first gives the CPU the engine spends with no traffic.
# Robust to other load on the machine: CPU time is counted per thread, not wall time.
# Usage: bench/intake-threads.sh [JAR=target/radbridge.jar] [SECONDS=15] [JIT_WARM_S=30]
# Environment: JAVA_EXTRA (more JVM options of the server), CONNS_LIST (default "1 8"), SENDER (BENCH_COMMIT = after-commit, BENCH_STORE = after-store), NO_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-target/radbridge.jar}; S=${2:-15}; W=${3:-30}
CONNS_LIST=${CONNS_LIST:-1 8}; SENDER=${SENDER:-BENCH_COMMIT}
WORK=bench/work/intake
. bench/intake-prepare.sh
port=$(free_port); hport=$(free_port); data="$WORK/data-threads-$$"; rm -rf "$data"
RADBRIDGE_DATA_DIR="$data" RADBRIDGE_MLLP_PORT=$port RADBRIDGE_HTTP_PORT=$hport RADBRIDGE_DICOM_PORT=0 \
RADBRIDGE_MAPPINGS_OVERLAY_DIR="$WORK/overlay" RADBRIDGE_AUDIT_KEY=bench java -Xms1g -Xmx1g ${JAVA_EXTRA:-} -jar "$JAR" run \
  > "$WORK/threads-$$.log" 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
wait_port "$port"
snap() { # -> file: tid utime+stime voluntary nonvoluntary ; plus writer commits/units
  local out=$1
  for t in /proc/$pid/task/*; do
    tid=${t##*/}
    cpu=$(awk '{print $1}' "$t/schedstat" 2>/dev/null) || continue   # on-CPU nanoseconds (exact, unlike stat's ticks)
    vol=$(awk '/^voluntary_ctxt_switches/{print $2}' "$t/status" 2>/dev/null) || continue
    inv=$(awk '/^nonvoluntary_ctxt_switches/{print $2}' "$t/status" 2>/dev/null) || continue
    echo "$tid $cpu $vol $inv"
  done > "$out"
  curl -s "127.0.0.1:$hport/metrics" | awk '/^radbridge_db_writer_(commits|units) /{print $1, $2}' >> "$out"
}
names() { jcmd $pid Thread.print 2>/dev/null | sed -n 's/^"\(.*\)".* nid=\(0x[0-9a-f]*\).*/\2 \1/p'; }
java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 8 0 "$W" "$SENDER" > /dev/null
echo "intake-threads $JAR $SENDER, load average $(cut -d' ' -f1-3 /proc/loadavg)"
report() { # label before after answered seconds
  names > "$WORK/names-$$.txt"
  python3 - "$@" "$WORK/names-$$.txt" <<'PY'
import re, sys
label, a, b, answered, secs, namesf = sys.argv[1:7]
answered = max(1, int(answered)); secs = float(secs)
names = {}
for line in open(namesf):
    nid, name = line.rstrip("\n").split(" ", 1)
    names[str(int(nid, 16))] = name
def load(f):
    t, m = {}, {}
    for line in open(f):
        p = line.split()
        if p[0].startswith("radbridge_"):
            m[p[0]] = float(p[1])
        else:
            t[p[0]] = tuple(float(x) for x in p[1:])
    return t, m
t0, m0 = load(a); t1, m1 = load(b)
groups = {}
for tid, v1 in t1.items():
    v0 = t0.get(tid, (0, 0, 0))
    d = [v1[i] - v0[i] for i in range(3)]
    if d == [0, 0, 0]:
        continue
    n = names.get(tid, "?(ended or native)")
    g = re.sub(r"\d+", "#", re.sub(r"@[0-9a-f]+.*", "", n))[:60]
    acc = groups.setdefault(g, [0, 0, 0, 0])
    acc[0] += d[0]; acc[1] += d[1]; acc[2] += d[2]; acc[3] += 1
tot = sum(v[0] for v in groups.values())
per = lambda x: x / 1e3 / answered   # schedstat: nanoseconds
print(f"{label}: {answered} msgs in {secs:.0f} s; CPU {per(tot):.0f} us/msg; "
      + (f"writer commits/msg {(m1.get('radbridge_db_writer_commits',0)-m0.get('radbridge_db_writer_commits',0))/answered:.2f}, "
         f"units/msg {(m1.get('radbridge_db_writer_units',0)-m0.get('radbridge_db_writer_units',0))/answered:.2f}" if m1 else ""))
print(f"  {'us/msg':>7} {'share':>6} {'vol.cs/msg':>10} {'invol.cs/msg':>12} threads  group")
for g, v in sorted(groups.items(), key=lambda kv: -kv[1][0]):
    if v[0] == 0 and v[1] / answered < 0.05:
        continue
    print(f"  {per(v[0]):7.0f} {v[0]*100/max(1,tot):5.1f}% {v[1]/answered:10.2f} {v[2]/answered:12.2f} {v[3]:7d}  {g}")
PY
}
snap "$WORK/s0-$$"; sleep 5; snap "$WORK/s1-$$"
report "idle 5 s (CPU per 1000 messages' worth: answered=1000)" "$WORK/s0-$$" "$WORK/s1-$$" 1000 5
for c in $CONNS_LIST; do
  snap "$WORK/s0-$$"
  out=$(java -cp "$CP" org.radbridge.bench.MllpLoad "$port" "$c" 0 "$S" "$SENDER")
  snap "$WORK/s1-$$"
  answered=$(echo "$out" | sed 's/.*answered=\([0-9]*\).*/\1/')
  echo "$c conns: $out load=$(cut -d' ' -f1 /proc/loadavg)"
  report "$c conns" "$WORK/s0-$$" "$WORK/s1-$$" "$answered" "$S"
done
rm -f "$WORK"/s0-$$ "$WORK"/s1-$$ "$WORK"/names-$$.txt
kill $pid; wait $pid 2>/dev/null || true; rm -rf "$data"
