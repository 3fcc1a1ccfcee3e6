package dev.mcpoauth.token.boundary;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.web.entity.InputErrors;
import dev.mcpoauth.web.entity.Paging;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Every user's connections, for admins. Revoking one is the ordinary
 * {@code DELETE /api/v1/connections/{id}}, which admins may call on any connection.
 */
@Path("api/v1/admin/connections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "admin", description = "Every user's connections (admins)")
public class AdminConnectionsResource {

    @Inject
    Connections connections;

    @Inject
    ConnectionViews views;

    @GET
    @Operation(operationId = "listAllConnections", summary = "Every connection of every user and role, newest first",
            description = "Filter by user or server; revoke one with DELETE /api/v1/connections/{id}.")
    @APIResponse(responseCode = "200", description = "One page of connections",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConnectionPage")))
    public JsonObject all(@QueryParam("user") String user, @QueryParam("server") String server,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        InputErrors errors = new InputErrors();
        Optional<String> owner = Optional.ofNullable(errors.text("user", user, 200));
        Optional<String> serverId = Optional.ofNullable(errors.text("server", server, 36));
        Paging paging = Paging.of(page, size, errors);
        errors.throwIfAny();
        var items = JsonBuilders.array();
        connections.all(owner, serverId, paging).forEach(connection -> items.add(views.of(connection)));
        return paging.toJSON(items.build(), connections.count(owner, serverId));
    }
}
