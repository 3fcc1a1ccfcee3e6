// "Try it": list a connected server's tools, pick one, call it with JSON arguments, show what came back.

import {api, problemView} from "./api.js";
import {busy, byId, el, replace} from "./dom.js";

let state = null;

export function tryItServerId() {
    return state?.serverId ?? null;
}

export function openTryIt(server) {
    state = {serverId: server.serverId, connectionId: server.connection.id, name: server.name, tools: new Map(),
        nextCursor: null, selected: null, template: "{}"};
    byId("try-server").textContent = server.name;
    replace(byId("tool-list"));
    byId("tool-list").hidden = true;
    byId("tools-problem").replaceChildren();
    byId("tools-more").hidden = true;
    byId("tool-schema-box").hidden = true;
    byId("selected-tool").textContent = "Pick a tool first.";
    byId("call-tool").disabled = true;
    byId("call-result").hidden = true;
    byId("call-problem").replaceChildren();
    byId("tool-arguments").value = "{}";
    clearArgumentsError();
    const panel = byId("try-it");
    panel.hidden = false;
    panel.scrollIntoView({block: "start"});
    byId("try-title").focus({preventScroll: true});
    loadTools();
}

/** Hides the panel; returnTo puts focus back on the server's Try it button, reason says why it closed. */
export function closeTryIt({reason, returnTo = false} = {}) {
    if (!state) {
        return;
    }
    const serverId = state.serverId;
    state = null;
    byId("try-it").hidden = true;
    for (const card of byId("server-list").children) {
        card.classList.remove("is-selected");
    }
    if (reason) {
        byId("live-status").textContent = reason;
    }
    if (returnTo) {
        const card = byId("server-list").querySelector(`[data-server-id="${CSS.escape(serverId)}"]`);
        (card?.querySelector('[data-action="try"]') ?? byId("main")).focus();
    }
}

async function loadTools() {
    const current = state;
    const status = byId("tools-status");
    status.textContent = current.nextCursor ? "Loading more tools…" : "Loading tools…";
    byId("tools-problem").replaceChildren();
    try {
        const page = await api.get(`/api/v1/connections/${encodeURIComponent(current.connectionId)}/tools`,
            current.nextCursor ? {cursor: current.nextCursor} : undefined);
        if (state !== current) {
            return;
        }
        const tools = Array.isArray(page?.tools) ? page.tools : [];
        for (const tool of tools) {
            addTool(tool);
        }
        current.nextCursor = page?.nextCursor || null;
        byId("tools-more").hidden = !current.nextCursor;
        byId("tool-list").hidden = current.tools.size === 0;
        status.textContent = current.tools.size === 0 ? "This server offers no tools."
            : `${current.tools.size} tool${current.tools.size === 1 ? "" : "s"}${current.nextCursor ? " so far" : ""}.`;
    } catch (error) {
        if (state !== current) {
            return;
        }
        status.textContent = "";
        replace(byId("tools-problem"), problemView(error, {retry: () => loadTools()}));
    }
}

function addTool(tool) {
    if (!tool?.name || state.tools.has(tool.name)) {
        return;
    }
    state.tools.set(tool.name, tool);
    const id = `tool-${state.tools.size}`;
    const input = el("input", {type: "radio", name: "tool", id, value: tool.name,
        onchange: () => select(tool.name)});
    const description = tool.description || tool.title || "";
    byId("tool-list").append(el("li", {},
        el("label", {class: "tool-option", for: id}, input,
            el("span", {}, el("span", {class: "tool-name"}, tool.name),
                description ? el("span", {class: "tool-description"}, description) : null))));
}

function select(name) {
    const tool = state.tools.get(name);
    state.selected = name;
    replace(byId("selected-tool"), "Selected tool: ", el("strong", {class: "tool-name"}, name));
    const schema = tool.inputSchema;
    byId("tool-schema-box").hidden = !schema;
    byId("tool-schema").textContent = schema ? JSON.stringify(schema, null, 2) : "";
    const textarea = byId("tool-arguments");
    // prefill only what the person has not written themselves
    if (textarea.value.trim() === state.template.trim()) {
        state.template = template(schema);
        textarea.value = state.template;
        clearArgumentsError();
    }
    byId("call-tool").disabled = false;
    byId("call-result").hidden = true;
    byId("call-problem").replaceChildren();
}

/** An arguments object with each required property set to an empty value of its type. */
function template(schema) {
    const properties = schema?.properties ?? {};
    const required = Array.isArray(schema?.required) ? schema.required : [];
    const example = {};
    for (const name of required) {
        const type = properties[name]?.type;
        example[name] = type === "number" || type === "integer" ? 0 : type === "boolean" ? false
            : type === "array" ? [] : type === "object" ? {} : "";
    }
    return JSON.stringify(example, null, 2);
}

/** The arguments as an object, or a sentence saying what is wrong with them. */
export function parseArguments(text) {
    const trimmed = text.trim();
    if (!trimmed) {
        return {value: {}};
    }
    let value;
    try {
        value = JSON.parse(trimmed);
    } catch (error) {
        return {error: `The arguments are not valid JSON: ${error.message}. Write an object such as {"name": "value"}.`};
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        const what = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
        return {error: `The arguments must be a JSON object in curly braces, not ${what}. Use {} for none.`};
    }
    return {value};
}

function showArgumentsError(message) {
    const error = byId("arguments-error");
    error.textContent = message;
    error.hidden = false;
    const textarea = byId("tool-arguments");
    textarea.setAttribute("aria-invalid", "true");
    textarea.focus();
}

function clearArgumentsError() {
    const error = byId("arguments-error");
    error.textContent = "";
    error.hidden = true;
    byId("tool-arguments").removeAttribute("aria-invalid");
}

async function call(event) {
    event.preventDefault();
    if (!state?.selected) {
        return;
    }
    const parsed = parseArguments(byId("tool-arguments").value);
    if (parsed.error) {
        showArgumentsError(parsed.error);
        return;
    }
    clearArgumentsError();
    const current = state;
    const button = byId("call-tool");
    byId("call-problem").replaceChildren();
    byId("call-result").hidden = true;
    await busy(button, "Calling…", async () => {
        try {
            const result = await api.post(`/api/v1/connections/${encodeURIComponent(current.connectionId)}/tools/`
                + encodeURIComponent(current.selected), parsed.value);
            if (state !== current) {
                return;
            }
            showResult(result);
        } catch (error) {
            if (state === current) {
                replace(byId("call-problem"), problemView(error, {retry: () => button.click()}));
            }
        }
    });
}

function showResult(result) {
    const failed = result?.isError === true;
    replace(byId("call-outcome"),
        el("span", {class: ["badge", failed ? "badge-danger" : "badge-ok"]}, failed ? "Tool error" : "Success"),
        failed ? " The tool ran and reported an error (isError: true)." : " The tool ran (isError: false).");
    byId("result-json").textContent = JSON.stringify(result, null, 2);
    byId("call-result").hidden = false;
    byId("live-status").textContent = failed ? `${state.selected} reported an error.` : `${state.selected} answered.`;
}

byId("tools-more").addEventListener("click", (event) => busy(event.currentTarget, "Loading…", loadTools));
byId("call-form").addEventListener("submit", call);
byId("tool-arguments").addEventListener("input", () => {
    if (!byId("arguments-error").hidden && !parseArguments(byId("tool-arguments").value).error) {
        clearArgumentsError();
    }
});
