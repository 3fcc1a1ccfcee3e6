package dev.mcpoauth.registration.entity;

import dev.mcpoauth.oauth.entity.JsonMembers;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A successful registration response (RFC 7591 §3.2.1). Times are seconds since the epoch;
 * {@code clientSecretExpiresAt} 0 means the secret never expires. {@code toString} hides the
 * secrets, {@code toJSON} does not (it is meant for sealed storage only).
 */
public record ClientInformation(
        String clientId,
        String clientSecret,
        Long clientIdIssuedAt,
        long clientSecretExpiresAt,
        String registrationAccessToken,
        String registrationClientUri,
        String tokenEndpointAuthMethod,
        JsonObject raw) {

    static final String DOCUMENT = "client registration response";
    // Seconds reach 10^11 only in the year 5138: larger values are milliseconds sent by mistake
    static final long MILLISECONDS_THRESHOLD = 100_000_000_000L;
    // what the client_registration columns hold (sealed secrets: 4096 and 8192 characters)
    static final int MAX_CLIENT_ID = 1024;
    static final int MAX_URI = 2048;
    static final int MAX_SECRET_BYTES = 2048;
    static final int MAX_TOKEN_BYTES = 4096;

    public ClientInformation {
        raw = raw == null ? JsonValue.EMPTY_JSON_OBJECT : raw;
    }

    public static ClientInformation fromJSON(JsonObject json) {
        JsonMembers members = new JsonMembers(json, DOCUMENT);
        Long expiresAt = seconds(members, "client_secret_expires_at");
        return new ClientInformation(
                characters(members, members.requiredString("client_id"), "client_id", MAX_CLIENT_ID),
                bytes(members, members.optionalString("client_secret"), "client_secret", MAX_SECRET_BYTES),
                seconds(members, "client_id_issued_at"),
                expiresAt == null ? 0 : expiresAt,
                bytes(members, members.optionalString("registration_access_token"), "registration_access_token",
                        MAX_TOKEN_BYTES),
                characters(members, members.optionalString("registration_client_uri"), "registration_client_uri",
                        MAX_URI),
                members.optionalString("token_endpoint_auth_method"),
                json);
    }

    static String characters(JsonMembers members, String value, String name, int max) {
        if (value != null && value.length() > max) {
            throw members.bad("has a member " + name + " longer than " + max + " characters");
        }
        return value;
    }

    // secrets are stored sealed: AES-GCM adds 28 bytes, Base64 a third, so their limit is in bytes
    static String bytes(JsonMembers members, String value, String name, int max) {
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > max) {
            throw members.bad("has a member " + name + " longer than " + max + " bytes");
        }
        return value;
    }

    static Long seconds(JsonMembers members, String name) {
        Long value = members.optionalLong(name);
        if (value == null) {
            return null;
        }
        if (value < 0) {
            throw members.bad("has a negative " + name);
        }
        return value > MILLISECONDS_THRESHOLD ? value / 1000 : value;
    }

    public JsonObject toJSON() {
        JsonObjectBuilder json = JsonMembers.over(raw);
        json.add("client_id", clientId);
        JsonMembers.put(json, "client_secret", clientSecret);
        if (clientIdIssuedAt != null) {
            json.add("client_id_issued_at", clientIdIssuedAt);
        }
        json.add("client_secret_expires_at", clientSecretExpiresAt);
        JsonMembers.put(json, "registration_access_token", registrationAccessToken);
        JsonMembers.put(json, "registration_client_uri", registrationClientUri);
        JsonMembers.put(json, "token_endpoint_auth_method", tokenEndpointAuthMethod);
        return json.build();
    }

    /** When the client secret expires; empty when it never does (or there is none). */
    public Optional<Instant> secretExpiry() {
        return clientSecretExpiresAt == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(clientSecretExpiresAt));
    }

    public boolean isSecretExpired(Instant now) {
        return secretExpiry().map(expiry -> !now.isBefore(expiry)).orElse(false);
    }

    public boolean isConfidential() {
        return clientSecret != null;
    }

    @Override
    public String toString() {
        return "ClientInformation[clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "none" : "(hidden)")
                + ", clientIdIssuedAt=" + clientIdIssuedAt
                + ", clientSecretExpiresAt=" + clientSecretExpiresAt
                + ", registrationAccessToken=" + (registrationAccessToken == null ? "none" : "(hidden)")
                + ", registrationClientUri=" + registrationClientUri
                + ", tokenEndpointAuthMethod=" + tokenEndpointAuthMethod + "]";
    }
}
