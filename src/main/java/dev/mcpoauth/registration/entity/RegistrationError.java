package dev.mcpoauth.registration.entity;

import dev.mcpoauth.discovery.entity.JsonMembers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A refused registration (RFC 7591 §3.2.2), reduced to {@code error} and
 * {@code error_description}: nothing else from an upstream error body is kept.
 */
public record RegistrationError(String error, String errorDescription) {

    static final String DOCUMENT = "client registration error";
    static final int MAX_DESCRIPTION = 300;

    public static RegistrationError fromJSON(JsonObject json) {
        JsonMembers members = new JsonMembers(json, DOCUMENT);
        String description = members.optionalString("error_description");
        return new RegistrationError(members.requiredString("error"), description == null ? null : printable(description));
    }

    public JsonObject toJSON() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("error", error);
        JsonMembers.put(json, "error_description", errorDescription);
        return json.build();
    }

    /** The redirect URIs or the client metadata were refused: retrying unchanged cannot help. */
    public boolean isMetadataRejected() {
        return "invalid_redirect_uri".equals(error) || "invalid_client_metadata".equals(error);
    }

    // error_description is upstream text shown to people: bounded, without control characters
    static String printable(String text) {
        String cleaned = text.replaceAll("\\p{Cntrl}", " ");
        return cleaned.length() > MAX_DESCRIPTION ? cleaned.substring(0, MAX_DESCRIPTION) + "…" : cleaned;
    }
}
