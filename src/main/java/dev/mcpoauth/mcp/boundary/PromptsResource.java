package dev.mcpoauth.mcp.boundary;

import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The MCP server's prompts, fetched with the caller's own token (or their role's shared one). */
@Path("api/v1/connections/{id}/prompts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "prompts", description = "MCP prompts through a connection")
public class PromptsResource {

    @Inject
    Caller caller;

    @Inject
    McpCalls mcp;

    @GET
    @Operation(operationId = "listPrompts", summary = "MCP prompts/list, one page: {prompts, nextCursor?}")
    @APIResponse(responseCode = "200", description = "One page of prompts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PromptsPage")))
    public JsonObject list(@PathParam("id") String connectionId,
            @Parameter(description = "the previous page's nextCursor") @QueryParam("cursor") String cursor) {
        return mcp.prompts(caller.identity(), connectionId, cursor);
    }

    @POST
    @Path("{name}")
    @Operation(operationId = "getPrompt", summary = "MCP prompts/get: the body is the prompt's arguments, each a"
            + " string; the answer is {description?, messages}")
    @APIResponse(responseCode = "200", description = "The prompt's messages",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PromptResult")))
    public JsonObject get(@PathParam("id") String connectionId, @PathParam("name") String name, JsonObject arguments) {
        return mcp.getPrompt(caller.identity(), connectionId, name, strings(arguments));
    }

    /** MCP prompts/get: arguments are a map of strings. */
    static Map<String, String> strings(JsonObject arguments) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (arguments != null) {
            arguments.forEach((name, value) -> {
                if (!(value instanceof JsonString string)) {
                    throw new ProblemException(Problem.INVALID_INPUT, "Prompt argument " + name + " must be a string.");
                }
                strings.put(name, string.getString());
            });
        }
        return strings;
    }
}
