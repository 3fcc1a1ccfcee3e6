package dev.mcpoauth.oauth.control;

import dev.mcpoauth.oauth.entity.OAuthError;
import dev.mcpoauth.oauth.entity.OAuthRequestException;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Rejected;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Transient;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * What an OAuth endpoint answered to a {@link FormPost}: the status, the body when it is a JSON
 * object and the {@code DPoP-Nonce} header (RFC 9449 §8), with the rules that turn an
 * unsuccessful answer into an {@link OAuthRequestException}.
 */
public record FormReply(String where, int status, Optional<JsonObject> json, Optional<String> dpopNonce) {

    public FormReply(String where, int status, Optional<JsonObject> json) {
        this(where, status, json, Optional.empty());
    }

    /** RFC 9449 §8: the server refused the request until its proof carries the nonce it sent. */
    public boolean asksForDpopNonce() {
        return status == 400 && dpopNonce.isPresent()
                && json.flatMap(OAuthError::fromJSON).map(error -> "use_dpop_nonce".equals(error.error())).orElse(false);
    }

    /** 2xx without an {@code error} member (some servers send errors with HTTP 200). */
    public boolean isSuccess() {
        return status / 100 == 2 && json.flatMap(OAuthError::fromJSON).isEmpty();
    }

    /** The exception for a reply that is not a success. */
    public OAuthRequestException failure() {
        Optional<OAuthError> error = json.flatMap(OAuthError::fromJSON);
        if (error.isPresent()) {
            return error.get().isTransient()
                    ? new Transient(where + " is temporarily unable to answer: " + error.get().error()
                            + " (HTTP " + status + ").", status, error.get(), null)
                    : new Rejected(where, status, error.get());
        }
        if (status / 100 == 3) {
            return new BadResponse(where + " answered with a redirect (HTTP " + status
                    + "); redirects are not followed.", status);
        }
        if (status / 100 == 5 || status == 429) {
            return new Transient(where + " failed with HTTP " + status + ".", status, null, null);
        }
        return new BadResponse(where + " answered HTTP " + status + " without an OAuth error.", status);
    }

    /** The JSON object of a successful reply. */
    public JsonObject requireJson() {
        return json.orElseThrow(() -> new BadResponse(where + " did not answer with a JSON object.", status));
    }

    @Override
    public String toString() {
        return "FormReply[" + where + ", HTTP " + status + "]";
    }
}
