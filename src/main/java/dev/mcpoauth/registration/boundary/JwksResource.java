package dev.mcpoauth.registration.boundary;

import dev.mcpoauth.sealing.control.SigningKeys;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public keys of the broker's signing keys (RFC 7517 §5), public so that authorization
 * servers can verify what the broker signs as a client; the Client ID Metadata Document names it
 * as {@code jwks_uri}.
 */
@Path("oauth/jwks.json")
@Tag(name = "oauth", description = "Browser and authorization-server facing endpoints")
public class JwksResource {

    // RFC 7517 §8.5.1
    static final String JWK_SET = "application/jwk-set+json";

    @Inject
    SigningKeys keys;

    @GET
    @Produces({JWK_SET, "application/json"})
    @Operation(operationId = "getJwks", summary = "The broker's public signing keys (JWK Set, RFC 7517)")
    @APIResponse(responseCode = "200", description = "The JWK Set: the active key first, retired ones after it",
            content = @Content(mediaType = JWK_SET, schema = @Schema(ref = "JwkSet")))
    public Response jwks() {
        return Response.ok(keys.jwks().toString(), JWK_SET).header("Cache-Control", "public, max-age=300").build();
    }
}
