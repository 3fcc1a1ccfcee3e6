// Servers: the list, the form with every OAuth override, Validate with its steps, Delete with what was revoked.

import {api, problemView} from "./api.js";
import {busy, byId, stackable, confirmAction, el, replace, timeElement} from "./dom.js";

const TEXT_FIELDS = ["name", "url", "sharedRole", "issuer", "scopes", "clientId"];
/** Bean Validation names a cross-field rule by its method; the person fixes it in this field. */
const RULE_FIELDS = {
    sharedRoleGivenWhenShared: "sharedRole",
    clientIdGivenWithClientDetails: "clientId",
    issuerGivenWithClientId: "issuer",
    scopesLeftOutWhenNoScopeIsSent: "scopes",
};
const STEP_NAMES = {discovery: "Discovery", pkce: "PKCE (S256)", client: "The broker's client"};
const STEP_OUTCOMES = {
    PASSED: ["✓", "Passed"],
    FAILED: ["✗", "Failed"],
    SKIPPED: ["–", "Skipped"],
};

let servers = [];
let editing = null;
let announce = () => {};
let onChange = () => {};

export function startServers(options) {
    announce = options.announce;
    onChange = options.onChange;
    byId("server-add").addEventListener("click", () => openForm(null));
    byId("server-cancel").addEventListener("click", closeForm);
    byId("server-form").addEventListener("submit", save);
    byId("f-connectionMode").addEventListener("change", showSharedRole);
    load();
}

async function load() {
    const body = byId("servers-body");
    try {
        servers = await api.get("/api/v1/servers");
        byId("servers-problem").replaceChildren();
        replace(body, servers.length ? servers.map(row)
            : el("tr", {}, el("td", {colspan: "6", class: "muted"}, "No servers yet. Add the first one.")));
        stackable(byId("servers-table"));
        onChange(servers);
    } catch (error) {
        replace(byId("servers-problem"), problemView(error, {retry: load}));
    }
}

function row(server) {
    const nameId = `server-row-${server.id}`;
    const action = (label, handler, className) => el("button", {type: "button", class: className,
        "aria-describedby": nameId, onclick: (event) => handler(server, event.currentTarget)}, label);
    return el("tr", {dataset: {serverId: server.id}},
        el("th", {scope: "row", id: nameId}, server.name),
        el("td", {class: "wrap"}, el("code", {}, server.url)),
        el("td", {}, server.connectionMode === "SHARED" ? ["Shared with ", el("code", {}, server.sharedRole)]
            : "Each person"),
        el("td", {class: "wrap"}, clientView(server)),
        el("td", {class: "wrap", dataset: {testid: "configuration"}}, configurationView(server)),
        el("td", {}, el("div", {class: "actions"},
            action("Edit", (chosen) => openForm(chosen)),
            action("Validate", validate),
            action("Delete", remove, "danger"))));
}

function clientView(server) {
    if (server.authMode === "NONE") {
        return el("span", {class: "muted"}, "No sign-in");
    }
    if (!server.clientId) {
        return "The broker registers itself";
    }
    return [el("code", {}, server.clientId), " ",
        server.clientSecretConfigured ? el("span", {class: "badge badge-ok"}, "secret configured") : null];
}

function configurationView(server) {
    if (server.configurationProblem) {
        return [el("span", {class: "badge badge-danger"}, "Problem"), " ", server.configurationProblem.message,
            el("span", {class: "small muted"}, " (", timeElement(server.configurationProblem.at, {withRelative: false}),
                ")")];
    }
    return el("span", {class: "badge badge-neutral"}, "No known problem");
}

/* --- the form --- */

function openForm(server) {
    editing = server;
    const form = byId("server-form");
    form.reset();
    clearErrors();
    byId("server-form-title").textContent = server ? `Edit ${server.name}` : "Add a server";
    for (const name of TEXT_FIELDS) {
        byId(`f-${name}`).value = server?.[name] ?? "";
    }
    byId("f-authMode").value = server?.authMode ?? "OAUTH2";
    byId("f-connectionMode").value = server?.connectionMode ?? "PER_USER";
    byId("f-pkcePolicy").value = server?.pkcePolicy ?? "REQUIRE_ADVERTISED";
    byId("f-metadataTtlSeconds").value = server?.metadataTtlSeconds ?? "";
    byId("f-sendScope").checked = server?.sendScope ?? true;
    byId("f-sendResource").checked = server?.sendResource ?? true;
    byId("f-clientSecret").value = "";
    byId("f-clientAuthMethod").value = server?.clientAuthMethod ?? "";
    byId("f-secret-badge").hidden = !server?.clientSecretConfigured;
    byId("f-clientSecret-hint").textContent = server?.clientSecretConfigured
        ? "A secret is stored and never shown. Leave empty to keep it; a new client ID without a secret clears it."
        : "Never shown again once saved.";
    byId("f-validate").checked = true;
    showSharedRole();
    form.hidden = false;
    byId("server-form-title").focus();
    form.scrollIntoView({block: "start"});
}

