# Sourced by the benchmark scripts: builds this tree and sets BENCH_CP, the class path of a benchmark run.
# RADBRIDGE_TREE=/path/to/other/tree runs this tree's benchmark classes (org.radbridge.bench) against that tree's
# build (target/classes, target/test-classes), e.g. the baseline build for "before" figures, same script, same run.
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
tree=${RADBRIDGE_TREE:-$PWD}
rm -rf target/bench-classes && mkdir -p target/bench-classes/org/radbridge && cp -r target/test-classes/org/radbridge/bench target/bench-classes/org/radbridge/
BENCH_CP="target/bench-classes:$tree/target/test-classes:$tree/target/classes:$(cat target/bench.classpath)"
BENCH_TREE=$tree
