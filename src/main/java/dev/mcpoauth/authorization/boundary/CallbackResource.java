package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.authorization.entity.BrowserRedirect;
import dev.mcpoauth.authorization.entity.CallbackOutcome;
import dev.mcpoauth.registration.control.BrokerClient;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.web.entity.Page;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The browser's side of a sign-in: the start link (owner only) that binds the flow to this
 * browser with a cookie and redirects to the authorization server, and the OAuth callback. Both
 * answer people with pages or redirects, never JSON.
 */
@Path("oauth")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "oauth", description = "Browser and authorization-server facing endpoints")
public class CallbackResource {

    @Inject
    Authorizations authorizations;

    @Inject
    Callbacks callbacks;

    @Inject
    Caller caller;

    @Inject
    BrokerClient broker;

    @GET
    @Path("start/{flowId}")
    @Operation(operationId = "startSignIn", summary = "Open a sign-in (the flow's owner only): binds this browser and redirects to the authorization server")
    public Response start(@PathParam("flowId") String flowId) {
        try {
            BrowserRedirect redirect = authorizations.open(flowId, caller.identity());
            return Response.seeOther(redirect.location())
                    .cookie(cookie(redirect.cookieName(), redirect.cookieValue(), (int) redirect.cookieLifetime().toSeconds()))
                    .header("Cache-Control", "no-store")
                    .header("Referrer-Policy", "no-referrer")
                    .build();
        } catch (ProblemException e) {
            return new Page(e.problem().status(), "This sign-in cannot start", e.getMessage(), false).toResponse();
        }
    }

    @GET
    @Path("callback")
    @Operation(operationId = "oauthCallback", summary = "The OAuth redirect URI (RFC 6749 §3.1.2): completes a sign-in once, in the browser that started it")
    public Response callback(@Context UriInfo uriInfo, @Context HttpHeaders headers) {
        CallbackOutcome outcome = callbacks.callback(uriInfo.getQueryParameters(),
                name -> Optional.ofNullable(headers.getCookies().get(name)).map(jakarta.ws.rs.core.Cookie::getValue));
        Response.ResponseBuilder response = outcome.returnTo()
                .map(url -> Response.seeOther(returnLocation(url, outcome)).header("Referrer-Policy", "no-referrer"))
                .orElseGet(() -> Response.fromResponse(page(outcome).toResponse()));
        if (outcome.flowId() != null) {
            response.cookie(cookie(Authorizations.COOKIE_PREFIX + outcome.flowId(), "", 0));
        }
        return response.build();
    }

    static Page page(CallbackOutcome outcome) {
        return outcome.connected()
                ? new Page(200, "Connected", outcome.message(), true)
                : new Page(400, "The sign-in did not complete", outcome.message(), false);
    }

    static java.net.URI returnLocation(String returnUrl, CallbackOutcome outcome) {
        UriBuilder location = UriBuilder.fromUri(returnUrl).queryParam("oauth", outcome.connected() ? "success" : "error");
        if (outcome.connectionId() != null) {
            location.queryParam("connectionId", outcome.connectionId());
        }
        if (!outcome.connected()) {
            location.queryParam("error", outcome.code());
        }
        return location.build();
    }

    NewCookie cookie(String name, String value, int maxAgeSeconds) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(BrokerClient.CALLBACK_PATH)
                .httpOnly(true)
                .secure(broker.isServedOverHttps())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(maxAgeSeconds)
                .build();
    }
}
