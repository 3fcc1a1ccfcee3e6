package dev.mcpoauth.discovery.entity;

import dev.mcpoauth.oauth.entity.JsonMembers;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * OAuth 2.0 Authorization Server Metadata (RFC 8414 §2), also read from OpenID Connect Discovery
 * documents. Only the members the broker uses are typed; all others stay in {@code raw}. Absent
 * lists are empty; the methods below apply the RFC defaults where absence has a meaning.
 * {@code raw} is the document as received (empty for locally built metadata).
 */
public record AuthorizationServerMetadata(
        String issuer,
        String authorizationEndpoint,
        String tokenEndpoint,
        String registrationEndpoint,
        String revocationEndpoint,
        String introspectionEndpoint,
        String jwksUri,
        List<String> scopesSupported,
        List<String> responseTypesSupported,
        List<String> grantTypesSupported,
        List<String> codeChallengeMethodsSupported,
        List<String> tokenEndpointAuthMethodsSupported,
        List<String> revocationEndpointAuthMethodsSupported,
        boolean clientIdMetadataDocumentSupported,
        boolean authorizationResponseIssParameterSupported,
        JsonObject raw) {

    static final String DOCUMENT = "authorization server metadata";
    static final List<String> DEFAULT_AUTH_METHODS = List.of("client_secret_basic");
    static final List<String> DEFAULT_GRANT_TYPES = List.of("authorization_code", "implicit");

    public AuthorizationServerMetadata {
        scopesSupported = List.copyOf(scopesSupported);
        responseTypesSupported = List.copyOf(responseTypesSupported);
        grantTypesSupported = List.copyOf(grantTypesSupported);
        codeChallengeMethodsSupported = List.copyOf(codeChallengeMethodsSupported);
        tokenEndpointAuthMethodsSupported = List.copyOf(tokenEndpointAuthMethodsSupported);
        revocationEndpointAuthMethodsSupported = List.copyOf(revocationEndpointAuthMethodsSupported);
        raw = raw == null ? JsonValue.EMPTY_JSON_OBJECT : raw;
    }

    public static AuthorizationServerMetadata fromJSON(JsonObject json, String expectedIssuer) {
        return fromJSON(json, expectedIssuer, false);
    }

    /**
     * @param expectedIssuer the issuer the document was fetched for; RFC 8414 §3.3 demands the
     *     {@code issuer} member be identical, so there is no normalisation (case, slash, port)
     * @param allowLoopbackHttp accept http endpoints whose host is loopback (local test setups)
     */
    public static AuthorizationServerMetadata fromJSON(JsonObject json, String expectedIssuer, boolean allowLoopbackHttp) {
        Objects.requireNonNull(expectedIssuer, "expectedIssuer");
        JsonMembers members = new JsonMembers(json, DOCUMENT);
        String issuer = members.requiredString("issuer");
        if (!issuer.equals(expectedIssuer)) {
            throw new ProblemException(Problem.ISSUER_MISMATCH, "The authorization server metadata names issuer "
                    + UpstreamValue.shown(issuer) + " but was fetched for issuer " + UpstreamValue.shown(expectedIssuer) + "; it is not used.");
        }
        members.checkedUrl(issuer, "issuer", allowLoopbackHttp);
        return new AuthorizationServerMetadata(
                issuer,
                members.requiredUrl("authorization_endpoint", allowLoopbackHttp),
                members.requiredUrl("token_endpoint", allowLoopbackHttp),
                members.optionalUrl("registration_endpoint", allowLoopbackHttp),
                members.optionalUrl("revocation_endpoint", allowLoopbackHttp),
                members.optionalUrl("introspection_endpoint", allowLoopbackHttp),
                members.optionalUrl("jwks_uri", allowLoopbackHttp),
                members.optionalStrings("scopes_supported"),
                members.optionalStrings("response_types_supported"),
                members.optionalStrings("grant_types_supported"),
                members.optionalStrings("code_challenge_methods_supported"),
                members.optionalStrings("token_endpoint_auth_methods_supported"),
                members.optionalStrings("revocation_endpoint_auth_methods_supported"),
                members.optionalBoolean("client_id_metadata_document_supported"),
                members.optionalBoolean("authorization_response_iss_parameter_supported"),
                json);
    }

    /**
     * The 2025-03-26 MCP fallback for servers without metadata: the MCP URL without its path is
     * the authorization base, with {@code /authorize}, {@code /token} and {@code /register}.
     * That revision required PKCE of every server, hence S256.
     */
    public static AuthorizationServerMetadata legacyDefaults(URI mcpUrl) {
        String base = mcpUrl.getScheme() + "://" + mcpUrl.getRawAuthority();
        List<String> none = List.of();
        return new AuthorizationServerMetadata(base, base + "/authorize", base + "/token", base + "/register",
                null, null, null, none, List.of("code"), List.of("authorization_code", "refresh_token"),
                List.of("S256"), none, none, false, false, null);
    }

    public JsonObject toJSON() {
        JsonObjectBuilder json = JsonMembers.over(raw);
        json.add("issuer", issuer);
        json.add("authorization_endpoint", authorizationEndpoint);
        json.add("token_endpoint", tokenEndpoint);
        JsonMembers.put(json, "registration_endpoint", registrationEndpoint);
        JsonMembers.put(json, "revocation_endpoint", revocationEndpoint);
        JsonMembers.put(json, "introspection_endpoint", introspectionEndpoint);
        JsonMembers.put(json, "jwks_uri", jwksUri);
        JsonMembers.put(json, "scopes_supported", scopesSupported);
        JsonMembers.put(json, "response_types_supported", responseTypesSupported);
        JsonMembers.put(json, "grant_types_supported", grantTypesSupported);
        JsonMembers.put(json, "code_challenge_methods_supported", codeChallengeMethodsSupported);
        JsonMembers.put(json, "token_endpoint_auth_methods_supported", tokenEndpointAuthMethodsSupported);
        JsonMembers.put(json, "revocation_endpoint_auth_methods_supported", revocationEndpointAuthMethodsSupported);
        JsonMembers.put(json, "client_id_metadata_document_supported", clientIdMetadataDocumentSupported);
        JsonMembers.put(json, "authorization_response_iss_parameter_supported",
                authorizationResponseIssParameterSupported);
        return json.build();
    }

    public boolean supportsS256() {
        return codeChallengeMethodsSupported.contains("S256");
    }

    /**
     * Whether PKCE methods are advertised at all. MCP requires refusing when they are not, yet
     * some large providers (Entra ID, Cognito) support S256 without saying so: callers apply
     * their PKCE policy when this is false, and refuse outright when it is true without S256.
     */
    public boolean advertisesCodeChallengeMethods() {
        return !codeChallengeMethodsSupported.isEmpty();
    }

    /** RFC 9207 §3: when true, every authorization response must carry a matching {@code iss}. */
    public boolean advertisesIssParameter() {
        return authorizationResponseIssParameterSupported;
    }

    /** Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document). */
    public boolean supportsCimd() {
        return clientIdMetadataDocumentSupported;
    }

    /** RFC 7591 dynamic client registration is possible. */
    public boolean supportsDynamicRegistration() {
        return registrationEndpoint != null;
    }

    /** The token endpoint auth methods, with the RFC 8414 §2 default when absent. */
    public List<String> tokenEndpointAuthMethods() {
        return tokenEndpointAuthMethodsSupported.isEmpty() ? DEFAULT_AUTH_METHODS : tokenEndpointAuthMethodsSupported;
    }

    /** The grant types, with the RFC 8414 §2 default when absent. */
    public List<String> grantTypes() {
        return grantTypesSupported.isEmpty() ? DEFAULT_GRANT_TYPES : grantTypesSupported;
    }
}
