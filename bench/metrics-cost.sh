#!/usr/bin/env bash
# Thread CPU per message of the intake's per-message metric updates (org.radbridge.bench.MetricsCost), the build
# of another checkout (BASE, e.g. the hand-written registry of 44e26dc) against this one, back to back.
# Usage: bench/metrics-cost.sh BASE_DIR [N=2000000]  (BASE_DIR/target/classes must exist; this tree must be compiled)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=$1; N=${2:-2000000}
echo "start: $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
CP=$(mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
javac -d "$OUT" -cp "$BASE/target/classes:$CP" src/test/java/org/radbridge/bench/MetricsCost.java
for i in 1 2; do
  echo "base ($BASE):"; java -Xmx256m -cp "$OUT:$BASE/target/classes:$CP" org.radbridge.bench.MetricsCost "$N" 2>/dev/null | tail -2
  echo "this tree, same calls:"; java -Xmx256m -cp "target/test-classes:target/classes:$CP" org.radbridge.bench.MetricsCost "$N" facade-only 2>/dev/null | tail -2
  echo "this tree, + histograms:"; java -Xmx256m -cp "target/test-classes:target/classes:$CP" org.radbridge.bench.MetricsCost "$N" 2>/dev/null | tail -2
done
echo "end: load average $(cut -d' ' -f1-3 /proc/loadavg)"
