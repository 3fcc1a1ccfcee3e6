#!/usr/bin/env bash
# Boot benchmark: the MCP OAuth Broker WAR vs. a hello-world JAX-RS WAR, on the same
# Payara Micro jar with the same JVM flags, alternately, N times each.
# Reports median boot->ready seconds, median resident memory (VmRSS), the ratios
# broker/hello, and both WAR sizes. See bench/README.md.
#
# Run from anywhere:   bench/boot.sh
# Environment:
#   BENCH_RUNS=3           boots per app (alternating hello, broker, hello, broker, ...)
#   BENCH_JVM_OPTS=...     JVM flags for both apps
#                          (default: -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
#   BENCH_TIMEOUT=180      seconds a boot may take to become ready before the script fails
#   BENCH_SKIP_BUILD=1     reuse target/mcp-oauth-broker.war, target/payara-micro.jar and
#                          bench/hello-world/target/hello-world.war instead of building
#   BENCH_MVN_ARGS=...     extra Maven arguments for both builds (e.g. -o)
#   BENCH_SETTLE=3         seconds to wait after ready before reading VmRSS
set -euo pipefail

# --- locate the repository root from this script's own path --------------------------
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$BENCH_DIR/.." && pwd -P)"
cd "$ROOT"

RUNS="${BENCH_RUNS:-3}"
JVM_OPTS="${BENCH_JVM_OPTS:--Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
TIMEOUT="${BENCH_TIMEOUT:-180}"
SETTLE="${BENCH_SETTLE:-3}"
MVN_ARGS="${BENCH_MVN_ARGS:-}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

BROKER_WAR="$ROOT/target/mcp-oauth-broker.war"
PAYARA_JAR="$ROOT/target/payara-micro.jar"
HELLO_POM="$BENCH_DIR/hello-world/pom.xml"
HELLO_WAR="$BENCH_DIR/hello-world/target/hello-world.war"

die() { echo "boot.sh: ERROR: $*" >&2; exit 1; }
log() { echo "[bench] $*" >&2; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer (got '$RUNS')"
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "BENCH_TIMEOUT must be a positive integer (got '$TIMEOUT')"
for tool in curl awk "$JAVA"; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found on PATH"
done

# --- scratch space and cleanup ---------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mcpoauth-bench.XXXXXX")"
PID=""

stop_payara() {
    local pid="$PID"
    PID=""
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 300; i++)); do          # up to 30 s for a clean shutdown
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "Payara (pid $pid) did not stop within 30 s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_payara
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build -----------------------------------------------------------------------------
if [[ "${BENCH_SKIP_BUILD:-0}" == "1" ]]; then
    log "BENCH_SKIP_BUILD=1: reusing existing build output"
else
    # Maven output goes to a log (shown only on failure): keeps the report clean
    log "building the broker: mvn -B -q -DskipTests package $MVN_ARGS"
    # shellcheck disable=SC2086
    mvn -B -q -DskipTests $MVN_ARGS package >"$WORK/build-broker.log" 2>&1 ||
        { cat "$WORK/build-broker.log" >&2; die "broker build failed"; }
    log "building hello-world: mvn -B -q -f bench/hello-world/pom.xml package $MVN_ARGS"
    # shellcheck disable=SC2086
    mvn -B -q -f "$HELLO_POM" $MVN_ARGS package >"$WORK/build-hello.log" 2>&1 ||
        { cat "$WORK/build-hello.log" >&2; die "hello-world build failed"; }
fi
for f in "$BROKER_WAR" "$PAYARA_JAR" "$HELLO_WAR"; do
    [[ -f "$f" ]] || die "missing $f (build it, or drop BENCH_SKIP_BUILD=1)"
done

