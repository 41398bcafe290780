#!/usr/bin/env bash
# HL7-to-FHIR benchmark (bench/README.md "HL7 to FHIR"): RadBridge vs LinuxForHealth hl7v2-fhir-converter v1.1.0,
# one JVM, single thread after warm-up. Usage: bench/fhir/run.sh [warmup] [measured] [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "$here/../.." && pwd)"
(cd "$project" && mvn -B -q package -DskipTests)
mvn -B -q -f "$here/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt"
exec java -Xms1g -Xmx1g -cp "$here/target/hl7-to-fhir-bench-1.jar:$(cat "$here/target/classpath.txt")" \
  org.radbridge.bench.Hl7ToFhirBench "$project" "${1:-3000}" "${2:-10000}" "${3:-3}"
