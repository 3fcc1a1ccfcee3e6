package dev.mcpoauth.server.boundary;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.ServerDeletion;
import dev.mcpoauth.server.entity.ServerValidation;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins define the MCP servers people can connect to. */
@Path("api/v1/servers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "servers", description = "MCP servers and their OAuth overrides (admins)")
public class ServersResource {

    @Inject
    Servers servers;

    @Inject
    Event<ServerValidation> validations;

    @Inject
    Event<ServerDeletion> deletions;

    @Inject
    Caller caller;

    @GET
    @Operation(operationId = "listServers", summary = "List every MCP server")
    @APIResponse(responseCode = "200", description = "Every MCP server",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ServerList")))
    public JsonArray all() {
        var array = JsonBuilders.array();
        servers.all().forEach(server -> array.add(server.toJSON()));
        return array.build();
    }

    @POST
    @Operation(operationId = "createServer", summary = "Define an MCP server")
    @APIResponse(responseCode = "201", description = "Saved; Location is the new server",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Server")),
            headers = @Header(name = "Location", description = "The new server", schema = @Schema(type = SchemaType.STRING)))
    public Response create(@Valid ServerInput input, @Context UriInfo uriInfo,
            @Parameter(description = "Check discovery, PKCE and the client before saving (default true)")
            @QueryParam("validate") @DefaultValue("true") boolean validate) {
        Optional<String> warning = checkBeforeSave(input, null, validate);
        McpServer server = servers.create(required(input));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(server.id()).build())
                .entity(withWarning(server.toJSON(), warning))
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getServer", summary = "Read one MCP server (never its client secret)")
    @APIResponse(responseCode = "200", description = "The server",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Server")))
    public JsonObject find(@PathParam("id") String id) {
        return servers.find(id).toJSON();
    }

    @PUT
    @Path("{id}")
    @Operation(operationId = "updateServer", summary = "Replace an MCP server's definition; an absent client secret keeps the stored one")
    @APIResponse(responseCode = "200", description = "Saved",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Server")))
    public JsonObject update(@PathParam("id") String id, @Valid ServerInput input,
            @Parameter(description = "Check discovery, PKCE and the client before saving (default true)")
            @QueryParam("validate") @DefaultValue("true") boolean validate) {
        Optional<String> warning = checkBeforeSave(input, id, validate);
        return withWarning(servers.update(id, required(input)).toJSON(), warning);
    }

    /** Observers refuse a definition by throwing, or let it pass with a warning. */
    Optional<String> checkBeforeSave(ServerInput input, String serverIdOrNull, boolean validate) {
        if (!validate) {
            return Optional.empty();
        }
        ServerValidation validation = new ServerValidation(servers.preview(required(input)), serverIdOrNull);
        validations.fire(validation);
        return validation.warning();
    }

    static JsonObject withWarning(JsonObject server, Optional<String> warning) {
        return warning.map(text -> JsonBuilders.object(server).add("validationWarning", text).build())
                .orElse(server);
    }

    static ServerInput required(ServerInput input) {
        if (input == null) {
            throw new ProblemException(Problem.BAD_REQUEST, "Send the server as a JSON object.");
        }
        return input;
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteServer", summary = "Delete an MCP server with its connections, revoking each grant first",
            description = "Each connection's tokens are revoked at the authorization server (RFC 7009) and audited;"
                    + " the server is deleted even when that fails, and notRevoked lists the grants that may live on.")
    @APIResponse(responseCode = "200", description = "Deleted, with what became of each connection",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ServerDeletion")))
    public JsonObject delete(@PathParam("id") String id) {
        servers.find(id);
        ServerDeletion deletion = new ServerDeletion(id, caller.name());
        // outside a transaction: each observer's revocation is its own short one
        deletions.fire(deletion);
        servers.delete(id);
        return deletion.toJSON();
    }
}
