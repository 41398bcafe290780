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
# PROFILE=F.jfr records a Java Flight Recording of the run (then: bench/profile.sh F.jfr NAME)
jfr=(); [ -z "${PROFILE:-}" ] || jfr=(-XX:StartFlightRecording=filename="$PROFILE",settings=profile)
exec java -Xmx1g "${jfr[@]}" -Dlogback.configurationFile="$here/bench/logback-bench.xml" \
  -Dradbridge.project.dir="$here" -cp "target/test-classes:target/classes:$cp" org.radbridge.bench.StudyAvailableBench "$@"
