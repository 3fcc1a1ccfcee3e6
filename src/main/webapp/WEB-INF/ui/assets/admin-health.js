// Health and a few numbers: readiness per check, and counters read from the OpenMetrics text.

import {getText, probe, problemView} from "./api.js";
import {busy, byId, el, replace} from "./dom.js";

const NUMBERS = [
    ["mcpoauth_flows_started_total", "Sign-ins started"],
    ["mcpoauth_flows_completed_total", "Sign-ins completed"],
    ["mcpoauth_flows_failed_total", "Sign-ins failed"],
    ["mcpoauth_refreshes_succeeded_total", "Renewals succeeded"],
    ["mcpoauth_refreshes_failed_total", "Renewals failed"],
    ["mcpoauth_events_subscribers", "Live-update subscribers"],
];

export function startHealth() {
    const button = byId("health-refresh");
    button.addEventListener("click", () => busy(button, "Refreshing…", load));
    load();
}

async function load() {
    byId("health-problem").replaceChildren();
    await Promise.all([readiness(), metrics()]);
}

async function readiness() {
    try {
        const {status, body} = await probe("/health/ready");
        const up = body?.status === "UP";
        replace(byId("health-overall"), el("span", {class: ["badge", up ? "badge-ok" : "badge-danger"]},
            up ? "Ready" : "Not ready"), up ? " The broker is ready." : ` The broker is not ready (HTTP ${status}).`);
        replace(byId("health-checks"), (body?.checks ?? []).map(check));
    } catch (error) {
        byId("health-problem").append(problemView(error, {retry: load}));
    }
}

function check(each) {
    const up = each.status === "UP";
    const data = Object.entries(each.data ?? {});
    return el("li", {class: up ? "step-passed" : "step-failed", dataset: {check: each.name}},
        el("span", {class: "step-mark", "aria-hidden": "true"}, up ? "✓" : "✗"),
        el("div", {},
            el("span", {class: "step-name"}, each.name), ": ", up ? "up" : "down",
            data.length ? el("ul", {class: "check-data small"}, data.map(([name, value]) => el("li", {}, `${name}: ${value}`)))
                : null));
}

async function metrics() {
    try {
        const values = parseOpenMetrics(await getText("/metrics?scope=application"));
        replace(byId("metrics"), NUMBERS.map(([name, label]) => el("div", {dataset: {metric: name}},
            el("dt", {}, label),
            el("dd", {}, values.has(name) ? formatNumber(values.get(name)) : "—"))));
    } catch (error) {
        byId("health-problem").append(problemView(error, {retry: load}));
    }
}

/** Sums each sample name over its labels; comments, and names the page does not show, are skipped. */
export function parseOpenMetrics(text) {
    const values = new Map();
    for (const line of text.split("\n")) {
        const match = /^([A-Za-z_:][\w:]*)(?:\{[^}]*\})?\s+([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|NaN|Inf))/.exec(line);
        if (match) {
            values.set(match[1], (values.get(match[1]) ?? 0) + Number(match[2]));
        }
    }
    return values;
}

function formatNumber(value) {
    return Number.isFinite(value) ? new Intl.NumberFormat().format(value) : String(value);
}
