package dev.mcpoauth.token.boundary;

import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ServerGrant;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Connecting without a browser, for a server whose grant needs none: a service connection
 * (client credentials, workload identity) at once rather than at its first use, or a person's
 * connection with their identity assertion (enterprise-managed authorization, MCP SEP-990).
 */
@Path("api/v1/connections/{serverId}/grant")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "connections", description = "The caller's connections to MCP servers")
public class GrantsResource {

    @Inject
    Caller caller;

    @Inject
    Connections connections;

    @Inject
    AccessTokens accessTokens;

    @Inject
    ConnectionViews views;

    @POST
    @Operation(operationId = "grantConnection", summary = "Connect without a browser: a service connection, or"
            + " an enterprise-managed one with the caller's identity assertion")
    @APIResponse(responseCode = "200", description = "Connected: the connection",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Connection")))
    public JsonObject grant(@PathParam("serverId") String serverId, @Valid GrantInput input) {
        Identity identity = caller.identity();
        Connection connection = connections.forUse(serverId, identity);
        try {
            ServerGrant grant = connection.server().grant();
            if (grant == ServerGrant.AUTHORIZATION_CODE) {
                throw new ProblemException(Problem.CONFLICT, "Connections to " + connection.server().name()
                        + " are made by signing in in a browser: POST /api/v1/connections/" + serverId + "/authorize.");
            }
            String assertion = input == null ? null : input.identityAssertion;
            if (grant == ServerGrant.ENTERPRISE_MANAGED && assertion == null) {
                throw new ProblemException(Problem.INVALID_INPUT, "Connecting to " + connection.server().name()
                        + " needs identityAssertion: your ID token from your organisation's identity provider.");
            }
            accessTokens.obtainNow(connection, assertion, identity.name());
        } catch (RuntimeException e) {
            connections.discardIfNew(connection);
            throw e;
        }
        return views.of(connections.usable(connection.id(), identity));
    }
}
