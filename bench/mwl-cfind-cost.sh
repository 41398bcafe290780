#!/usr/bin/env bash
# Where the time of one MWL query goes (bench/README.md, "MWL C-FIND", cost breakdown).
# Usage: bench/mwl-cfind-cost.sh [items=10000] [iterations=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g -Dradbridge.project.dir="$PWD" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.radbridge.bench.MwlCFindCost "$@"
