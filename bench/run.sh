#!/usr/bin/env bash
# Runs one benchmark of bench/src/bench (P1HotPath, P2Coalescing, P4Memory, P5Sweep) against the
# broker built from this checkout. See bench/README.md.
#
#   bench/run.sh P1HotPath            build (mvn -o), compile the harness, run
#   BENCH_SKIP_BUILD=1 bench/run.sh P1HotPath   reuse target/ (WAR, payara-micro.jar, test classes)
#   BENCH_MAX_SECONDS=1800            the whole run is killed after this long (default 1800)
#
# The harness runs in its own JVM on the test class path (it reuses the test peers: Peers, AsBrowser)
# and starts the broker on Payara Micro and the peers on 127.0.0.1 itself; it stops them when it ends.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$BENCH_DIR/.." && pwd -P)"
cd "$ROOT"

MAIN="${1:?usage: bench/run.sh P1HotPath|P2Coalescing|P4Memory|P5Sweep}"
MAX_SECONDS="${BENCH_MAX_SECONDS:-1800}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
JAR="${JAVA_HOME:+$JAVA_HOME/bin/}jar"
OUT="$ROOT/target/bench"
log() { echo "[bench] $*" >&2; }

mkdir -p "$OUT"
if [[ "${BENCH_SKIP_BUILD:-0}" != "1" || ! -f "$OUT/classpath.txt" ]]; then
    # -DskipTests compiles the test classes (the peers' launchers) but runs no test and no npm ci
    log "building: mvn -o -B -q -DskipTests package ${BENCH_MVN_ARGS:-}"
    # shellcheck disable=SC2086
    mvn -o -B -q -DskipTests ${BENCH_MVN_ARGS:-} package >"$OUT/build.log" 2>&1 ||
        { cat "$OUT/build.log" >&2; exit 1; }
    mvn -o -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" \
        >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
fi
for dir in src/test/peers; do
    [[ -d "$dir/node_modules" ]] || { echo "run.sh: $dir/node_modules missing: npm ci there (or copy it from the main checkout)" >&2; exit 1; }
done
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$OUT/classpath.txt")"

# the harness, and the probe resource added to a copy of the WAR (src/main stays untouched)
rm -rf "$OUT/classes" "$OUT/probe"
mkdir -p "$OUT/classes" "$OUT/probe/WEB-INF/classes"
"$JAVAC" -nowarn -d "$OUT/classes" -cp "$CP" "$BENCH_DIR"/src/bench/*.java
"$JAVAC" -nowarn -d "$OUT/probe/WEB-INF/classes" -cp "$CP" "$BENCH_DIR"/probe/bench/probe/*.java
cp "$ROOT/target/mcp-oauth-broker.war" "$OUT/broker-bench.war"
(cd "$OUT/probe" && "$JAR" uf "$OUT/broker-bench.war" WEB-INF/classes/bench)

log "running bench.$MAIN (killed after ${MAX_SECONDS}s at the latest)"
exec timeout --kill-after=30 "$MAX_SECONDS" "$JAVA" -Xmx1g -Dbasedir="$ROOT" -cp "$OUT/classes:$CP" "bench.$MAIN"
