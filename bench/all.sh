#!/usr/bin/env bash
# Every benchmark of bench/, short (issue 15): the same scripts as the full runs, with small arguments, one after
# the other; raw output of each (stdout and stderr) appended to bench/results/all-<UTC date>.txt with its command,
# wall time and the load average before and after. Meant to show that each benchmark runs and roughly where it
# stands; the full figures of bench/README.md come from the full runs (their commands are in bench/README.md).
# Build once: the project is built here (package, test classes, test classpath in target/bench.classpath); during
# the steps a `mvn` wrapper first on PATH turns the scripts' own rebuilds of this project into no-ops (they would
# cost 20-60 s of Maven start-up each on a loaded 2-core machine), answers a request for the test classpath file
# from target/bench.classpath, and runs bench/fhir's own pom (-f) as its script wrote it (it needs LinuxForHealth's
# converter, which may have to be downloaded the first time). Each step is capped by `timeout` (stopped steps are
# marked; the caps add up to 570 s, plus the build), so the run stays under 10 minutes; on an idle machine the whole run takes about 5 minutes, on the shared 2-core
# machine at load 30-50 the intake, MWL and de-identification steps hit their caps.
# Usage: bench/all.sh
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
mkdir -p bench/results bench/work/all-bin
OUT=bench/results/all-$(date -u +%F).txt
start=$(date +%s)
export MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=1"   # Maven starts faster with C1 only
{
  echo "# bench/all.sh, $(date -u +%FT%TZ), $(git rev-parse --short HEAD 2>/dev/null), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
  echo "# build: mvn -B -o -q -DskipTests package test-compile dependency:build-classpath (test scope -> target/bench.classpath)"
} | tee -a "$OUT"
mvn -B -o -q -DskipTests package test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >>"$OUT" 2>&1 || { echo "build failed" | tee -a "$OUT"; exit 1; }
echo "# build: $(( $(date +%s) - start )) s" | tee -a "$OUT"
REAL_MVN=$(command -v mvn)
cat > bench/work/all-bin/mvn <<SH
#!/usr/bin/env bash
# bench/all.sh's wrapper: this project is already built; bench/fhir's own pom is built as asked.
for a in "\$@"; do case \$a in -f|--file) exec "$REAL_MVN" "\$@";; esac; done
out=; for a in "\$@"; do case \$a in -Dmdep.outputFile=*) out=\${a#-Dmdep.outputFile=};; esac; done
if [ -n "\$out" ] && [ ! -s "\$out" ]; then
  if [ -s "$ROOT/target/bench.classpath" ]; then mkdir -p "\$(dirname "\$out")"; cp "$ROOT/target/bench.classpath" "\$out"; exit 0; fi
  exec "$REAL_MVN" -o "\$@"
fi
exit 0
SH
chmod +x bench/work/all-bin/mvn
run() { # name budget_s command...
  local name=$1 budget=$2; shift 2
  local t0; t0=$(date +%s)
  echo | tee -a "$OUT"
  echo "## $name: $* (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT"
  PATH="$ROOT/bench/work/all-bin:$PATH" NO_BUILD=1 timeout --kill-after=10 "$budget" "$@" >>"$OUT" 2>&1
  local rc=$?
  local status=ok; [ $rc = 124 ] && status="STOPPED after ${budget}s"; [ $rc != 0 ] && [ $rc != 124 ] && status="FAILED (exit $rc)"
  echo "## $name: $status, $(( $(date +%s) - t0 )) s, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
}
run intake          150 env TARGETS="hapi after-commit after-store" ROWS="8 open500" bench/mllp-intake.sh 2 5 8
run outbound-mllp    50 bench/outbound-mllp.sh 200 FULL 1
run mpps             50 bench/mpps.sh 40 2
run study-available  60 bench/study-available.sh 100 2
run mwl-cfind        60 bench/mwl-cfind.sh 1000 200 20 4
run message-search   60 bench/message-search.sh 10000 10 sqlite,postgresql
run fhir            100 bench/fhir/run.sh 200 500 1
run deid             40 bench/deid.sh 1
echo | tee -a "$OUT"
echo "# all: $(( $(date +%s) - start )) s, end $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
echo "$OUT"
