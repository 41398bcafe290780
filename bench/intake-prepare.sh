# Sourced by the intake benchmarks: builds (offline) unless NO_BUILD=1, writes the test classpath and the bench
# senders' overlay (bench-after-commit / bench-after-store) under $WORK, defines free_port / wait_port and CP.
WORK=${WORK:-bench/work/intake}
mkdir -p "$WORK"
if [ "${NO_BUILD:-0}" != 1 ]; then
  mvn -B -o -q -DskipTests package test-compile >&2
fi
[ -s "$WORK/cp.txt" ] || mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 not open" >&2; return 1; }
mkdir -p "$WORK/overlay/peers"
cp mappings/peers/hl7-senders.yaml "$WORK/overlay/peers/hl7-senders.yaml"
cat >> "$WORK/overlay/peers/hl7-senders.yaml" <<'YAML'
  - name: bench-after-commit
    application: BENCH_COMMIT
    role: ris
    ack-mode: {"*": after-commit}
  - name: bench-after-store
    application: BENCH_STORE
    role: ris
    ack-mode: {"*": after-store}
YAML
