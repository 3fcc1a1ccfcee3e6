// Administration: only for mcp-admin; everything else on this page goes through the API modules below.

import {asApiError, isAdmin, problemView} from "./api.js";
import {announcer, byId, replace} from "./dom.js";
import {startHeader} from "./header.js";
import {startServers} from "./admin-servers.js";
import {startConnections} from "./admin-connections.js";
import {startAudit} from "./admin-audit.js";
import {startHealth} from "./admin-health.js";

async function start() {
    let user;
    try {
        user = await startHeader();
    } catch (error) {
        byId("admin-loading").hidden = true;
        replace(byId("page-problem"), problemView(asApiError(error), {retry: () => location.reload()}));
        return;
    }
    byId("admin-loading").hidden = true;
    if (!isAdmin(user)) {
        byId("not-admin").hidden = false;
        return;
    }
    byId("admin-content").hidden = false;
    const announce = announcer(byId("live-status"));
    const connections = startConnections({announce});
    const audit = startAudit();
    startServers({
        announce,
        // a server's name shows in the other tables, and deleting one removes its connections
        onChange: (servers) => {
            connections.serversChanged(servers);
            audit.serversChanged(servers);
        },
    });
    startHealth();
}

start();
