package dev.mcpoauth.security.boundary;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.control.BrowserSessions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@RequestScoped
@Path("api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "me", description = "Who the caller is")
public class CallersResource {

    @Inject
    Caller caller;

    @Inject
    BrowserSessions sessions;

    @Context
    HttpServletRequest request;

    @GET
    @Operation(operationId = "getMe", summary = "The caller's name, key and roles",
            description = "name is for people to read; id is the stable key the broker stores the caller's"
                    + " connections and audit rows under (basic:<user> or jwt:<hash>), the value of ?user= filters;"
                    + " session (only for a browser signed in with the session cookie): the CSRF token its pages send"
                    + " in X-CSRF-Token with every change, when the session ends, and how it signed in.")
    @APIResponse(responseCode = "200", description = "The caller",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Me")))
    public JsonObject me() {
        var me = JsonBuilders.object()
                .add("name", caller.displayName())
                .add("id", caller.name())
                // sorted: the same answer at every start (the README shows it)
                .add("roles", JsonBuilders.array(caller.roles().stream().sorted().toList()));
        sessions.current(request).filter(signedIn -> signedIn.key().equals(caller.name()))
                .ifPresent(signedIn -> me.add("session", JsonBuilders.object()
                        .add("csrfToken", signedIn.csrfToken())
                        .add("expiresAt", signedIn.expiresAt().toString())
                        .add("method", signedIn.method())));
        return me.build();
    }
}
