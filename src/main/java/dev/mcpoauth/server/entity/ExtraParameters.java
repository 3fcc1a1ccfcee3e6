package dev.mcpoauth.server.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Request parameters an identity provider needs beyond the protocol's, set per server by an admin
 * (Auth0's {@code audience}, a tenant hint): added to the authorization request or to every token
 * request. Never one the broker sets itself, so no setting can replace the client, the redirect,
 * the state, PKCE or the resource.
 */
public record ExtraParameters(Map<String, String> values) {

    public static final ExtraParameters NONE = new ExtraParameters(Map.of());
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final int MAX_PARAMETERS = 10;
    static final int MAX_VALUE = 500;

    /**
     * RFC 6749 §4.1.1, §4.1.3, §6 and §2.3.1, RFC 7636 §4.3, RFC 8707 §2, RFC 7521 §4.2, OpenID
     * Connect Core §3.1.2.1 and RFC 9101 (request objects, which would carry all of them again).
     */
    public static final Set<String> SET_BY_THE_BROKER = Set.of("response_type", "client_id", "redirect_uri", "scope",
            "state", "code_challenge", "code_challenge_method", "resource", "prompt", "nonce", "response_mode",
            "request", "request_uri", "grant_type", "code", "code_verifier", "refresh_token", "client_secret",
            "client_assertion", "client_assertion_type");

    public static final String RULE = "at most " + MAX_PARAMETERS + " names of A-Z a-z 0-9 . _ - with values of at"
            + " most " + MAX_VALUE + " characters, and none the broker sets itself (client_id, redirect_uri, scope,"
            + " state, resource, code_challenge, grant_type, ...)";

    public ExtraParameters {
        values = Collections.unmodifiableMap(new TreeMap<>(values == null ? Map.of() : values));
    }

    /** Whether an admin's parameters keep to {@link #RULE}; null means none. */
    public static boolean allowed(Map<String, String> values) {
        return values == null || values.size() <= MAX_PARAMETERS && values.entrySet().stream().allMatch(entry ->
                entry.getKey() != null && NAME.matcher(entry.getKey()).matches()
                        && !SET_BY_THE_BROKER.contains(entry.getKey())
                        && entry.getValue() != null && entry.getValue().length() <= MAX_VALUE);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** As stored: a JSON object, or null for none. */
    public String stored() {
        return isEmpty() ? null : toJSON().toString();
    }

    public static ExtraParameters fromStored(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        try (var reader = JsonBuilders.reader(new StringReader(text))) {
            var values = new TreeMap<String, String>();
            reader.readObject().forEach((name, value) -> values.put(name, ((JsonString) value).getString()));
            return new ExtraParameters(values);
        } catch (JsonException | ClassCastException e) {
            throw new IllegalStateException("stored extra parameters are not a JSON object of strings", e);
        }
    }

    public JsonObject toJSON() {
        JsonObjectBuilder json = JsonBuilders.object();
        values.forEach(json::add);
        return isEmpty() ? JsonValue.EMPTY_JSON_OBJECT : json.build();
    }
}