function closeForm() {
    byId("server-form").hidden = true;
    const from = editing ? byId("servers-body").querySelector(`[data-server-id="${CSS.escape(editing.id)}"] button`)
        : byId("server-add");
    editing = null;
    (from ?? byId("servers-title")).focus();
}

function showSharedRole() {
    const shared = byId("f-connectionMode").value === "SHARED";
    byId("f-sharedRole").closest(".field").hidden = !shared;
    byId("f-sharedRole").required = shared;
}

function input() {
    const value = (name) => byId(`f-${name}`).value.trim();
    const optional = (name) => value(name) || undefined;
    const shared = byId("f-connectionMode").value === "SHARED";
    const ttl = value("metadataTtlSeconds");
    return {
        name: value("name"),
        url: value("url"),
        authMode: byId("f-authMode").value,
        connectionMode: byId("f-connectionMode").value,
        sharedRole: shared ? optional("sharedRole") : undefined,
        issuer: optional("issuer"),
        scopes: optional("scopes"),
        sendScope: byId("f-sendScope").checked,
        sendResource: byId("f-sendResource").checked,
        pkcePolicy: byId("f-pkcePolicy").value,
        metadataTtlSeconds: ttl ? Number(ttl) : undefined,
        clientId: optional("clientId"),
        // empty: keep the stored secret (PUT without clientSecret)
        clientSecret: byId("f-clientSecret").value || undefined,
        clientAuthMethod: optional("clientAuthMethod"),
    };
}

/** What the browser can tell before sending: the broker checks everything again. */
function checkLocally(server) {
    const errors = [];
    if (!server.name) {
        errors.push({field: "name", message: "Give the server a name."});
    }
    if (!/^https?:\/\/\S+$/.test(server.url)) {
        errors.push({field: "url", message: "Enter an absolute http(s) URL."});
    }
    if (server.issuer && !/^https?:\/\/\S+$/.test(server.issuer)) {
        errors.push({field: "issuer", message: "Enter an absolute http(s) URL, or leave it empty."});
    }
    if (server.connectionMode === "SHARED" && !server.sharedRole) {
        errors.push({field: "sharedRole", message: "A shared connection needs the role it is shared with."});
    }
    const ttl = server.metadataTtlSeconds;
    if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 60 && ttl <= 31_536_000)) {
        errors.push({field: "metadataTtlSeconds", message: "Enter whole seconds from 60 to 31536000."});
    }
    if (!server.sendScope && server.scopes) {
        errors.push({field: "scopes", message: "Leave the scopes empty when no scope parameter is sent."});
    }
    return errors;
}

function clearErrors() {
    byId("server-form-problem").replaceChildren();
    for (const error of byId("server-form").querySelectorAll(".field-error")) {
        error.hidden = true;
        error.textContent = "";
    }
    for (const invalid of byId("server-form").querySelectorAll("[aria-invalid]")) {
        invalid.removeAttribute("aria-invalid");
    }
}

function showFieldErrors(errors) {
    let first = null;
    for (const {field, message} of errors) {
        const name = RULE_FIELDS[field] ?? field;
        const control = document.getElementById(`f-${name}`);
        const slot = document.getElementById(`f-${name}-error`);
        if (control && slot) {
            control.setAttribute("aria-invalid", "true");
            slot.textContent = message;
            slot.hidden = false;
            first ??= control;
        }
    }
    return first;
}

/** The label a person sees for a field the broker names. */
function fieldLabel(field) {
    const label = document.querySelector(`label[for="f-${RULE_FIELDS[field] ?? field}"]`);
    return label ? label.firstChild.textContent.trim() : field;
}

async function save(event) {
    event.preventDefault();
    clearErrors();
    const server = input();
    const local = checkLocally(server);
    if (local.length) {
        showFieldErrors(local).focus();
        return;
    }
    const query = byId("f-validate").checked ? undefined : {validate: "false"};
    await busy(byId("server-save"), "Saving…", async () => {
        try {
            const saved = editing
                ? await api.put(`/api/v1/servers/${encodeURIComponent(editing.id)}`, server, query)
                : await api.post("/api/v1/servers", server, query);
            byId("server-form").hidden = true;
            editing = null;
            showSaved(saved);
            await load();
        } catch (error) {
            const problem = error.problem ?? {};
            const first = Array.isArray(problem.errors) ? showFieldErrors(problem.errors) : null;
            const box = problemView(error, {retry: () => byId("server-save").click(), fieldLabel});
            replace(byId("server-form-problem"), box);
            (first ?? byId("server-form-title")).focus();
        }
    });
}

