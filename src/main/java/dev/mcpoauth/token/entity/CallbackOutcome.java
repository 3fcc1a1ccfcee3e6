package dev.mcpoauth.token.entity;

import dev.mcpoauth.authorization.entity.PendingAuthorization;
import java.util.Optional;

/**
 * How a sign-in ended, for the browser: a plain message, and where to go next when the flow
 * named an allowed return URL. A refused callback that matched no flow has no connection.
 */
public record CallbackOutcome(boolean connected, String code, String message, String flowId, String connectionId,
        String returnUrl) {

    public static CallbackOutcome connected(PendingAuthorization flow) {
        return connected(flow, null);
    }

    /** @param notice what the person should know about the new connection, or null */
    public static CallbackOutcome connected(PendingAuthorization flow, String notice) {
        return new CallbackOutcome(true, "connected", "You are connected to " + flow.connection().server().name() + "."
                + (notice == null ? "" : " " + notice), flow.id(), flow.connection().id(),
                flow.returnUrl().orElse(null));
    }

    public static CallbackOutcome refused(String code, String message) {
        return new CallbackOutcome(false, code, message, null, null, null);
    }

    public static CallbackOutcome failed(String code, String message, PendingAuthorization flow) {
        return new CallbackOutcome(false, code, message, flow.id(), flow.connection().id(),
                flow.returnUrl().orElse(null));
    }

    public Optional<String> returnTo() {
        return Optional.ofNullable(returnUrl);
    }
}
