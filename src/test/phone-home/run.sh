#!/bin/sh
# Boots the packaged broker once in a network namespace that has only loopback, with the cloud
# metadata address 169.254.169.254 added to lo and a listener on its port 80, and counts the
# connections that listener got. Payara Micro's Hazelcast probes
# http://169.254.169.254/latest/meta-data at every boot unless the JVM has
# -Dhazelcast.phone.home.enabled=false (--nocluster, --nohazelcast and --disablephonehome do not
# stop it), so this proves that a start with the given JVM options sends no such packet.
#
# Needs target/mcp-oauth-broker.war and target/payara-micro.jar (`mvn package`), Node.js (the
# listener and the readiness check), and root with unshare and ip (iproute2).
# Environment: PROBE_JAVA (default: java on the PATH), PROBE_JVM_OPTS (the JVM options of the
# start under test; default: those of the pom's payara.jvm), NODE_BINARY (default: node).
# Output: target/phone-home/ (broker.log, hits.log). Exit status: 0 when no connection came,
# 1 when one did (or the broker did not start), 77 when it cannot run here (not root, no unshare).
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/../../.." && pwd)
cd "$root"
out=target/phone-home
node=${NODE_BINARY:-node}

fail() {
    echo "phone-home: $*" >&2
    exit 1
}

if [ "${PROBE_INSIDE:-}" != 1 ]; then
    [ -f target/mcp-oauth-broker.war ] || fail "target/mcp-oauth-broker.war is missing: run mvn package first"
    [ -f target/payara-micro.jar ] || fail "target/payara-micro.jar is missing: run mvn package first"
    if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1 \
            || ! unshare -n true 2>/dev/null; then
        echo "phone-home: needs root with unshare and ip (iproute2) for a loopback-only network namespace" >&2
        exit 77
    fi
    export PROBE_INSIDE=1
    exec unshare -n sh -c 'ip link set lo up && ip addr add 169.254.169.254/32 dev lo && exec sh "$0"' \
        "$root/src/test/phone-home/run.sh"
fi

# --- inside: the listener, then one broker boot ---
rm -rf "$out"
mkdir -p "$out/tmp" "$out/data"
: > "$out/hits.log"
"$node" -e '
const fs = require("fs");
require("http").createServer((request, response) => {
    fs.appendFileSync(process.argv[1], `${new Date().toISOString()} ${request.method} ${request.url} ${request.headers["user-agent"] ?? ""}\n`);
    response.writeHead(404).end();
}).listen(80, "169.254.169.254", () => console.log("listening"));
' "$out/hits.log" > "$out/listener.log" 2>&1 &
listener_pid=$!
broker_pid=
stop() {
    [ -z "$broker_pid" ] || { kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null || true; }
    kill "$listener_pid" 2>/dev/null && wait "$listener_pid" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM
until grep -q listening "$out/listener.log" 2>/dev/null; do
    kill -0 "$listener_pid" 2>/dev/null || fail "the listener on 169.254.169.254:80 did not start: $(cat "$out/listener.log")"
    sleep 0.2
done

port=$("$node" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
jvm_opts=${PROBE_JVM_OPTS:-$(sed -n 's:.*<payara.jvm>\(.*\)</payara.jvm>.*:\1:p' pom.xml | head -n 1)}
echo "phone-home: JVM options: $jvm_opts"
unset MCPOAUTH_DB_URL MCPOAUTH_DB_USER MCPOAUTH_DB_PASSWORD MCPOAUTH_DB_DATASOURCE_CLASS 2>/dev/null || true
# shellcheck disable=SC2086
MCPOAUTH_DATA_DIR="$root/$out/data" "${PROBE_JAVA:-java}" $jvm_opts -Djava.io.tmpdir="$root/$out/tmp" \
    -jar target/payara-micro.jar --deploy target/mcp-oauth-broker.war:/ --port "$port" \
    --nocluster --disablephonehome --prebootcommandfile payara-config/loopback.asadmin \
    > "$out/broker.log" 2>&1 &
broker_pid=$!

waited=0
until "$node" -e 'fetch(process.argv[1]).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' \
        "http://127.0.0.1:$port/health/ready"; do
    kill -0 "$broker_pid" 2>/dev/null || { tail -n 40 "$out/broker.log" >&2; fail "the broker stopped while starting"; }
    waited=$((waited + 1))
    [ "$waited" -lt 240 ] || { tail -n 40 "$out/broker.log" >&2; fail "the broker was not ready after 240 s"; }
    sleep 1
done
echo "phone-home: broker ready at $(date -u +%H:%M:%S) after $waited readiness checks"
stop
trap - EXIT

hits=$(wc -l < "$out/hits.log" | tr -d ' ')
echo "phone-home: $hits connection(s) to 169.254.169.254:80"
[ "$hits" = 0 ] || { cat "$out/hits.log"; exit 1; }
