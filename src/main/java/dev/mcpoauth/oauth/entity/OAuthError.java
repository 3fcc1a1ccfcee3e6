package dev.mcpoauth.oauth.entity;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An OAuth error response (RFC 6749 §4.1.2.1 from the authorization endpoint, §5.2 from the
 * token endpoint, RFC 7009 §2.2.1 from revocation). Upstream text is made safe to show on
 * construction: bounded, without control or invisible formatting characters, and an
 * {@code error_uri} is kept only when it is an absolute http(s) URL.
 */
public record OAuthError(String error, String errorDescription, String errorUri) {

    static final int MAX_ERROR = 100;
    static final int MAX_DESCRIPTION = 300;
    static final int MAX_URI = 2048;

    public OAuthError {
        error = printable(error, MAX_ERROR);
        if (error == null || error.isBlank()) {
            throw new IllegalArgumentException("an OAuth error needs an error code");
        }
        errorDescription = printable(errorDescription, MAX_DESCRIPTION);
        errorUri = webPage(errorUri);
    }

    public OAuthError(String error) {
        this(error, null, null);
    }

    /** Lenient: members of the wrong type are ignored; empty when there is no string {@code error}. */
    public static Optional<OAuthError> fromJSON(JsonObject json) {
        String error = string(json, "error");
        if (error == null || error.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new OAuthError(error, string(json, "error_description"), string(json, "error_uri")));
    }

    /** From decoded query parameters (the redirect of an authorization error); first values win. */
    public static Optional<OAuthError> fromQuery(Map<String, List<String>> parameters) {
        String error = first(parameters, "error");
        if (error == null || error.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new OAuthError(error, first(parameters, "error_description"), first(parameters, "error_uri")));
    }

    public JsonObject toJSON() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("error", error);
        if (errorDescription != null) {
            json.add("error_description", errorDescription);
        }
        if (errorUri != null) {
            json.add("error_uri", errorUri);
        }
        return json.build();
    }

    /** The grant (code or refresh token) is dead: the user must authorize again (RFC 6749 §5.2). */
    public boolean requiresReauthorization() {
        return "invalid_grant".equals(error);
    }

    /** The client is unknown or its authentication failed: its registration is of no more use. */
    public boolean isInvalidClient() {
        return "invalid_client".equals(error);
    }

    /** Worth trying again later (RFC 6749 §4.1.2.1 names both codes for temporary conditions). */
    public boolean isTransient() {
        return "temporarily_unavailable".equals(error) || "server_error".equals(error);
    }

    /** The server cannot revoke this type of token (RFC 7009 §2.2.1). */
    public boolean isUnsupportedTokenType() {
        return "unsupported_token_type".equals(error);
    }

    static String string(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString text ? text.getString() : null;
    }

    static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    // Upstream text is shown to people: no control characters, and no invisible formatting
    // characters (bidirectional overrides can make a description read differently than it is)
    static String printable(String text, int max) {
        if (text == null) {
            return null;
        }
        String cleaned = text.replaceAll("[\\p{Cntrl}\\p{Cf}]", " ").strip();
        if (cleaned.isEmpty()) {
            return null;
        }
        return cleaned.length() > max ? cleaned.substring(0, max) + "…" : cleaned;
    }

    static String webPage(String uri) {
        if (uri == null || uri.length() > MAX_URI) {
            return null;
        }
        try {
            URI parsed = new URI(uri);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            boolean web = (scheme.equals("https") || scheme.equals("http")) && parsed.getHost() != null;
            return web ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
