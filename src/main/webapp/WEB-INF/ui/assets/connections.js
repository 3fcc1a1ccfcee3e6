// My connections: every server the person may use, its connection's state kept live from the event stream.

import {api, asApiError, isAdmin, problemView} from "./api.js";
import {announcer, busy, byId, confirmAction, el, refreshTimes, replace, timeElement} from "./dom.js";
import {startHeader} from "./header.js";
import {STATUS_BADGES, statusWord} from "./status.js";
import {closeTryIt, openTryIt, tryItServerId} from "./tryit.js";

/** Live events after which a connection may look different; McpRequestCompleted (every tool call) is not one. */
const CHANGING_EVENTS = ["AuthorizationRequired", "AuthorizationCompleted", "AuthorizationFailed", "TokenRefreshed",
    "TokenRefreshFailed", "TokenExpiringSoon", "ReauthorizationRequired", "CredentialsRevoked", "ClientRegistered",
    "ClientRegistrationFailed"];

const servers = new Map();
/** What the person last did to a server (the disconnect summary, a failure), kept across re-renders. */
const notices = new Map();
let user = null;
let announce = () => {};

export function statusOf(server) {
    return server.connection?.status ?? "NOT_CONNECTED";
}

async function load({quiet = false} = {}) {
    const where = byId("page-problem");
    try {
        const list = await api.get("/api/v1/me/servers");
        where.replaceChildren();
        const before = new Map([...servers].map(([id, server]) => [id, statusOf(server)]));
        servers.clear();
        for (const server of list) {
            servers.set(server.serverId, server);
        }
        renderList();
        if (quiet) {
            return;
        }
        for (const [id, server] of servers) {
            const was = before.get(id);
            if (was !== undefined && was !== statusOf(server)) {
                announce(`${server.name}: ${statusWord(statusOf(server))}.`);
            }
        }
    } catch (error) {
        replace(where, problemView(error, {retry: () => load()}));
    } finally {
        byId("servers-loading").hidden = true;
    }
}

function renderList() {
    const list = byId("server-list");
    list.hidden = servers.size === 0;
    byId("servers-empty").hidden = servers.size !== 0;
    const existing = new Map([...list.children].map((card) => [card.dataset.serverId, card]));
    let previous = null;
    for (const [id, server] of servers) {
        let card = existing.get(id);
        if (!card) {
            card = el("li", {class: "server-card", dataset: {serverId: id}});
        }
        existing.delete(id);
        renderCard(card, server);
        // keep the order the broker gives without moving a card that holds focus needlessly
        const expectedPlace = previous ? previous.nextSibling : list.firstChild;
        if (expectedPlace !== card) {
            list.insertBefore(card, expectedPlace);
        }
        previous = card;
    }
    existing.forEach((card) => card.remove());
    const open = tryItServerId();
    if (open && statusOf(servers.get(open) ?? {}) !== "CONNECTED") {
        closeTryIt({reason: "This connection is no longer connected."});
    }
}

function renderCard(card, server) {
    const hadFocus = card.contains(document.activeElement);
    const focusedAction = hadFocus ? document.activeElement.dataset.action : null;
    const status = statusOf(server);
    const connection = server.connection;
    const headingId = `server-${server.serverId}-name`;
    card.dataset.status = status;
    if (connection?.id) {
        card.dataset.connectionId = connection.id;
    } else {
        delete card.dataset.connectionId;
    }
    card.classList.toggle("is-selected", tryItServerId() === server.serverId);

    const facts = el("dl", {class: "facts"},
        el("dt", {}, "Status"),
        el("dd", {}, el("span", {class: ["badge", STATUS_BADGES[status] ?? "badge-neutral"], dataset: {testid: "status"}},
            statusWord(status))));
    if (connection?.expiresAt) {
        const past = new Date(connection.expiresAt).getTime() <= Date.now();
        facts.append(el("dt", {}, past ? "Access ended" : "Access until"), el("dd", {dataset: {testid: "expiry"}},
            timeElement(connection.expiresAt),
            connection.refreshable ? el("span", {class: "small muted"}, " · renews by itself") : null));
    }
    if (connection && status !== "NOT_CONNECTED") {
        facts.append(el("dt", {}, "Granted scopes"), el("dd", {dataset: {testid: "scopes"}}, scopesView(connection)));
    }
    if (server.connectionMode === "SHARED") {
        facts.append(el("dt", {}, "Shared"), el("dd", {}, `With everyone in the role ${server.sharedRole ?? "?"}`));
    }

    const messages = [];
    if (connection?.statusDetail && status !== "CONNECTED") {
        messages.push(el("p", {class: "card-message", dataset: {testid: "status-detail"}}, connection.statusDetail));
    }
    if (connection?.needsSignInAtExpiry && connection.expiryNotice && status === "CONNECTED") {
        messages.push(el("p", {class: "card-message muted"}, connection.expiryNotice));
    }
    if (status === "AUTHORIZING") {
        messages.push(el("p", {class: "card-message"},
            "Finish signing in in the window that opened. This page updates by itself."));
    }
    const notice = notices.get(server.serverId);

    replace(card,
        el("h2", {id: headingId, tabindex: "-1"}, server.name),
        el("p", {class: "server-url"}, server.url),
        facts,
        messages,
        notice ? notice : null,
        el("div", {class: "actions"}, actionButtons(server, status, headingId)));

    if (hadFocus) {
        // the same button if it is still there (Connect becomes Disconnect), else the server's name
        const again = (focusedAction && card.querySelector(`[data-action="${focusedAction}"]`)) ?? card.querySelector("h2");
        again.focus();
    }
}

