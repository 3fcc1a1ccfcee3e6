package dev.mcpoauth.server.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A server about to be deleted, fired synchronously before it goes: observers end what its
 * connections hold elsewhere (the grants at the authorization server) and record each result
 * here, so that the answer names every grant that may outlive the server.
 */
public class ServerDeletion {

    /** What ending one connection's grant did; {@code report} is shown as it is. */
    public record Revoked(String connectionId, String ownerUser, String sharedRole, JsonObject report,
            boolean grantMayLive) {

        JsonObject toJSON() {
            JsonObjectBuilder json = JsonBuilders.object(report).add("connectionId", connectionId);
            if (ownerUser != null) {
                json.add("ownerUser", ownerUser);
            }
            if (sharedRole != null) {
                json.add("sharedRole", sharedRole);
            }
            return json.build();
        }
    }

    final String serverId;
    final String actor;
    final List<Revoked> connections = new ArrayList<>();

    public ServerDeletion(String serverId, String actor) {
        this.serverId = serverId;
        this.actor = actor;
    }

    public String serverId() {
        return serverId;
    }

    /** Whoever deletes the server, for the audit of each revocation. */
    public String actor() {
        return actor;
    }

    public void revoked(Connection connection, JsonObject report, boolean grantMayLive) {
        connections.add(new Revoked(connection.id(), connection.ownerUser().orElse(null),
                connection.sharedRole().orElse(null), report, grantMayLive));
    }

    public List<Revoked> connections() {
        return List.copyOf(connections);
    }

    /** The connections whose grant the authorization server did not confirm ended. */
    public List<String> notRevoked() {
        return connections.stream().filter(Revoked::grantMayLive).map(Revoked::connectionId).toList();
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
        JsonArrayBuilder each = JsonBuilders.array();
        connections.forEach(revoked -> each.add(revoked.toJSON()));
        JsonArrayBuilder notRevoked = JsonBuilders.array();
        notRevoked().forEach(notRevoked::add);
        return JsonBuilders.object()
                .add("serverId", serverId)
                .add("deleted", true)
                .add("detail", detail())
                .add("connections", each)
                .add("notRevoked", notRevoked)
                .build();
    }
}
