#!/usr/bin/env bash
# MPPS benchmark: the engine's procedure-status flow vs a bare SCP of the same DICOM layer, same SCU, same run
# (bench/README.md, section "MPPS").
# Usage: bench/mpps.sh [mpps=500] [concurrency=4]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g -Dradbridge.project.dir="$PWD" -Dlogback.configurationFile=bench/logback-bench.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.radbridge.bench.MppsBench "$@"
