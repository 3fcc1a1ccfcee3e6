package dev.mcpoauth.token.entity;

import dev.mcpoauth.server.entity.Connection;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/** What deleting a server did to each of its connections' grants. */
public record ServerDeletion(String serverId, List<Revoked> connections) {

    /** One connection's revocation, with whose it was. */
    public record Revoked(String connectionId, String ownerUser, String sharedRole, RevocationReport report) {

        public Revoked(Connection connection, RevocationReport report) {
            this(connection.id(), connection.ownerUser().orElse(null), connection.sharedRole().orElse(null), report);
        }

        JsonObject toJSON() {
            JsonObjectBuilder json = Json.createObjectBuilder(report.toJSON()).add("connectionId", connectionId);
            if (ownerUser != null) {
                json.add("ownerUser", ownerUser);
            }
            if (sharedRole != null) {
                json.add("sharedRole", sharedRole);
            }
            return json.build();
        }
    }

    public ServerDeletion {
        connections = List.copyOf(connections);
    }

    /** The connections whose grant the authorization server did not confirm ended. */
    public List<String> notRevoked() {
        return connections.stream().filter(revoked -> revoked.report().grantMayLive()).map(Revoked::connectionId)
                .toList();
    }

    public String detail() {
        List<String> notRevoked = notRevoked();
        if (notRevoked.isEmpty()) {
            return "The server was deleted; every grant it held was ended at its authorization server ("
                    + connections.size() + " connection" + (connections.size() == 1 ? "" : "s") + ").";
        }
        return "The server was deleted, but " + notRevoked.size() + " of " + connections.size()
                + " grants could not be revoked at the authorization server and may stay valid until they expire:"
                + " see notRevoked.";
    }

    public JsonObject toJSON() {
        JsonArrayBuilder each = Json.createArrayBuilder();
        connections.forEach(revoked -> each.add(revoked.toJSON()));
        JsonArrayBuilder notRevoked = Json.createArrayBuilder();
        notRevoked().forEach(notRevoked::add);
        return Json.createObjectBuilder()
                .add("serverId", serverId)
                .add("deleted", true)
                .add("detail", detail())
                .add("connections", each)
                .add("notRevoked", notRevoked)
                .build();
    }
}
