#!/usr/bin/env bash
# Outbound MLLP delivery throughput: RadBridge's outbox to 1 and 8 local MLLP receivers, with a bare MLLP
# client and HAPI's client on the same receivers as references. Arguments go to OutboundMllpBench:
#   [messages per destination (4000)] [SQLite synchronous: FULL (the default) | NORMAL] [destination counts: 1,8]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="$(cat target/bench.classpath)"
# PROFILE=F.jfr records a Java Flight Recording of the run (then: bench/profile.sh F.jfr NAME)
jfr=(); [ -z "${PROFILE:-}" ] || jfr=(-XX:StartFlightRecording=filename="$PROFILE",settings=profile)
exec java -Xmx1g "${jfr[@]}" -Dlogback.configurationFile="$here/bench/logback-bench.xml" \
  -Dradbridge.project.dir="$here" -cp "target/test-classes:target/classes:$cp" org.radbridge.bench.OutboundMllpBench "$@"
