#!/usr/bin/env bash
# study-available throughput: webhook events matching orders (one transaction each: journal, SPS, ORU, FHIR,
# audit) against the intake of the same orders over MLLP in the same engine and run. Arguments go to
# StudyAvailableBench: [events (2000)] [concurrency (4)] [SQLite synchronous: FULL | NORMAL]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="$(cat target/bench.classpath)"
exec java -Xmx1g -Dlogback.configurationFile="$here/bench/logback-bench.xml" \
  -Dradbridge.project.dir="$here" -cp "target/test-classes:target/classes:$cp" org.radbridge.bench.StudyAvailableBench "$@"
