package dev.mcpoauth.token.boundary;

import dev.mcpoauth.authorization.boundary.Authorizations;
import dev.mcpoauth.authorization.control.FlowCookie;
import dev.mcpoauth.token.entity.CallbackOutcome;
import dev.mcpoauth.web.entity.Page;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OAuth callback: completes a sign-in once, in the browser that started it, and answers
 * that browser with a page or a redirect to the front end's return URL, never JSON.
 */
@Path("oauth/callback")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "oauth", description = "Browser and authorization-server facing endpoints")
public class CallbackResource {

    @Inject
    Callbacks callbacks;

    @Inject
    FlowCookie cookies;

    @GET
    @Operation(operationId = "oauthCallback", summary = "The OAuth redirect URI (RFC 6749 §3.1.2): completes a sign-in once, in the browser that started it")
    @APIResponse(responseCode = "200", description = "A page: connected",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(ref = "HtmlPage")))
    @APIResponse(responseCode = "400", description = "A page: the sign-in did not complete, and why",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(ref = "HtmlPage")))
    @APIResponse(responseCode = "303", description = "To the flow's return URL with oauth=success or oauth=error (and connectionId, error)",
            headers = @Header(name = "Location", description = "Where the browser goes next", schema = @Schema(type = SchemaType.STRING)))
    public Response callback(@Context UriInfo uriInfo, @Context HttpHeaders headers) {
        CallbackOutcome outcome = callbacks.callback(uriInfo.getQueryParameters(),
                name -> Optional.ofNullable(headers.getCookies().get(name)).map(Cookie::getValue));
        Response.ResponseBuilder response = outcome.returnTo()
                .map(url -> Response.seeOther(returnLocation(url, outcome)).header("Referrer-Policy", "no-referrer"))
                .orElseGet(() -> Response.fromResponse(page(outcome).toResponse()));
        if (outcome.flowId() != null) {
            response.cookie(cookies.clear(Authorizations.COOKIE_PREFIX + outcome.flowId()));
        }
        return response.build();
    }

    static Page page(CallbackOutcome outcome) {
        return outcome.connected()
                ? new Page(200, "Connected", outcome.message(), true)
                : new Page(400, "The sign-in did not complete", outcome.message(), false);
    }

    static URI returnLocation(String returnUrl, CallbackOutcome outcome) {
        UriBuilder location = UriBuilder.fromUri(returnUrl).queryParam("oauth", outcome.connected() ? "success" : "error");
        if (outcome.connectionId() != null) {
            location.queryParam("connectionId", outcome.connectionId());
        }
        if (!outcome.connected()) {
            location.queryParam("error", outcome.code());
        }
        return location.build();
    }
}
