#!/usr/bin/env bash
# MPPS benchmark: the engine's procedure-status flow vs a bare SCP of the same DICOM layer, same SCU, same run
# (bench/README.md, section "MPPS").
# Usage: bench/mpps.sh [mpps=500] [concurrency=4]
# PROFILE=FILE.jfr records the engine's MPPS phase with Java Flight Recorder (bench/profile.sh FILE.jfr NAME draws it);
# RADBRIDGE_TREE=/work/wt/baseline measures another build with the same benchmark (bench/bench-classpath.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-classpath.sh
exec java -Xmx1g -Dradbridge.project.dir="$BENCH_TREE" -Dlogback.configurationFile=bench/logback-bench.xml \
  ${PROFILE:+-Dbench.jfr="$PROFILE"} -cp "$BENCH_CP" org.radbridge.bench.MppsBench "$@"
