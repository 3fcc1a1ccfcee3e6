package dev.mcpoauth.token.boundary;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.token.entity.CallbackOutcome;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The code exchange for front ends on another origin, which receive the callback themselves. */
@Path("api/v1/flows/exchange")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "flows", description = "Authorization flows (sign-ins)")
public class CodeExchangeResource {

    @Inject
    Caller caller;

    @Inject
    Callbacks callbacks;

    /** The answer a front end received at its own redirect handler. */
    public static class ExchangeInput {

        @NotBlank
        @Size(max = 4096)
        public String code;

        @NotBlank
        @Size(max = 512)
        public String state;

        @Size(max = 1024)
        public String iss;
    }

    @POST
    @Operation(operationId = "exchangeFlowCode", summary = "Complete one of the caller's sign-ins with the code and state a front end received")
    @APIResponse(responseCode = "200", description = "The sign-in's outcome (connected or not, with why)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "FlowExchange")))
    public JsonObject exchange(@Valid ExchangeInput input) {
        if (input == null) {
            throw new ProblemException(Problem.BAD_REQUEST, "Send code and state as a JSON object.");
        }
        CallbackOutcome outcome = callbacks.exchange(caller.identity(), input.code, input.state, input.iss);
        var json = JsonBuilders.object()
                .add("connected", outcome.connected())
                .add("code", outcome.code())
                .add("message", outcome.message());
        if (outcome.connectionId() != null) {
            json.add("connectionId", outcome.connectionId());
        }
        return json.build();
    }
}
