#!/usr/bin/env bash
# MWL C-FIND benchmark: RadBridge's MWL SCP vs DCMTK wlmscpfs on the same items, same run, same SCU
# (bench/README.md, section "MWL C-FIND"). Needs DCMTK (wlmscpfs) and gcc (loopback shim).
# Usage: bench/mwl-cfind.sh [items=10000] [queries=2000] [wlmscpfs queries=20] [concurrency=8]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g -Dradbridge.project.dir="$PWD" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.radbridge.bench.MwlCFindBench "$@"
