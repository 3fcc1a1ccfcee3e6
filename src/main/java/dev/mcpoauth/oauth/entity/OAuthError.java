package dev.mcpoauth.oauth.entity;

import dev.mcpoauth.json.JsonBuilders;
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
import java.util.regex.Pattern;

/**
 * An OAuth error response (RFC 6749 §4.1.2.1 from the authorization endpoint, §5.2 from the
 * token endpoint, RFC 7009 §2.2.1 from revocation). The code is kept only when it is made of
 * the RFC 6749 §5.2 characters and short, else it becomes {@link #UNRECOGNIZED}. Free text is
 * kept only from the authorization endpoint (the browser's redirect), bounded and without
 * control or invisible formatting characters, for pages that show it as the server's words; a
 * reply of the token or revocation endpoint keeps nothing but its code ({@link #fromJSON}),
 * because its description may echo what the broker sent: a client secret, a code, a verifier.
 */
public record OAuthError(String error, String errorDescription, String errorUri) {

    /** What an error code that breaks the rules of RFC 6749 §5.2 is treated as. */
    public static final String UNRECOGNIZED = "unrecognized_error";
    static final int MAX_ERROR = 64;
    static final int MAX_DESCRIPTION = 300;
    static final int MAX_URI = 2048;
    // RFC 6749 §5.2: error = 1*( %x20-21 / %x23-5B / %x5D-7E ); capped to fit where codes are kept
    static final Pattern CODE = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]{1," + MAX_ERROR + "}");

    public OAuthError {
        if (error == null || error.isBlank()) {
            throw new IllegalArgumentException("an OAuth error needs an error code");
        }
        error = checkedCode(error);
        errorDescription = printable(errorDescription, MAX_DESCRIPTION);
        errorUri = webPage(errorUri);
    }

    public OAuthError(String error) {
        this(error, null, null);
    }

    /** The code when it is made of the RFC 6749 §5.2 characters and short enough, else {@link #UNRECOGNIZED}. */
    public static String checkedCode(String error) {
        return error != null && CODE.matcher(error).matches() ? error.strip() : UNRECOGNIZED;
    }

    /**
     * A server-to-server reply (token, revocation endpoint): only the code is kept, never the
     * {@code error_description} or {@code error_uri}. Lenient: empty when there is no string {@code error}.
     */
    public static Optional<OAuthError> fromJSON(JsonObject json) {
        String error = string(json, "error");
        if (error == null || error.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new OAuthError(error));
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
        JsonObjectBuilder json = JsonBuilders.object().add("error", error);
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

    /** The error in plain words, from the catalogue of RFC 6749 §4.1.2.1, §5.2, RFC 7009 and RFC 8707; never upstream text. */
    public String plainMessage() {
        return switch (error) {
            case "invalid_request" -> "The authorization server found the broker's request invalid (invalid_request).";
            case "unauthorized_client" -> "The authorization server does not allow the broker's client this kind of"
                    + " request (unauthorized_client).";
            case "access_denied" -> "The sign-in was cancelled or access was denied.";
            case "unsupported_response_type" -> "The authorization server does not offer the authorization code flow"
                    + " to the broker's client (unsupported_response_type).";
            case "invalid_scope" -> "The authorization server refused the requested permissions (invalid_scope).";
            case "server_error" -> "The authorization server had an internal error (server_error).";
            case "temporarily_unavailable" -> "The authorization server is temporarily unavailable"
                    + " (temporarily_unavailable).";
            case "invalid_client" -> "The authorization server did not accept the broker's client (invalid_client).";
            case "invalid_grant" -> "The authorization server did not accept the grant (invalid_grant).";
            case "unsupported_grant_type" -> "The authorization server does not support this grant for the broker's"
                    + " client (unsupported_grant_type).";
            case "invalid_target" -> "The authorization server does not accept this MCP server as a resource"
                    + " (invalid_target).";
            case "unsupported_token_type" -> "The authorization server cannot revoke this type of token"
                    + " (unsupported_token_type).";
            case UNRECOGNIZED -> "The authorization server answered with an error code that is not a valid OAuth"
                    + " error code.";
            default -> "The authorization server answered with the error " + error + ".";
        };
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