# --- loopback only ----------------------------------------------------------------------
# HTTP listener on 127.0.0.1 (pre-boot command). --nocluster stops discovery, but Payara
# Micro still starts a one-member Hazelcast data grid listening on port 6900 on ALL
# interfaces; its interface setting plus hazelcast.socket.bind.any=false keep it on
# 127.0.0.1 too. Both apps get exactly the same runtime settings.
PREBOOT="$WORK/preboot.asadmin"
cat >"$PREBOOT" <<'EOF'
set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1
set hazelcast-runtime-configuration.interface=127.0.0.1
EOF
# hazelcast.phone.home.enabled=false: otherwise Hazelcast probes http://169.254.169.254/ at
# every boot, whatever --disablephonehome says. jdk.httpclient.allowRestrictedHeaders=host: the
# broker sends each outbound request to the vetted address and names the host in Host itself
LOOPBACK_OPTS="-Dhazelcast.socket.bind.any=false -Dhazelcast.phone.home.enabled=false -Djdk.httpclient.allowRestrictedHeaders=host"

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for ((p = 18080 + RANDOM % 20000; p < 65000; p++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    die "no free port found"
}

now_ns() { date +%s%N; }

# boot_once NAME WAR READY_PATH RUN_NO  -> sets BOOT_S (seconds) and RSS_MIB
boot_once() {
    local name="$1" war="$2" path="$3" run="$4"
    local dir="$WORK/$name-$run"
    mkdir -p "$dir/root" "$dir/tmp" "$dir/data"
    local port; port="$(free_port)"
    local logf="$dir/payara.log"
    local url="http://127.0.0.1:$port$path"

    local -a envs=()
    if [[ "$name" == "mcp-oauth-broker" ]]; then
        envs=(MCPOAUTH_DATA_DIR="$dir/data")      # fresh, empty data dir: a first start
    fi

    local t0 t1 code=""
    t0="$(now_ns)"
    # shellcheck disable=SC2086
    env ${envs[@]+"${envs[@]}"} "$JAVA" $JVM_OPTS $LOOPBACK_OPTS -Djava.io.tmpdir="$dir/tmp" \
        -jar "$PAYARA_JAR" \
        --nocluster --disablephonehome \
        --prebootcommandfile "$PREBOOT" \
        --rootdir "$dir/root" \
        --port "$port" \
        --deploy "$war:/" \
        >"$logf" 2>&1 &
    PID=$!

    local deadline=$((t0 + TIMEOUT * 1000000000))
    while :; do
        code="$(curl -s --noproxy '*' -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)"
        if [[ "$code" == "200" ]]; then
            t1="$(now_ns)"
            break
        fi
        if ! kill -0 "$PID" 2>/dev/null; then
            echo "---- last 40 lines of the $name Payara log ----" >&2
            tail -n 40 "$logf" >&2 || true
            die "$name (run $run) exited before $path answered 200"
        fi
        if (($(now_ns) > deadline)); then
            echo "---- last 40 lines of the $name Payara log ----" >&2
            tail -n 40 "$logf" >&2 || true
            die "$name (run $run) not ready within ${TIMEOUT}s: GET $url last answered '${code:-no response}'"
        fi
        sleep 0.05
    done

    BOOT_S="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"

    # loopback only: refuse to report if any listener of this JVM is reachable from outside
    if command -v ss >/dev/null 2>&1; then
        local addr
        for addr in $(ss -Hltnp 2>/dev/null | awk -v pid="pid=$PID," 'index($0, pid) { print $4 }'); do
            [[ "$addr" =~ ^(127\.[0-9.]+|\[::1\]|\[::ffff:127\.[0-9.]+\]):[0-9]+$ ]] ||
                die "$name listens on a non-loopback address: $addr"
        done
    fi

    sleep "$SETTLE"
    kill -0 "$PID" 2>/dev/null || die "$name (run $run) died after becoming ready"
    local rss_kb
    rss_kb="$(awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status")"
    RSS_MIB="$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')"

    if [[ -z "${PAYARA_VERSION:-}" ]]; then
        PAYARA_VERSION="$(grep -oE 'Payara Micro[^0-9]*[0-9][0-9.]+' "$logf" | head -n 1 | grep -oE '[0-9][0-9.]+$' || true)"
    fi

    stop_payara
    rm -rf "$dir"                                  # data dir, rootdir and tmpdir of this boot
    log "$(printf '%-17s run %d/%d: ready in %6.3f s, RSS %5s MiB (port %s)' "$name" "$run" "$RUNS" "$BOOT_S" "$RSS_MIB" "$port")"
}

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- run -------------------------------------------------------------------------------
if [[ -n "${MCPOAUTH_DB_URL:-}" ]]; then
    log "note: MCPOAUTH_DB_URL is set, so the broker uses that database, not embedded H2"
