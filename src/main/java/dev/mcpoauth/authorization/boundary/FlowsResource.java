package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

/** A caller's sign-ins and their status; the code exchange is {@code token}'s. */
@Path("api/v1/flows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "flows", description = "Authorization flows (sign-ins)")
public class FlowsResource {

    @Inject
    Caller caller;

    @Inject
    FlowStore flows;

    @Inject
    Clock clock;

    @GET
    @Path("{flowId}")
    @Operation(operationId = "getFlow", summary = "The status of one of the caller's sign-ins: pending, completed, failed or expired")
    @APIResponse(responseCode = "200", description = "The sign-in's status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Flow")))
    public JsonObject status(@PathParam("flowId") String flowId) {
        return flows.find(flowId)
                .filter(flow -> flow.isOwnedBy(caller.name()))
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND, "There is no sign-in " + flowId + " of yours."))
                .toJSON(clock.instant());
    }
}
