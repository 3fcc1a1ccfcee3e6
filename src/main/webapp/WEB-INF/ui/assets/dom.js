// Builds elements from data with textContent only: nothing from the network is ever parsed as HTML.

/**
 * el("button", {class: "primary", type: "button", onclick: fn, dataset: {id: "x"}}, "Save")
 * Attributes starting with "on" become listeners; true sets a boolean attribute, false/null/undefined leave it out.
 */
export function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name.startsWith("on") && typeof value === "function") {
            element.addEventListener(name.slice(2), value);
        } else if (name === "dataset") {
            Object.assign(element.dataset, value);
        } else if (name === "class") {
            element.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
        } else if (value === true) {
            element.setAttribute(name, "");
        } else {
            element.setAttribute(name, String(value));
        }
    }
    append(element, children);
    return element;
}

/** Appends strings (as text), nodes and arrays of them; skips null, undefined and false. */
export function append(parent, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return parent;
}

/** Replaces everything inside parent. */
export function replace(parent, ...children) {
    parent.replaceChildren();
    return append(parent, children);
}

export function byId(id) {
    const element = document.getElementById(id);
    if (!element) {
        throw new Error(`the page has no element #${id}`);
    }
    return element;
}

/** A polite live region that screen readers read out; the same text twice is still announced. */
export function announcer(region) {
    return (text) => {
        region.textContent = "";
        // a new text node after a tick, so that a repeated message is announced again
        setTimeout(() => {
            region.textContent = text;
        }, 50);
    };
}

const dateTime = new Intl.DateTimeFormat(undefined, {dateStyle: "medium", timeStyle: "short"});
const relative = new Intl.RelativeTimeFormat(undefined, {numeric: "auto"});
const UNITS = [["year", 31_536_000], ["month", 2_592_000], ["week", 604_800], ["day", 86_400], ["hour", 3600],
    ["minute", 60], ["second", 1]];

/** "2 Dec 2026, 17:05" in the reader's own locale and time zone; "" for nothing. */
export function localTime(iso) {
    if (!iso) {
        return "";
    }
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : dateTime.format(date);
}

/** "in 3 hours", "5 minutes ago". */
export function fromNow(iso, now = Date.now()) {
    const date = new Date(iso);
    if (!iso || Number.isNaN(date.getTime())) {
        return "";
    }
    const seconds = Math.round((date.getTime() - now) / 1000);
    for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size || unit === "second") {
            return relative.format(Math.round(seconds / size), unit);
        }
    }
    return "";
}

/** A <time> element with the local time, the relative time after it, and the exact instant as its datetime. */
export function timeElement(iso, {withRelative = true} = {}) {
    if (!iso) {
        return el("span", {class: "muted"}, "—");
    }
    const text = withRelative ? `${localTime(iso)} (${fromNow(iso)})` : localTime(iso);
    return el("time", {datetime: iso, title: iso, dataset: withRelative ? {relative: "1"} : {}}, text);
}

/** Brings every relative time under root up to date, touching text only. */
export function refreshTimes(root) {
    for (const time of root.querySelectorAll("time[data-relative]")) {
        const iso = time.getAttribute("datetime");
        time.textContent = `${localTime(iso)} (${fromNow(iso)})`;
    }
}

/** A button that says what it does while it works, and cannot be pressed twice meanwhile. */
export async function busy(button, workingText, work) {
    const label = button.textContent;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    if (workingText) {
        button.textContent = workingText;
    }
    try {
        return await work();
    } finally {
        if (button.isConnected) {
            button.disabled = false;
            button.removeAttribute("aria-busy");
            button.textContent = label;
        }
    }
}

/**
 * Asks before something that cannot be undone, in a modal <dialog> (keyboard: Tab between the buttons, Escape
 * cancels). Resolves true when confirmed. Focus starts on Cancel and goes back where it was.
 */
export function confirmAction({title, message, confirmLabel, details = []}) {
    return new Promise((resolve) => {
        const returnFocus = document.activeElement;
        const titleId = `confirm-title-${Date.now()}`;
        const cancel = el("button", {type: "button", autofocus: true}, "Cancel");
        const confirm = el("button", {type: "button", class: "danger", dataset: {testid: "confirm"}}, confirmLabel);
        const dialog = el("dialog", {class: "confirm-dialog", "aria-labelledby": titleId},
            el("h2", {id: titleId}, title),
            el("p", {}, message),
            details.length ? el("ul", {}, details.map((line) => el("li", {}, line))) : null,
            el("div", {class: "actions"}, cancel, confirm));
        const finish = (answer) => {
            dialog.close();
            dialog.remove();
            if (returnFocus?.isConnected) {
                returnFocus.focus();
            }
            resolve(answer);
        };
        cancel.addEventListener("click", () => finish(false));
        confirm.addEventListener("click", () => finish(true));
        dialog.addEventListener("cancel", (event) => {
            event.preventDefault();
            finish(false);
        });
        document.body.append(dialog);
        dialog.showModal();
        cancel.focus();
    });
}

/** Lists the servers in a filter's select after its first ("every server") option, keeping the choice. */
export function fillServerSelect(select, servers) {
    const chosen = select.value;
    const first = select.options[0];
    select.replaceChildren(first, ...servers.map((server) => el("option", {value: server.id}, server.name)));
    select.value = servers.some((server) => server.id === chosen) ? chosen : "";
}

/**
 * Lets a table stack into one block per row on a phone (see .stack in app.css): each cell gets its column's name
 * to show, and explicit table roles, because a table laid out as blocks loses them in some browsers.
 */
export function stackable(table) {
    table.setAttribute("role", "table");
    const names = [...table.tHead.rows[0].cells].map((cell) => cell.textContent.trim());
    for (const group of [table.tHead, ...table.tBodies]) {
        group.setAttribute("role", "rowgroup");
    }
    for (const row of table.rows) {
        row.setAttribute("role", "row");
        [...row.cells].forEach((cell, index) => {
            const header = cell.tagName === "TH";
            cell.setAttribute("role", header ? (cell.scope === "row" ? "rowheader" : "columnheader") : "cell");
            if (!header || cell.scope === "row") {
                cell.dataset.label = cell.colSpan > 1 ? "" : names[index] ?? "";
                // one box for the value, so that the stacked cell is two columns: name, value
                if (!cell.firstElementChild?.classList.contains("cell-value")) {
                    cell.append(el("div", {class: "cell-value"}, [...cell.childNodes]));
                }
            }
        });
    }
}
