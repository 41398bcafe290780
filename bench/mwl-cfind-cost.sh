#!/usr/bin/env bash
# Where the time of one MWL query goes (bench/README.md, "MWL C-FIND", cost breakdown).
# Usage: bench/mwl-cfind-cost.sh [items=10000] [iterations=2000]
# RADBRIDGE_TREE=/work/wt/baseline measures another build with the same benchmark (bench/bench-classpath.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-classpath.sh
exec java -Xmx1g -Dradbridge.project.dir="$BENCH_TREE" \
  -cp "$BENCH_CP" org.radbridge.bench.MwlCFindCost "$@"