function scopesView(connection) {
    const scopes = (connection.grantedScopes ?? "").split(/\s+/).filter(Boolean);
    if (!scopes.length) {
        return el("span", {class: "muted"}, "None listed");
    }
    return scopes.flatMap((scope, index) => [index ? " " : null, el("code", {}, scope)]);
}

function actionButtons(server, status, headingId) {
    const mayManage = server.connectionMode !== "SHARED" || isAdmin(user);
    const button = (action, label, handler, className) => el("button", {
        type: "button", class: className, "aria-describedby": headingId, dataset: {action},
        onclick: (event) => handler(server, event.currentTarget),
    }, label);
    const buttons = [];
    if (status === "CONNECTED") {
        buttons.push(button("try", "Try it", tryIt, "primary"));
        if (server.connection?.refreshable) {
            buttons.push(button("refresh", "Refresh now", refresh));
        }
    }
    if (mayManage) {
        if (status === "NOT_CONNECTED" || status === "AUTHORIZING") {
            buttons.push(button("connect", "Connect", connect, status === "NOT_CONNECTED" ? "primary" : undefined));
        } else {
            buttons.push(button("reconnect", "Reconnect", connect,
                status === "CONNECTED" ? undefined : "primary"));
        }
        if (server.connection?.id && status !== "NOT_CONNECTED") {
            buttons.push(button("disconnect", "Disconnect", disconnect, "danger"));
        }
    } else if (status !== "CONNECTED") {
        buttons.push(el("p", {class: "small muted"}, "An administrator connects this shared server."));
    }
    return buttons;
}

function setNotice(server, notice) {
    if (notice) {
        notices.set(server.serverId, notice);
    } else {
        notices.delete(server.serverId);
    }
}

function problemNotice(server, error, retry) {
    setNotice(server, problemView(error, {
        retry,
        onDismiss: () => {
            setNotice(server, null);
            rerender(server.serverId);
        },
    }));
    rerender(server.serverId);
}

function okNotice(server, text) {
    setNotice(server, el("div", {class: "alert alert-ok", role: "status"}, el("p", {}, text)));
    rerender(server.serverId);
}

/** Retry presses the card's button as it is now: the one that failed was replaced when the card re-rendered. */
function pressAgain(server, action) {
    const card = byId("server-list").querySelector(`[data-server-id="${CSS.escape(server.serverId)}"]`);
    const names = action === "connect" ? ["connect", "reconnect"] : [action];
    names.map((name) => card?.querySelector(`[data-action="${name}"]`)).find(Boolean)?.click();
}

function rerender(serverId) {
    const card = byId("server-list").querySelector(`[data-server-id="${CSS.escape(serverId)}"]`);
    const server = servers.get(serverId);
    if (card && server) {
        renderCard(card, server);
    }
}

