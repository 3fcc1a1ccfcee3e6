package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.authorization.control.FlowCookie;
import dev.mcpoauth.authorization.entity.BrowserRedirect;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.web.entity.Page;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The start link of a sign-in (owner only): binds the flow to this browser with a cookie and
 * redirects to the authorization server. It answers people with a page or a redirect, never JSON.
 */
@Path("oauth/start")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "oauth", description = "Browser and authorization-server facing endpoints")
public class StartLinkResource {

    @Inject
    Authorizations authorizations;

    @Inject
    Caller caller;

    @Inject
    FlowCookie cookies;

    @GET
    @Path("{flowId}")
    @Operation(operationId = "startSignIn", summary = "Open a sign-in (the flow's owner only): binds this browser and redirects to the authorization server")
    @APIResponse(responseCode = "303", description = "To the authorization server (or to /signin first, for a browser nobody is signed in with)",
            headers = @Header(name = "Location", description = "Where the browser goes next", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "default", description = "A page saying why this sign-in cannot start (not found, finished or expired), with that problem's status",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(ref = "HtmlPage")))
    public Response start(@PathParam("flowId") String flowId) {
        try {
            BrowserRedirect redirect = authorizations.open(flowId, caller.identity());
            return Response.seeOther(redirect.location())
                    .cookie(cookies.set(redirect.cookieName(), redirect.cookieValue(), redirect.cookieLifetime()))
                    .header("Cache-Control", "no-store")
                    .header("Referrer-Policy", "no-referrer")
                    .build();
        } catch (ProblemException e) {
            return new Page(e.problem().status(), "This sign-in cannot start", e.getMessage(), false).toResponse();
        }
    }
}
