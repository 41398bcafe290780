#!/usr/bin/env bash
# CPU per message of the order-to-fhir mapping in isolation (issue 15; FhirOrderCost): the intake's ORM^O01 mapped to
# its transaction Bundle and written as the outbox's JSON bytes, single thread. With a baseline build's classes
# directory, the same class (compiled against each) runs both builds in one JVM, each in its own class loader, their
# batches interleaved so that both see the same machine load (a warm-up round, then ROUNDS measured rounds of
# BATCHES pairs of 200-message batches per build).
# Usage: bench/fhir-order-cost.sh [BASELINE_CLASSES_DIR] [ROUNDS=3] [BATCHES=60]
#   e.g. bench/fhir-order-cost.sh /work/wt/baseline/target/classes
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-}; R=${2:-3}; B=${3:-60}
WORK=bench/work/fhir-cost; mkdir -p "$WORK"
[ "${NO_BUILD:-0}" = 1 ] || mvn -B -o -q -DskipTests test-compile >&2
[ -s "$WORK/cp.txt" ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
DEPS=$(cat "$WORK/cp.txt")
SRC="src/test/java/org/radbridge/bench/FhirOrderCost.java src/test/java/org/radbridge/bench/BenchMessages.java"
build() { # NAME CLASSES: the bench class compiled against a build
  rm -rf "$WORK/$1"; mkdir -p "$WORK/$1"
  javac -nowarn -d "$WORK/$1" -cp "$2:$DEPS" $SRC
  echo "$1=$PWD/$WORK/$1:$2:$DEPS"
}
builds=()
[ -z "$BASE" ] || builds+=("$(build before "$BASE")")
builds+=("$(build after "$PWD/target/classes")")
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xms768m -Xmx768m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$WORK/after:target/classes:$DEPS" \
  org.radbridge.bench.FhirOrderCost . "$R" "$B" "${builds[@]}"
