#!/usr/bin/env bash
# De-identification throughput, single thread (bench/README.md, "De-identification").
# Usage: bench/deid.sh [seconds per case]   (default 5)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
exec java -Xmx1g -Dradbridge.project.dir="$here" -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  org.radbridge.bench.DeidBench "$@"
