package dev.mcpoauth.mcp.boundary;

import dev.mcpoauth.security.boundary.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/** The MCP server's tools, called with the caller's own token (or their role's shared one). */
@Path("api/v1/connections/{id}/tools")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "tools", description = "MCP tools through a connection")
public class ToolsResource {

    @Inject
    Caller caller;

    @Inject
    McpCalls mcp;

    @GET
    @Operation(operationId = "listTools", summary = "MCP tools/list, one page: {tools, nextCursor?}")
    @APIResponse(responseCode = "200", description = "One page of tools",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ToolsPage")))
    public JsonObject list(@PathParam("id") String connectionId,
            @Parameter(description = "the previous page's nextCursor") @QueryParam("cursor") String cursor) {
        return mcp.tools(caller.identity(), connectionId, cursor);
    }

    @POST
    @Path("{name}")
    @Operation(operationId = "callTool", summary = "MCP tools/call: the body is the tool's arguments object; the answer"
            + " is the call's result, isError: true included")
    @APIResponse(responseCode = "200", description = "The tool's result (isError true for the tool's own failure)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ToolResult")))
    public JsonObject call(@PathParam("id") String connectionId, @PathParam("name") String name, JsonObject arguments) {
        return mcp.callTool(caller.identity(), connectionId, name,
                arguments == null ? JsonValue.EMPTY_JSON_OBJECT : arguments);
    }
}
