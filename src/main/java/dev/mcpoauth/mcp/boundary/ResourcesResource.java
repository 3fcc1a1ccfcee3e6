package dev.mcpoauth.mcp.boundary;

import dev.mcpoauth.security.boundary.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The MCP server's resources, read with the caller's own token (or their role's shared one). */
@Path("api/v1/connections/{id}/resources")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "resources", description = "MCP resources through a connection")
public class ResourcesResource {

    @Inject
    Caller caller;

    @Inject
    McpCalls mcp;

    @GET
    @Operation(operationId = "listResources", summary = "MCP resources/list, one page: {resources, nextCursor?}")
    @APIResponse(responseCode = "200", description = "One page of resources",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ResourcesPage")))
    public JsonObject list(@PathParam("id") String connectionId,
            @Parameter(description = "the previous page's nextCursor") @QueryParam("cursor") String cursor) {
        return mcp.resources(caller.identity(), connectionId, cursor);
    }

    @GET
    @Path("templates")
    @Operation(operationId = "listResourceTemplates",
            summary = "MCP resources/templates/list, one page: {resourceTemplates, nextCursor?}")
    @APIResponse(responseCode = "200", description = "One page of resource templates",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ResourceTemplatesPage")))
    public JsonObject templates(@PathParam("id") String connectionId,
            @Parameter(description = "the previous page's nextCursor") @QueryParam("cursor") String cursor) {
        return mcp.resourceTemplates(caller.identity(), connectionId, cursor);
    }

    @GET
    @Path("read")
    @Operation(operationId = "readResource", summary = "MCP resources/read: {contents}")
    @APIResponse(responseCode = "200", description = "The resource's contents",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ResourceContents")))
    public JsonObject read(@PathParam("id") String connectionId,
            @Parameter(description = "the resource's URI", required = true) @QueryParam("uri") String uri) {
        return mcp.readResource(caller.identity(), connectionId, uri);
    }
}
