#!/usr/bin/env bash
# MWL C-FIND benchmark: RadBridge's MWL SCP vs DCMTK wlmscpfs on the same items, same run, same SCU
# (bench/README.md, section "MWL C-FIND"). Needs DCMTK (wlmscpfs) and gcc (loopback shim).
# Usage: bench/mwl-cfind.sh [items=10000] [queries=2000] [wlmscpfs queries=20] [concurrency=8]
# PROFILE=FILE.jfr records RadBridge's measured queries with Java Flight Recorder (bench/profile.sh FILE.jfr NAME);
# RADBRIDGE_TREE=/work/wt/baseline measures another build with the same benchmark (bench/bench-classpath.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-classpath.sh
exec java -Xmx1g -Dradbridge.project.dir="$BENCH_TREE" ${PROFILE:+-Dbench.jfr="$PROFILE"} \
  -cp "$BENCH_CP" org.radbridge.bench.MwlCFindBench "$@"
