package dev.mcpoauth.token.boundary;

import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.ConnectionRevokedByAdmin;
import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.entity.RevocationReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A person's connections: list, refresh now, disconnect. Never a token. */
@Path("api/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "connections", description = "The caller's connections to MCP servers")
public class ConnectionsResource {

    @Inject
    Caller caller;

    @Inject
    Connections connections;

    @Inject
    AccessTokens accessTokens;

    @Inject
    Event<BrokerEvent> events;

    @Inject
    Clock clock;

    @Inject
    ConnectionViews views;

    @GET
    @Operation(operationId = "listMyConnections", summary = "The caller's own connections with their status and expiry")
    @APIResponse(responseCode = "200", description = "The caller's connections",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConnectionList")))
    public JsonArray mine() {
        var array = JsonBuilders.array();
        views.ownedBy(caller.name()).forEach(array::add);
        return array.build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getConnection", summary = "One connection the caller may use")
    @APIResponse(responseCode = "200", description = "The connection",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Connection")))
    public JsonObject one(@PathParam("id") String id) {
        return views.visible(id, caller.identity());
    }

    @POST
    @Path("{id}/refresh")
    @Operation(operationId = "refreshConnection", summary = "Refresh the connection's access token now")
    @APIResponse(responseCode = "200", description = "Refreshed: the connection with its new expiry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Connection")))
    public JsonObject refresh(@PathParam("id") String id) {
        accessTokens.refreshNow(connections.visible(id, caller.identity()), caller.name());
        return views.visible(id, caller.identity());
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "disconnectConnection", summary = "Disconnect: revoke the tokens at the authorization server and delete them")
    @APIResponse(responseCode = "200", description = "Disconnected: what the authorization server was told",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Disconnection")))
    public JsonObject disconnect(@PathParam("id") String id) {
        Identity identity = caller.identity();
        Connection connection = connections.visible(id, identity);
        RevocationReport report = accessTokens.revoke(connection, caller.name());
        if (!connection.mayBeUsedBy(identity)) {
            // only an admin sees a connection they may not use: their action on someone else's, audited as such
            events.fire(new ConnectionRevokedByAdmin(connection.eventSubject(clock.instant(), identity.name()),
                    report.revokedAtServer()));
        }
        return JsonBuilders.object(report.toJSON())
                .add("connectionId", id)
                .build();
    }

}