fi
log "JVM flags: $JVM_OPTS"
log "ready = broker GET /health/ready -> 200, hello-world GET /hello -> 200"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
HELLO_BOOTS="" HELLO_RSS="" BROKER_BOOTS="" BROKER_RSS="" PAYARA_VERSION=""
for ((r = 1; r <= RUNS; r++)); do
    boot_once hello-world "$HELLO_WAR" /hello "$r"
    HELLO_BOOTS+=" $BOOT_S"; HELLO_RSS+=" $RSS_MIB"
    boot_once mcp-oauth-broker "$BROKER_WAR" /health/ready "$r"
    BROKER_BOOTS+=" $BOOT_S"; BROKER_RSS+=" $RSS_MIB"
done

H_BOOT="$(median <<<"$HELLO_BOOTS")";  B_BOOT="$(median <<<"$BROKER_BOOTS")"
H_RSS="$(median <<<"$HELLO_RSS")";     B_RSS="$(median <<<"$BROKER_RSS")"
H_WAR_KIB="$(awk -v b="$(stat -c %s "$HELLO_WAR")" 'BEGIN { printf "%.0f", b / 1024 }')"
B_WAR_KIB="$(awk -v b="$(stat -c %s "$BROKER_WAR")" 'BEGIN { printf "%.0f", b / 1024 }')"
R_BOOT="$(awk -v a="$B_BOOT" -v b="$H_BOOT" 'BEGIN { printf "%.2f", a / b }')"
R_RSS="$(awk -v a="$B_RSS" -v b="$H_RSS" 'BEGIN { printf "%.2f", a / b }')"
R_WAR="$(awk -v a="$B_WAR_KIB" -v b="$H_WAR_KIB" 'BEGIN { printf "%.0f", a / b }')"
JDK="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')"
CORES="$(nproc 2>/dev/null || echo '?')"

echo
echo "MCP OAuth Broker boot benchmark (Payara Micro ${PAYARA_VERSION:-?}, JDK $JDK, $CORES cores, runs=$RUNS, fresh data dir each boot)"
echo "                      boot→ready (s)   RSS (MiB)   WAR (KiB)"
printf '%-20s %15.2f %11.0f %11s\n' "hello-world" "$H_BOOT" "$H_RSS" "$H_WAR_KIB"
printf '%-20s %15.2f %11.0f %11s\n' "mcp-oauth-broker" "$B_BOOT" "$B_RSS" "$B_WAR_KIB"
printf '%-20s %15s %11s %11s\n' "ratio broker/hello" "$R_BOOT" "$R_RSS" "${R_WAR}x"
echo
echo "medians of $RUNS alternating boots each; per-run boot s: hello [${HELLO_BOOTS# }], broker [${BROKER_BOOTS# }]"
echo "boot→ready = java launch until the first 200 from: hello-world GET /hello, broker GET /health/ready"
echo "RSS = VmRSS of the java process ${SETTLE}s after ready; JVM: $JVM_OPTS"
echo "load average before the first boot: $LOAD_BEFORE (other busy processes skew the numbers)"
echo "each boot: new --rootdir, java.io.tmpdir and (broker) MCPOAUTH_DATA_DIR, all deleted afterwards; HTTP on 127.0.0.1 only"
