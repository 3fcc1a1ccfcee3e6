package dev.mcpoauth.registration.entity;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.oauth.entity.JsonMembers;
import dev.mcpoauth.oauth.entity.OAuthError;
import jakarta.json.JsonObject;

/**
 * A refused registration (RFC 7591 §3.2.2), reduced to its {@code error} code: the
 * {@code error_description} is upstream free text and is neither kept nor shown (the message
 * comes from the catalogue below, with what the broker sent and how to fix it). The code is
 * checked as {@link OAuthError#checkedCode} checks every OAuth error code.
 */
public record RegistrationError(String error) {

    static final String DOCUMENT = "client registration error";

    public RegistrationError {
        error = OAuthError.checkedCode(error);
    }

    public static RegistrationError fromJSON(JsonObject json) {
        return new RegistrationError(new JsonMembers(json, DOCUMENT).requiredString("error"));
    }

    public JsonObject toJSON() {
        return JsonBuilders.object().add("error", error).build();
    }

    /** The redirect URIs or the client metadata were refused: retrying unchanged cannot help. */
    public boolean isMetadataRejected() {
        return "invalid_redirect_uri".equals(error) || "invalid_client_metadata".equals(error);
    }

    /** The refusal in plain words for the admin, naming what the broker sent and the way out. */
    public String plainMessage(ClientMetadata sent) {
        String redirect = String.join(", ", sent.redirectUris());
        return switch (error) {
            case "invalid_redirect_uri" -> "The authorization server refused the registration: invalid_redirect_uri."
                    + " The broker registers the redirect URI " + redirect + "; that server does not accept it (many"
                    + " accept only https, or only pre-approved URIs). Set mcpoauth.public-base-url to an address the"
                    + " server accepts, or register the broker there with that redirect URI and set its client id on"
                    + " this MCP server.";
            case "invalid_client_metadata" -> "The authorization server refused the registration:"
                    + " invalid_client_metadata. The broker sent a web client with the redirect URI " + redirect
                    + ", the grant types " + String.join(" ", sent.grantTypes()) + ", the token endpoint auth method "
                    + sent.tokenEndpointAuthMethod()
                    + (sent.scope() == null ? "" : " and the scope override of this MCP server")
                    + ". Check what the server requires, or register the broker there and set its client id on"
                    + " this MCP server.";
            case "invalid_software_statement", "unapproved_software_statement" -> "The authorization server refused"
                    + " the registration: " + error + ". It wants a software statement, which the broker does not"
                    + " send: register the broker there and set its client id on this MCP server.";
            case OAuthError.UNRECOGNIZED -> "The authorization server refused the registration with an error code that"
                    + " is not a valid OAuth error code.";
            default -> "The authorization server refused the registration: " + error + ".";
        };
    }
}
