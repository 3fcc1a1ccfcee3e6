// The sign-in page: which ways to sign in the broker offers, the way back afterwards, and why we are here.

import {byId, el, replace} from "./dom.js";

const MESSAGES = {
    invalid: ["The username or password is not right.", "Check both and try again."],
    throttled: ["Too many failed attempts.", "Wait a few minutes, then try again."],
    "oidc-failed": ["Signing in with your organisation did not work.",
        "Try again. If it keeps failing, ask your administrator."],
    expired: ["Your session has expired.", "Sign in again to continue."],
    csrf: ["Your page was out of date, so nothing was changed.", "Sign in again, then repeat what you were doing."],
};

const query = new URLSearchParams(location.search);
const returnTo = safeReturn(query.get("return"));

/** Only a path on this site: never another origin, whatever the link says. */
function safeReturn(value) {
    if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
        return "/";
    }
    return value;
}

function showNotice() {
    const notice = byId("notice");
    const error = query.get("error");
    if (error) {
        const [title, advice] = MESSAGES[error] ?? ["Signing in did not work.", "Try again."];
        replace(notice, el("div", {class: "alert alert-error", role: "alert", dataset: {testid: "signin-error"}},
            el("strong", {class: "alert-title"}, title), el("p", {}, advice)));
        byId("username").setAttribute("aria-describedby", "notice");
    } else if (query.get("signedOut") === "1") {
        replace(notice, el("div", {class: "alert alert-ok", role: "status", dataset: {testid: "signed-out"}},
            el("strong", {class: "alert-title"}, "You are signed out."),
            el("p", {}, "Sign in again whenever you need to.")));
    }
}

async function showOptions() {
    let options = {form: true, oidc: null};
    try {
        const response = await fetch("/signin/options", {credentials: "same-origin", cache: "no-store",
            headers: {Accept: "application/json"}});
        if (response.ok) {
            options = await response.json();
        }
    } catch {
        // the form stays: it works without the options
    }
    const form = byId("signin-form");
    form.hidden = options.form === false;
    if (options.oidc) {
        const link = byId("oidc-link");
        link.href = `/signin/oidc?return=${encodeURIComponent(returnTo)}`;
        link.textContent = options.oidc.label || "Sign in with your organisation";
        byId("oidc").hidden = false;
    }
    byId("divider").hidden = !(options.oidc && options.form !== false);
    byId("no-method").hidden = Boolean(options.oidc) || options.form !== false;
    if (!form.hidden) {
        byId("username").focus();
    }
}

byId("return").value = returnTo;
showNotice();
showOptions();
