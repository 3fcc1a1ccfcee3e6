package dev.mcpoauth.registration.entity;

import dev.mcpoauth.oauth.entity.JsonMembers;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * Client metadata sent in a dynamic registration request (RFC 7591 §2), also the shape of a
 * Client ID Metadata Document. {@code scope} is sent only when given; {@code raw} carries extra
 * members (e.g. {@code client_uri}, {@code logo_uri}).
 */
public record ClientMetadata(
        String clientName,
        List<String> redirectUris,
        List<String> grantTypes,
        List<String> responseTypes,
        String tokenEndpointAuthMethod,
        String applicationType,
        String scope,
        JsonObject raw) {

    static final String DOCUMENT = "client metadata";

    public ClientMetadata {
        redirectUris = List.copyOf(redirectUris);
        grantTypes = List.copyOf(grantTypes);
        responseTypes = List.copyOf(responseTypes);
        raw = raw == null ? JsonValue.EMPTY_JSON_OBJECT : raw;
    }

    /**
     * The broker as a confidential web client: code flow with refresh tokens, and
     * {@code application_type} "web" (MCP SEP-837: remotely hosted clients are web clients).
     *
     * @param scope space-delimited, or null to leave it out
     */
    public static ClientMetadata webClient(String clientName, List<String> redirectUris,
            String tokenEndpointAuthMethod, String scope) {
        return new ClientMetadata(clientName, redirectUris, List.of("authorization_code", "refresh_token"),
                List.of("code"), tokenEndpointAuthMethod, "web", scope, null);
    }

    public static ClientMetadata fromJSON(JsonObject json) {
        JsonMembers members = new JsonMembers(json, DOCUMENT);
        return new ClientMetadata(
                members.optionalString("client_name"),
                members.requiredStrings("redirect_uris"),
                members.optionalStrings("grant_types"),
                members.optionalStrings("response_types"),
                members.optionalString("token_endpoint_auth_method"),
                members.optionalString("application_type"),
                members.optionalString("scope"),
                json);
    }

    public JsonObject toJSON() {
        JsonObjectBuilder json = JsonMembers.over(raw);
        JsonMembers.put(json, "client_name", clientName);
        JsonMembers.put(json, "redirect_uris", redirectUris);
        JsonMembers.put(json, "grant_types", grantTypes);
        JsonMembers.put(json, "response_types", responseTypes);
        JsonMembers.put(json, "token_endpoint_auth_method", tokenEndpointAuthMethod);
        JsonMembers.put(json, "application_type", applicationType);
        JsonMembers.put(json, "scope", scope);
        return json.build();
    }
}
