package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.security.boundary.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An admin checks a saved server the way a first connection would, before anyone connects. */
@Path("api/v1/servers/{id}/validate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "servers", description = "MCP servers and their OAuth overrides (admins)")
public class ServerValidationsResource {

    @Inject
    Validations validations;

    @POST
    @Operation(operationId = "validateServer", summary = "Check discovery, PKCE and the broker's client at the server's authorization server",
            description = "Registers the broker when it has to; touches no user's data. refresh=true discovers anew.")
    @APIResponse(responseCode = "200", description = "Each step, passed or not (valid says whether all passed)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ServerValidation")))
    public JsonObject validate(@PathParam("id") String id, @QueryParam("refresh") boolean refresh) {
        return validations.validate(id, refresh);
    }
}
