package dev.mcpoauth.discovery.entity;

import dev.mcpoauth.oauth.entity.JsonMembers;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728 §2). {@code authorization_servers} is optional
 * in the RFC but required here: MCP clients discover their authorization server through it.
 */
public record ProtectedResourceMetadata(
        String resource,
        List<String> authorizationServers,
        List<String> scopesSupported,
        List<String> bearerMethodsSupported,
        String resourceName,
        String resourceDocumentation,
        String jwksUri,
        JsonObject raw) {

    static final String DOCUMENT = "protected resource metadata";

    public ProtectedResourceMetadata {
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
        bearerMethodsSupported = List.copyOf(bearerMethodsSupported);
        raw = raw == null ? JsonValue.EMPTY_JSON_OBJECT : raw;
    }

    public static ProtectedResourceMetadata fromJSON(JsonObject json) {
        return fromJSON(json, false);
    }

    /** @param allowLoopbackHttp accept http URLs whose host is loopback (local test setups) */
    public static ProtectedResourceMetadata fromJSON(JsonObject json, boolean allowLoopbackHttp) {
        JsonMembers members = new JsonMembers(json, DOCUMENT);
        String resource = members.requiredString("resource");
        // RFC 9728 §1.2: the resource identifier is an absolute URL without fragment
        members.checkedUrl(resource, "resource", allowLoopbackHttp);
        List<String> servers = members.requiredStrings("authorization_servers");
        servers.forEach(issuer -> members.checkedUrl(issuer, "authorization_servers entry", allowLoopbackHttp));
        return new ProtectedResourceMetadata(
                resource,
                servers,
                members.optionalStrings("scopes_supported"),
                members.optionalStrings("bearer_methods_supported"),
                members.optionalString("resource_name"),
                members.optionalString("resource_documentation"),
                members.optionalUrl("jwks_uri", allowLoopbackHttp),
                json);
    }

    public JsonObject toJSON() {
        JsonObjectBuilder json = JsonMembers.over(raw);
        json.add("resource", resource);
        JsonMembers.put(json, "authorization_servers", authorizationServers);
        JsonMembers.put(json, "scopes_supported", scopesSupported);
        JsonMembers.put(json, "bearer_methods_supported", bearerMethodsSupported);
        JsonMembers.put(json, "resource_name", resourceName);
        JsonMembers.put(json, "resource_documentation", resourceDocumentation);
        JsonMembers.put(json, "jwks_uri", jwksUri);
        return json.build();
    }

    /** The authorization server to use: the first listed (RFC 9728 §7.6 leaves the choice to the client). */
    public String authorizationServer() {
        return authorizationServers.get(0);
    }
}