async function connect(server, button) {
    setNotice(server, null);
    await busy(button, "Opening…", async () => {
        try {
            // no returnUrl: the broker's callback page says "you can close this window" and this page updates
            const flow = await api.post(`/api/v1/connections/${encodeURIComponent(server.serverId)}/authorize`, {});
            const opened = window.open(flow.authorizationUrl, "_blank");
            if (opened) {
                opened.opener = null;
                announce(`${server.name}: sign in in the new window.`);
            } else {
                setNotice(server, el("div", {class: "alert alert-info", role: "status"},
                    el("p", {}, "Your browser blocked the new window. "),
                    el("a", {href: flow.authorizationUrl, target: "_blank", rel: "noopener"},
                        `Open the sign-in page for ${server.name}`)));
            }
            const current = servers.get(server.serverId) ?? server;
            current.connection = {...(current.connection ?? {}), id: flow.connectionId, serverId: server.serverId,
                status: "AUTHORIZING"};
            rerender(server.serverId);
        } catch (error) {
            problemNotice(server, error, () => pressAgain(server, "connect"));
        }
    });
}

async function disconnect(server, button) {
    const confirmed = await confirmAction({
        title: `Disconnect ${server.name}?`,
        message: "The broker asks the authorization server to revoke its tokens, then forgets them. "
            + "You can connect again later.",
        confirmLabel: "Yes, disconnect",
    });
    if (!confirmed) {
        return;
    }
    await busy(button, "Disconnecting…", async () => {
        try {
            const report = await api.delete(`/api/v1/connections/${encodeURIComponent(server.connection.id)}`);
            okNotice(server, `Disconnected. ${report?.revocationDetail ?? ""}`.trim());
            announce(`${server.name}: disconnected.`);
            await load({quiet: true});
        } catch (error) {
            problemNotice(server, error, () => pressAgain(server, "disconnect"));
        }
    });
}

async function refresh(server, button) {
    setNotice(server, null);
    await busy(button, "Refreshing…", async () => {
        try {
            const view = await api.post(`/api/v1/connections/${encodeURIComponent(server.connection.id)}/refresh`);
            (servers.get(server.serverId) ?? server).connection = view;
            okNotice(server, "The access token was renewed.");
            announce(`${server.name}: access renewed.`);
        } catch (error) {
            problemNotice(server, error, () => pressAgain(server, "refresh"));
        }
    });
}

function tryIt(server) {
    for (const card of byId("server-list").children) {
        card.classList.toggle("is-selected", card.dataset.serverId === server.serverId);
    }
    openTryIt(server);
}

/** Re-reads on every event that may change a connection; several events in a row cause one reading. */
let reloadTimer = null;

function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => load(), 250);
}

function listen() {
    const indicator = byId("live-indicator");
    const source = new EventSource("/api/v1/events");
    source.addEventListener("open", () => {
        indicator.textContent = "Live updates are on.";
    });
    source.addEventListener("connection-state", (event) => {
        const connection = parse(event.data);
        // an admin's stream carries everyone's connections; a card shows the person's own (or their role's)
        const mine = connection && (connection.sharedRole !== undefined || connection.ownerUser === user?.id);
        const server = mine && servers.get(connection.serverId);
        if (server) {
            const was = statusOf(server);
            server.connection = connection;
            rerender(server.serverId);
            if (was !== statusOf(server)) {
                announce(`${server.name}: ${statusWord(statusOf(server))}.`);
            }
        }
    });
    for (const type of CHANGING_EVENTS) {
        source.addEventListener(type, reloadSoon);
    }
    source.addEventListener("replay-truncated", reloadSoon);
    source.addEventListener("error", () => {
        if (source.readyState === EventSource.CLOSED) {
            // refused (signed out, or too many streams): an API call finds out which and signs in again on 401
            indicator.textContent = "Live updates are off. This page tries again in a moment.";
            setTimeout(async () => {
                await load({quiet: true});
                listen();
            }, 15000);
        } else {
            indicator.textContent = "Live updates are reconnecting…";
        }
    });
}

function parse(text) {
    try {
        return JSON.parse(text);
    } catch {
        return null;
    }
}

async function start() {
    announce = announcer(byId("live-status"));
    try {
        user = await startHeader();
    } catch (error) {
        byId("servers-loading").hidden = true;
        replace(byId("page-problem"), problemView(asApiError(error), {retry: () => location.reload()}));
        return;
    }
    byId("try-close").addEventListener("click", () => closeTryIt({returnTo: true}));
    await load({quiet: true});
    listen();
    // back from the sign-in window: read again, in case an event was missed while the stream reconnected
    document.addEventListener("visibilitychange", () => {
        if (!document.hidden) {
            reloadSoon();
        }
    });
    // relative times ("in 5 minutes") stay true without re-rendering anything that may hold focus
    setInterval(() => refreshTimes(document), 30000);
}

start();
