package dev.mcpoauth.registration.boundary;

import dev.mcpoauth.registration.control.BrokerClient;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The broker's Client ID Metadata Document, public so that authorization servers can fetch it. */
@Path("oauth/client-metadata.json")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "oauth", description = "Browser and authorization-server facing endpoints")
public class ClientMetadataResource {

    @Inject
    BrokerClient broker;

    @GET
    @Operation(operationId = "getClientMetadataDocument", summary = "The broker's Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document)")
    @APIResponse(responseCode = "200", description = "The document (RFC 7591 §2 metadata names)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ClientMetadataDocument")))
    public Response document() {
        if (broker.metadataDocumentUrl().isEmpty()) {
            throw new ProblemException(Problem.NOT_FOUND, "The broker is not served over HTTPS, so it publishes no"
                    + " Client ID Metadata Document; set mcpoauth.public-base-url to its https:// address.");
        }
        return Response.ok(broker.metadataDocument()).header("Cache-Control", "public, max-age=3600").build();
    }
}
