package dev.mcpoauth.discovery.entity;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.oauth.control.CanonicalResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything discovery learned about one MCP server: the scope its 401 challenge asked for, its
 * RFC 9728 metadata (absent for 2025-03-26 servers, which are their own authorization server),
 * and the chosen authorization server's RFC 8414 metadata.
 */
public record ServerDiscovery(
        String mcpUrl,
        String challengedScope,
        ProtectedResourceMetadata resourceMetadata,
        String resourceMetadataSource,
        AuthorizationServerMetadata authorizationServer,
        String authorizationServerSource,
        Instant fetchedAt,
        boolean fromCache) {

    public boolean isLegacy() {
        return resourceMetadata == null;
    }

    public String issuer() {
        return authorizationServer.issuer();
    }

    /** The RFC 8707 resource: the metadata's {@code resource} byte for byte, or the canonical MCP URI for legacy servers. */
    public String resource() {
        return isLegacy() ? CanonicalResource.of(URI.create(mcpUrl)) : resourceMetadata.resource();
    }

    public Optional<String> challengeScope() {
        return Optional.ofNullable(challengedScope).filter(scope -> !scope.isBlank());
    }

    public List<String> scopesSupported() {
        return isLegacy() ? List.of() : resourceMetadata.scopesSupported();
    }

    public ServerDiscovery cached() {
        return new ServerDiscovery(mcpUrl, challengedScope, resourceMetadata, resourceMetadataSource,
                authorizationServer, authorizationServerSource, fetchedAt, true);
    }

    /** The protected-resource half as the cache stores it: the challenge scope survives with the document. */
    public JsonObject resourceDocument() {
        JsonObjectBuilder json = JsonBuilders.object().add("issuer", issuer());
        if (challengedScope != null) {
            json.add("challenge_scope", challengedScope);
        }
        if (resourceMetadata != null) {
            json.add("metadata", resourceMetadata.toJSON()).add("source", resourceMetadataSource);
        }
        return json.build();
    }

    /** The cached issuer a resource document points at. */
    public static String issuerOf(JsonObject resourceDocument) {
        return resourceDocument.getString("issuer");
    }

    public static ServerDiscovery fromCache(String mcpUrl, JsonObject resourceDocument,
            AuthorizationServerMetadata authorizationServer, String authorizationServerSource, Instant fetchedAt,
            boolean allowLoopbackHttp) {
        JsonValue metadata = resourceDocument.get("metadata");
        ProtectedResourceMetadata prm = metadata instanceof JsonObject json
                ? ProtectedResourceMetadata.fromJSON(json, allowLoopbackHttp)
                : null;
        return new ServerDiscovery(mcpUrl, string(resourceDocument, "challenge_scope"), prm,
                string(resourceDocument, "source"), authorizationServer, authorizationServerSource, fetchedAt, true);
    }

    static String string(JsonObject json, String name) {
        return json.get(name) instanceof JsonString value ? value.getString() : null;
    }
}
