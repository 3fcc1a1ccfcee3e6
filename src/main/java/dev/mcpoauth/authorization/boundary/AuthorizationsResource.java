package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Connecting: a flow for the caller's connection to a server, and the link to open in their browser. */
@Path("api/v1/connections/{serverId}/authorize")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "connections", description = "The caller's connections to MCP servers")
public class AuthorizationsResource {

    @Inject
    Caller caller;

    @Inject
    Connections connections;

    @Inject
    Authorizations authorizations;

    @POST
    @Operation(operationId = "authorizeConnection", summary = "Start connecting to an MCP server: returns the link to open in the caller's browser")
    @APIResponse(responseCode = "200", description = "A sign-in started: open authorizationUrl in the caller's browser",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "FlowStart")))
    public JsonObject authorize(@PathParam("serverId") String serverId, @Valid AuthorizeInput input) {
        Identity identity = caller.identity();
        Connection connection = connections.forUse(serverId, identity);
        Optional<AuthorizeInput> details = Optional.ofNullable(input);
        try {
            return authorizations.start(connection, identity,
                    details.map(given -> given.scope).filter(scope -> !scope.isBlank()),
                    details.map(given -> given.returnUrl).filter(url -> !url.isBlank())).toJSON();
        } catch (RuntimeException e) {
            connections.discardIfNew(connection);
            throw e;
        }
    }
}
