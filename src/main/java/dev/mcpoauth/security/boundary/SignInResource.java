package dev.mcpoauth.security.boundary;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.control.BrowserSessions;
import dev.mcpoauth.security.control.FormSignIn;
import dev.mcpoauth.security.control.OidcSignIn;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the sign-in page offers, and sign-out. Signing in itself is the authentication mechanism's work
 * ({@code POST /signin}, {@code /signin/oidc}); see {@link CallerAuthentication}.
 */
@Path("")
@Tag(name = "sign-in", description = "Browser sign-in and sign-out")
public class SignInResource {

    @Inject
    FormSignIn formSignIn;

    @Inject
    OidcSignIn oidc;

    @Inject
    BrowserSessions sessions;

    @Context
    HttpServletRequest request;

    @GET
    @Path("signin/options")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSignInOptions", summary = "How people can sign in with a browser",
            description = "form: the user-name and password form is offered; oidc: the organisation's OpenID provider"
                    + " (with the label its button shows), or null.")
    @APIResponse(responseCode = "200", description = "What the sign-in page offers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SignInOptions")))
    public JsonObject options() {
        return JsonBuilders.object()
                .add("form", formSignIn.isOffered())
                .add("oidc", oidc.isEnabled() ? JsonBuilders.object().add("label", oidc.getLabel()).build()
                        : JsonValue.NULL)
                .build();
    }

    @POST
    @Path("signout")
    @Operation(operationId = "signOut", summary = "End the browser session",
            description = "Needs the session's CSRF token (header X-CSRF-Token, or form field csrf); the session"
                    + " cookie no longer signs anyone in afterwards. Answers 204 also when nobody was signed in.")
    @APIResponse(responseCode = "204", description = "Signed out (also when nobody was signed in)")
    public Response signOut() throws ServletException {
        // no Clear-Site-Data: a forged post from another site, which carries no cookie, would sign the victim out
        sessions.end(request);
        request.logout();
        return Response.noContent().build();
    }
}
