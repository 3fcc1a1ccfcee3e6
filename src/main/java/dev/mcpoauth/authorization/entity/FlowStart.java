package dev.mcpoauth.authorization.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Instant;

/**
 * A flow ready for the browser. The authorization URL is the broker's own start link, which only
 * the flow's owner can open; it carries no state or secret.
 */
public record FlowStart(String flowId, String connectionId, URI authorizationUrl, Instant expiresAt) {

    public JsonObject toJSON() {
        return JsonBuilders.object()
                .add("flowId", flowId)
                .add("connectionId", connectionId)
                .add("authorizationUrl", authorizationUrl.toString())
                .add("expiresAt", expiresAt.toString())
                .build();
    }
}
