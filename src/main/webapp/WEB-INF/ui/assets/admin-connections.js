// Every person's connections, paged, with Revoke.

import {api, problemView, withQuery} from "./api.js";
import {busy, byId, stackable, confirmAction, el, fillServerSelect, replace, timeElement} from "./dom.js";
import {STATUS_BADGES, STATUS_WORDS} from "./status.js";

const SIZE = 20;
let page = 0;
let announce = () => {};

export function startConnections(options) {
    announce = options.announce;
    byId("connections-filter").addEventListener("submit", (event) => {
        event.preventDefault();
        page = 0;
        load();
    });
    byId("connections-prev").addEventListener("click", () => {
        page = Math.max(0, page - 1);
        load();
    });
    byId("connections-next").addEventListener("click", () => {
        page += 1;
        load();
    });
    load();
    return {
        serversChanged(servers) {
            fillServerSelect(byId("c-server"), servers);
            load();
        },
    };
}

let loading = null;

async function load() {
    const query = {user: byId("c-user").value.trim(), server: byId("c-server").value, page, size: SIZE};
    const mine = withQuery("/api/v1/admin/connections", query);
    loading = mine;
    try {
        const result = await api.get(mine);
        if (loading !== mine) {
            return;
        }
        byId("connections-problem").replaceChildren();
        const items = result.items ?? [];
        replace(byId("connections-body"), items.length ? items.map(row)
            : el("tr", {}, el("td", {colspan: "7", class: "muted"}, "No connections match.")));
        stackable(byId("connections-table"));
        pager(result);
    } catch (error) {
        replace(byId("connections-problem"), problemView(error, {retry: load}));
    }
}

function pager(result) {
    const pages = Math.max(1, Math.ceil(result.total / result.size));
    byId("connections-position").textContent =
        `Page ${result.page + 1} of ${pages} · ${result.total} connection${result.total === 1 ? "" : "s"}`;
    byId("connections-prev").disabled = result.page === 0;
    byId("connections-next").disabled = !result.hasMore;
}

function row(connection) {
    const whoId = `connection-row-${connection.id}`;
    const who = connection.ownerUser ?? ["Role ", el("code", {}, connection.sharedRole ?? "?")];
    const status = connection.status;
    return el("tr", {dataset: {connectionId: connection.id}},
        el("th", {scope: "row", id: whoId}, who),
        el("td", {class: "wrap"}, connection.serverName ?? connection.serverId),
        el("td", {}, el("span", {class: ["badge", STATUS_BADGES[status] ?? "badge-neutral"], dataset: {testid: "status"}},
            STATUS_WORDS[status] ?? status)),
        el("td", {}, timeElement(connection.expiresAt)),
        el("td", {class: "wrap"}, status !== "NOT_CONNECTED" && connection.grantedScopes
            ? connection.grantedScopes : el("span", {class: "muted"}, "—")),
        el("td", {}, timeElement(connection.updatedAt, {withRelative: false})),
        el("td", {}, el("button", {type: "button", class: "danger", "aria-describedby": whoId,
            onclick: (event) => revoke(connection, event.currentTarget)}, "Revoke")));
}

async function revoke(connection, button) {
    const whose = connection.ownerUser ?? `the role ${connection.sharedRole}`;
    const confirmed = await confirmAction({
        title: `Revoke the connection of ${whose} to ${connection.serverName}?`,
        message: "The broker asks the authorization server to revoke the tokens, then deletes the connection. "
            + "They have to connect again.",
        confirmLabel: "Yes, revoke",
    });
    if (!confirmed) {
        return;
    }
    await busy(button, "Revoking…", async () => {
        try {
            const report = await api.delete(`/api/v1/connections/${encodeURIComponent(connection.id)}`);
            replace(byId("connections-report"), el("div", {class: "alert alert-ok", role: "status"},
                el("strong", {class: "alert-title"}, `Revoked the connection of ${whose} to ${connection.serverName}.`),
                el("p", {}, report?.revocationDetail ?? "")));
            announce(`Revoked the connection of ${whose}.`);
            await load();
        } catch (error) {
            replace(byId("connections-problem"), problemView(error, {retry: () => revoke(connection, button)}));
        }
    });
}
