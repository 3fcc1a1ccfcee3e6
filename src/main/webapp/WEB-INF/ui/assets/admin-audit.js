// The audit trail: filters, newest first, paged newer / older.

import {api, problemView, withQuery} from "./api.js";
import {byId, stackable, el, fillServerSelect, replace, timeElement} from "./dom.js";

export const EVENT_WORDS = {
    AuthorizationRequired: "Sign-in started",
    AuthorizationCompleted: "Sign-in completed",
    AuthorizationFailed: "Sign-in failed",
    TokenRefreshed: "Access renewed",
    TokenRefreshFailed: "Renewal failed",
    TokenExpiringSoon: "Access expiring soon",
    ReauthorizationRequired: "Sign in again needed",
    CredentialsRevoked: "Disconnected",
    ClientRegistered: "Client registered",
    ClientRegistrationFailed: "Client registration failed",
    McpRequestCompleted: "MCP request",
    ServerCreated: "Server added",
    ServerChanged: "Server changed",
    ServerDeleted: "Server deleted",
    ServerValidated: "Server validated",
    ConnectionRevokedByAdmin: "Disconnected by an admin",
};

const OUTCOMES = {
    SUCCESS: ["Success", "badge-ok"],
    FAILURE: ["Failure", "badge-danger"],
    INFO: ["Information", "badge-neutral"],
};

const SIZE = 25;
let page = 0;
let serverNames = new Map();

export function startAudit() {
    const type = byId("a-type");
    type.replaceChildren(type.options[0], ...Object.entries(EVENT_WORDS).map(([value, word]) =>
        el("option", {value}, `${word} (${value})`)));
    const form = byId("audit-filter");
    form.addEventListener("submit", (event) => {
        event.preventDefault();
        page = 0;
        load();
    });
    form.addEventListener("reset", () => {
        // after the browser has emptied the fields
        setTimeout(() => {
            page = 0;
            load();
        });
    });
    byId("audit-prev").addEventListener("click", () => {
        page = Math.max(0, page - 1);
        load();
    });
    byId("audit-next").addEventListener("click", () => {
        page += 1;
        load();
    });
    load();
    return {
        serversChanged(servers) {
            serverNames = new Map(servers.map((server) => [server.id, server.name]));
            fillServerSelect(byId("a-server"), servers);
            load();
        },
    };
}

/** A datetime-local value is the reader's own time; the API wants an instant. */
function instant(id) {
    const value = byId(id).value;
    if (!value) {
        return undefined;
    }
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

let loading = null;

async function load() {
    const query = {
        user: byId("a-user").value.trim(),
        server: byId("a-server").value,
        connection: byId("a-connection").value.trim(),
        type: byId("a-type").value,
        outcome: byId("a-outcome").value,
        since: instant("a-since"),
        until: instant("a-until"),
        page,
        size: SIZE,
    };
    const mine = withQuery("/api/v1/audit", query);
    loading = mine;
    try {
        const result = await api.get(mine);
        if (loading !== mine) {
            return;
        }
        byId("audit-problem").replaceChildren();
        const items = result.items ?? [];
        replace(byId("audit-body"), items.length ? items.map(row)
            : el("tr", {}, el("td", {colspan: "8", class: "muted"}, "No audit entries match.")));
        stackable(byId("audit-table"));
        const pages = Math.max(1, Math.ceil(result.total / result.size));
        byId("audit-position").textContent =
            `Page ${result.page + 1} of ${pages} · ${result.total} entr${result.total === 1 ? "y" : "ies"}`;
        byId("audit-prev").disabled = result.page === 0;
        byId("audit-next").disabled = !result.hasMore;
    } catch (error) {
        replace(byId("audit-problem"), problemView(error, {retry: load}));
    }
}

function row(entry) {
    const [outcome, badge] = OUTCOMES[entry.outcome] ?? [entry.outcome, "badge-neutral"];
    return el("tr", {dataset: {auditId: String(entry.id), type: entry.type}},
        el("td", {class: "nowrap"}, timeElement(entry.occurredAt, {withRelative: false})),
        el("th", {scope: "row"}, EVENT_WORDS[entry.type] ?? entry.type, el("br"),
            el("code", {class: "small muted"}, entry.type)),
        el("td", {}, el("span", {class: ["badge", badge]}, outcome)),
        el("td", {}, entry.user ?? "—"),
        el("td", {}, entry.actor ?? "—"),
        el("td", {}, entry.serverId ? serverNames.get(entry.serverId) ?? el("code", {class: "small"}, entry.serverId)
            : "—"),
        el("td", {}, entry.connectionId ? el("code", {class: "small"}, entry.connectionId) : "—"),
        el("td", {class: "wrap"}, entry.details ?? ""));
}
