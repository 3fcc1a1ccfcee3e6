package dev.mcpoauth.registration.control;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The broker's identity as an OAuth client, derived from its public base URL: one stable
 * redirect URI for every authorization server, and the Client ID Metadata Document it serves.
 */
@ApplicationScoped
public class BrokerClient {

    public static final String CALLBACK_PATH = "/oauth/callback";
    public static final String METADATA_DOCUMENT_PATH = "/oauth/client-metadata.json";
    public static final String JWKS_PATH = "/oauth/jwks.json";

    String publicBaseUrl;
    String clientName;
    Optional<String> metadataUrlOverride;

    public BrokerClient() {}

    @Inject
    public BrokerClient(
            @ConfigProperty(name = "mcpoauth.public-base-url", defaultValue = "http://127.0.0.1:8080") String publicBaseUrl,
            @ConfigProperty(name = "mcpoauth.registration.client-name", defaultValue = "MCP OAuth Broker") String clientName,
            @ConfigProperty(name = "mcpoauth.registration.client-metadata-url") Optional<String> metadataUrlOverride) {
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
        this.clientName = clientName;
        this.metadataUrlOverride = metadataUrlOverride;
    }

    public String redirectUri() {
        return publicBaseUrl + CALLBACK_PATH;
    }

    public String clientName() {
        return clientName;
    }

    public boolean isServedOverHttps() {
        return publicBaseUrl.startsWith("https://");
    }

    /**
     * The client id of a Client ID Metadata Document: an HTTPS URL with a path that the
     * authorization server fetches (draft-ietf-oauth-client-id-metadata-document §3). Absent
     * when the broker is not reachable over HTTPS and no override is configured.
     */
    public Optional<String> metadataDocumentUrl() {
        if (metadataUrlOverride.isPresent()) {
            return metadataUrlOverride;
        }
        return isServedOverHttps() ? Optional.of(publicBaseUrl + METADATA_DOCUMENT_PATH) : Optional.empty();
    }

    /** The document itself; its {@code client_id} equals the URL it is served at. */
    public JsonObject metadataDocument() {
        var document = JsonBuilders.object()
                .add("client_name", clientName)
                .add("client_uri", publicBaseUrl)
                .add("redirect_uris", JsonBuilders.array().add(redirectUri()))
                .add("grant_types", JsonBuilders.array().add("authorization_code").add("refresh_token"))
                .add("response_types", JsonBuilders.array().add("code"))
                .add("token_endpoint_auth_method", "none")
                .add("jwks_uri", publicBaseUrl + JWKS_PATH)
                .add("application_type", "web");
        metadataDocumentUrl().ifPresent(url -> document.add("client_id", url));
        return document.build();
    }

    public URI publicBaseUri() {
        return URI.create(publicBaseUrl);
    }
}
