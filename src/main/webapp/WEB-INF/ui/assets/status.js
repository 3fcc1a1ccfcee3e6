// A connection's status in plain words, the same on every page.

export const STATUS_WORDS = {
    NOT_CONNECTED: "Not connected",
    AUTHORIZING: "Waiting for your sign-in",
    CONNECTED: "Connected",
    REQUIRES_REAUTHORIZATION: "Sign in again needed",
    FAILED: "Failed",
    EXPIRED: "Expired",
};

export const STATUS_BADGES = {
    NOT_CONNECTED: "badge-neutral",
    AUTHORIZING: "badge-info",
    CONNECTED: "badge-ok",
    REQUIRES_REAUTHORIZATION: "badge-warn",
    FAILED: "badge-danger",
    EXPIRED: "badge-warn",
};

export function statusWord(status) {
    return STATUS_WORDS[status] ?? String(status ?? "Not connected");
}