function showSaved(saved) {
    const report = byId("server-report");
    const parts = [el("strong", {class: "alert-title"}, `Saved ${saved.name}.`)];
    if (saved.validationWarning) {
        parts.push(el("p", {}, saved.validationWarning));
    }
    if (saved.configurationProblem) {
        parts.push(el("p", {}, `Known problem: ${saved.configurationProblem.message}`));
    }
    const warn = saved.validationWarning || saved.configurationProblem;
    replace(report, el("div", {class: ["alert", warn ? "alert-warn" : "alert-ok"], role: "status",
        dataset: {testid: "server-saved"}}, parts));
    announce(`Saved ${saved.name}.`);
    report.focus();
}

/* --- validate and delete --- */

async function validate(server, button) {
    await busy(button, "Validating…", async () => {
        try {
            const result = await api.post(`/api/v1/servers/${encodeURIComponent(server.id)}/validate`);
            showValidation(result);
            await load();
        } catch (error) {
            replace(byId("server-report"), problemView(error, {retry: () => validate(server, button)}));
        }
    });
}

function showValidation(result) {
    const report = byId("server-report");
    const facts = [];
    if (result.issuer) {
        facts.push(el("p", {class: "small"}, "Authorization server: ", el("code", {}, result.issuer)));
    }
    if (result.resource) {
        facts.push(el("p", {class: "small"}, "Resource: ", el("code", {}, result.resource)));
    }
    replace(report, el("div", {class: ["alert", result.valid ? "alert-ok" : "alert-error"], role: "status",
        dataset: {testid: "validation-report"}},
    el("strong", {class: "alert-title"},
        result.valid ? `${result.name}: every check passed.` : `${result.name}: a check failed.`),
    facts,
    el("ol", {class: "steps", "aria-label": "Validation steps"}, (result.steps ?? []).map(step)),
    el("div", {class: "actions"},
        el("button", {type: "button", onclick: () => report.replaceChildren()}, "Dismiss"))));
    announce(result.valid ? `${result.name} is valid.` : `${result.name} failed validation.`);
    report.focus();
}

function step(each) {
    const [mark, word] = STEP_OUTCOMES[each.outcome] ?? ["?", each.outcome];
    return el("li", {class: `step-${String(each.outcome).toLowerCase()}`, dataset: {step: each.step,
        outcome: each.outcome}},
    el("span", {class: "step-mark", "aria-hidden": "true"}, mark),
    el("div", {},
        el("span", {class: "step-name"}, STEP_NAMES[each.step] ?? each.step), ": ",
        el("span", {}, word), el("br"),
        el("span", {}, each.message)));
}

async function remove(server, button) {
    const confirmed = await confirmAction({
        title: `Delete ${server.name}?`,
        message: "Every connection to this server is revoked at its authorization server and deleted. "
            + "People have to be given the server again to use it.",
        confirmLabel: "Yes, delete",
    });
    if (!confirmed) {
        return;
    }
    await busy(button, "Deleting…", async () => {
        try {
            const result = await api.delete(`/api/v1/servers/${encodeURIComponent(server.id)}`);
            showDeletion(server, result);
            await load();
        } catch (error) {
            replace(byId("server-report"), problemView(error, {retry: () => remove(server, button)}));
        }
    });
}

function showDeletion(server, result) {
    const report = byId("server-report");
    const notRevoked = new Set(result.notRevoked ?? []);
    const connections = result.connections ?? [];
    replace(report, el("div", {class: ["alert", notRevoked.size ? "alert-warn" : "alert-ok"], role: "status",
        dataset: {testid: "deletion-report"}},
    el("strong", {class: "alert-title"}, `Deleted ${server.name}.`),
    el("p", {}, result.detail ?? ""),
    connections.length ? el("ul", {}, connections.map((each) => el("li", {},
        each.ownerUser ?? `role ${each.sharedRole ?? "?"}`, ": ",
        notRevoked.has(each.connectionId) ? "may stay valid until it expires. " : "ended. ",
        each.revocationDetail ?? ""))) : null,
    el("div", {class: "actions"},
        el("button", {type: "button", onclick: () => report.replaceChildren()}, "Dismiss"))));
    announce(`Deleted ${server.name}.`);
    report.focus();
}
