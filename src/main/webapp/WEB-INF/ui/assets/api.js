// The one way the pages talk to the broker: same-origin cookie, CSRF token on every change, problems as errors.

import {el} from "./dom.js";

const CSRF_INVALID = ":csrf-token-invalid";

/** An RFC 9457 problem (or a failure that never reached the broker) in a form the pages can show. */
export class ApiError extends Error {
    constructor(problem) {
        super(problem.detail || problem.title);
        this.problem = problem;
    }

    get status() {
        return this.problem.status;
    }

    get retryable() {
        return this.problem.retryable === true;
    }

    is(typeSuffix) {
        return typeof this.problem.type === "string" && this.problem.type.endsWith(typeSuffix);
    }
}

let me = null;
/** Set once sign-out has begun: a request that meets the ended session then must not send the reader elsewhere. */
let signingOut = false;

/** Sends the browser to the sign-in page, to come back here afterwards. */
export function goToSignIn() {
    if (signingOut) {
        return;
    }
    const here = location.pathname + location.search + location.hash;
    location.assign(`/signin?return=${encodeURIComponent(here)}`);
}

/** The signed-in person: {name, id, roles, session?: {csrfToken, expiresAt, method}}. */
export async function currentUser({reload = false} = {}) {
    if (!me || reload) {
        me = await request("GET", "/api/v1/me");
    }
    return me;
}

export function isAdmin(user) {
    return Array.isArray(user?.roles) && user.roles.includes("mcp-admin");
}

export const api = {
    get: (path, query) => request("GET", withQuery(path, query)),
    post: (path, body = {}, query) => request("POST", withQuery(path, query), body),
    put: (path, body, query) => request("PUT", withQuery(path, query), body),
    // no body: Payara refuses a DELETE that carries one (400); the content type alone satisfies the broker
    delete: (path) => request("DELETE", path, undefined),
};

/** A plain-text resource such as /metrics. */
export async function getText(path) {
    const response = await send(path, {headers: {Accept: "text/plain"}});
    if (!response.ok) {
        throw await problemOf(response);
    }
    return response.text();
}

/** A JSON document whatever its status, for answers such as /health/ready that say DOWN with 503. */
export async function probe(path) {
    const response = await send(path, {headers: {Accept: "application/json"}});
    let body = null;
    try {
        body = await response.json();
    } catch {
        body = null;
    }
    return {ok: response.ok, status: response.status, body};
}

/** Ends the session, then shows the sign-in page saying so. */
export async function signOut(secondTry = false) {
    const token = (await sessionForChanges())?.csrfToken;
    signingOut = true;
    let response;
    try {
        response = await send("/signout", {method: "POST", headers: token ? {"X-CSRF-Token": token} : {}});
    } catch (error) {
        signingOut = false;
        throw error;
    }
    if (response.status === 403 && !secondTry) {
        me = null;
        signingOut = false;
        return signOut(true);
    }
    if (!response.ok && response.status !== 401) {
        signingOut = false;
        throw await problemOf(response);
    }
    me = null;
    location.assign("/signin?signedOut=1");
}

export function withQuery(path, query) {
    if (!query) {
        return path;
    }
    const parameters = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
        if (value !== undefined && value !== null && value !== "") {
            parameters.set(name, String(value));
        }
    }
    const text = parameters.toString();
    return text ? `${path}?${text}` : path;
}

async function request(method, path, body, secondTry = false) {
    const headers = {Accept: "application/json"};
    const options = {method, headers};
    if (method !== "GET") {
        headers["Content-Type"] = "application/json";
        if (method !== "DELETE") {
            options.body = JSON.stringify(body ?? {});
        }
        const token = (await sessionForChanges())?.csrfToken;
        if (token) {
            headers["X-CSRF-Token"] = token;
        }
    }
    const response = await send(path, options);
    if (response.status === 401) {
        goToSignIn();
        // the page is going away; nothing after this should show an error meanwhile
        return new Promise(() => {});
    }
    if (!response.ok) {
        const error = await problemOf(response);
        // the token changes when the person signs in again in another tab: read it anew, once
        if (error.is(CSRF_INVALID) && !secondTry) {
            me = null;
            return request(method, path, body, true);
        }
        throw error;
    }
    if (response.status === 204) {
        return null;
    }
    const text = await response.text();
    return text ? JSON.parse(text) : null;
}

async function sessionForChanges() {
    if (!me) {
        me = await request("GET", "/api/v1/me");
    }
    return me.session;
}

async function send(path, options = {}) {
    try {
        return await fetch(path, {credentials: "same-origin", cache: "no-store", redirect: "follow", ...options});
    } catch (cause) {
        throw new ApiError({
            title: "The broker cannot be reached",
            detail: "Check your network connection, then try again.",
            status: 0,
            retryable: true,
        });
    }
}

async function problemOf(response) {
    let problem = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
        try {
            problem = await response.json();
        } catch {
            problem = null;
        }
    }
    if (!problem || typeof problem !== "object") {
        problem = {
            title: response.status >= 500 ? "The broker had a problem" : "The request was refused",
            detail: `The broker answered with HTTP status ${response.status}.`,
            retryable: response.status >= 500 || response.status === 429,
        };
    }
    problem.status ??= response.status;
    return new ApiError(problem);
}

/** Any failure as an ApiError, so that every page shows errors one way. */
export function asApiError(error) {
    if (error instanceof ApiError) {
        return error;
    }
    console.error(error);
    return new ApiError({title: "Something went wrong on this page", detail: String(error?.message ?? error),
        retryable: false});
}

/**
 * An alert for a problem: its title and detail, each invalid field, the reference to quote, a Retry button
 * when the broker says the same request may succeed later, and the sign-in link when a new consent is needed.
 */
export function problemView(error, {retry, onDismiss, fieldLabel = (field) => field} = {}) {
    const problem = asApiError(error).problem;
    const box = el("div", {class: "alert alert-error", role: "alert", dataset: {testid: "problem"}},
        el("strong", {class: "alert-title"}, problem.title || "Something went wrong"));
    if (problem.detail) {
        box.append(el("p", {}, problem.detail));
    }
    if (Array.isArray(problem.errors) && problem.errors.length) {
        box.append(el("ul", {}, problem.errors.map((each) =>
            el("li", {}, each.field ? `${fieldLabel(each.field)}: ${each.message}` : String(each.message ?? each)))));
    }
    if (problem.requiresReauthorization && !isWebLink(problem.authorizationUrl)) {
        box.append(el("p", {}, "Only signing in again helps: use Reconnect for this server on My connections."));
    }
    if (problem.correlationId) {
        box.append(el("p", {class: "small"}, "Reference to quote: ", el("code", {}, problem.correlationId)));
    }
    const actions = el("div", {class: "actions"});
    if (isWebLink(problem.authorizationUrl)) {
        actions.append(el("a", {class: "button primary", href: problem.authorizationUrl, target: "_blank",
            rel: "noopener"}, "Sign in to grant access (opens a new window)"));
    }
    if (problem.retryable && retry) {
        actions.append(el("button", {type: "button", class: "primary", onclick: () => retry()}, "Retry"));
    }
    if (onDismiss) {
        actions.append(el("button", {type: "button", onclick: () => onDismiss()}, "Dismiss"));
    }
    if (actions.childElementCount) {
        box.append(actions);
    }
    return box;
}

/** Only http(s) links and same-origin paths become hrefs. */
export function isWebLink(value) {
    if (typeof value !== "string" || !value) {
        return false;
    }
    try {
        return ["http:", "https:"].includes(new URL(value, location.origin).protocol);
    } catch {
        return false;
    }
}
