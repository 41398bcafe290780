#!/usr/bin/env bash
# Outbox cost per order message (issue 15): writer commits, fsync-family system calls and outbox files per ORM^O01
# at ONE MLLP connection, embedded defaults (FHIR flow to the file outbox). Starts a RadBridge jar (default this
# build's; JAR=... for another, e.g. the baseline), warms it up, then sends for MEASURE_S seconds while strace counts
# fsync/fdatasync/sync_file_range of the whole JVM, and reads radbridge_db_writer_commits / _units from /metrics
# before and after. Prints one line per jar: msgs, commits/msg, units/msg, fsyncs/msg (all threads: SQLite WAL and
# database file, outbox files and directory), outbox files written.
# strace slows the JVM (fewer messages share a commit); STRACE=0 counts commits at full speed without it.
# Usage: bench/outbox-cost.sh [WARMUP_S=10] [MEASURE_S=15]   Environment: JAR (or JARS="a.jar b.jar"), STRACE=0, NO_BUILD=1
set -euo pipefail
cd "$(dirname "$0")/.."
WARM=${1:-10}
MEASURE=${2:-15}
WORK=bench/work/outbox-cost
rm -rf "$WORK"; mkdir -p "$WORK"
. bench/intake-prepare.sh
JARS=${JARS:-${JAR:-target/radbridge.jar}}
echo "start: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
metric() { curl -s "127.0.0.1:$1/metrics" | awk -v m="$2" '$1==m {print int($2)}'; }
for jar in $JARS; do
  name=$(basename "$(cd "$(dirname "$jar")/.." && pwd)")
  port=$(free_port); HPORT=$(free_port); data="$WORK/data-$name"
  RADBRIDGE_DATA_DIR="$data" RADBRIDGE_MLLP_PORT=$port RADBRIDGE_HTTP_PORT=$HPORT \
  RADBRIDGE_DICOM_PORT=$(free_port) RADBRIDGE_MAPPINGS_OVERLAY_DIR="$WORK/overlay" RADBRIDGE_AUDIT_KEY=bench \
    java -Xms1g -Xmx1g -XX:+UseG1GC -jar "$jar" run > "$WORK/$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$HPORT/health/ready" 2>/dev/null)" = 200 ] && break; sleep 0.05
  done
  java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 1 0 "$WARM" BENCH_COMMIT > /dev/null
  sleep 2 # the outbox catches up
  c0=$(metric "$HPORT" radbridge_db_writer_commits); u0=$(metric "$HPORT" radbridge_db_writer_units)
  f0=$(find "$data/outbox" -type f 2>/dev/null | wc -l)
  spid=
  if [ "${STRACE:-1}" = 1 ]; then
    strace -f -c -e trace=fsync,fdatasync,sync_file_range -o "$WORK/strace-$name.txt" -p "$pid" 2>/dev/null &
    spid=$!
    sleep 1
  fi
  line=$(java -cp "$CP" org.radbridge.bench.MllpLoad "$port" 1 0 "$MEASURE" BENCH_COMMIT)
  sleep 2
  [ -z "$spid" ] || { kill -INT "$spid"; wait "$spid" 2>/dev/null || true; }
  c1=$(metric "$HPORT" radbridge_db_writer_commits); u1=$(metric "$HPORT" radbridge_db_writer_units)
  f1=$(find "$data/outbox" -type f 2>/dev/null | wc -l)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  n=$(echo "$line" | sed 's/.*answered=\([0-9]*\).*/\1/')
  fs=$( [ -z "$spid" ] && echo -1 || awk '$NF ~ /^(fsync|fdatasync|sync_file_range)$/ {s += $4} END {print s+0}' "$WORK/strace-$name.txt")
  python3 - "$name" "$n" "$((c1-c0))" "$((u1-u0))" "$fs" "$((f1-f0))" "$line" <<'PY'
import sys
name, n, c, u, fs, files, line = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
print(f"{name}: messages={n} writer_commits_per_msg={c/n:.2f} writer_units_per_msg={u/n:.2f} fsyncs_per_msg={fs/n:.2f} "
      f"outbox_files={files} ({line.split()[1]}{', under strace' if fs >= 0 else ', fsyncs not counted (STRACE=0)'})")
PY
done
echo "end: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
