package dev.mcpoauth.server.boundary;

import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.boundary.TokenStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** A connection as the API and the event stream show it: status and expiry, never a token. */
@ApplicationScoped
public class ConnectionViews {

    @Inject
    TokenStore tokens;

    public JsonObject of(Connection connection) {
        JsonObjectBuilder json = Json.createObjectBuilder(connection.toJSON());
        tokens.find(connection.id()).ifPresent(stored -> json
                .add("expiresAt", stored.expiresAt().toString())
                .add("refreshable", stored.canRefresh()));
        return json.build();
    }
}
