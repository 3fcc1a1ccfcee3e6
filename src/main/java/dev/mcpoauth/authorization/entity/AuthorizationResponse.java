package dev.mcpoauth.authorization.entity;

import dev.mcpoauth.oauth.entity.OAuthError;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization response as it arrives at the redirect URI: a {@code code} (RFC 6749
 * §4.1.2) or an {@code error} (§4.1.2.1), the {@code state}, and the issuer {@code iss}
 * (RFC 9207 §2). Values are form-decoded and otherwise untouched: {@code iss} is compared
 * as a string. {@code toString} hides the code and the state.
 */
public record AuthorizationResponse(String code, String state, String iss, OAuthError error) {

    static final List<String> PARAMETERS = List.of("code", "state", "iss", "error", "error_description", "error_uri");
    static final int MAX_VALUE = 4096;

    /**
     * @param parameters decoded query parameters, every value of each name (as JAX-RS gives them)
     * @throws IllegalArgumentException when a parameter repeats, is over-long, state is missing,
     *     or there is neither a code nor an error (or both); the message names no value
     */
    public static AuthorizationResponse fromQuery(Map<String, List<String>> parameters) {
        for (String name : PARAMETERS) {
            List<String> values = parameters.getOrDefault(name, List.of());
            // RFC 6749 §3.1: parameters MUST NOT be included more than once
            if (values.size() > 1) {
                throw malformed("repeats the " + name + " parameter");
            }
            if (!values.isEmpty() && values.get(0) != null && values.get(0).length() > MAX_VALUE) {
                throw malformed("has an over-long " + name + " parameter");
            }
        }
        String code = nonEmpty(parameters, "code");
        String state = nonEmpty(parameters, "state");
        Optional<OAuthError> error = OAuthError.fromQuery(parameters);
        if (state == null) {
            throw malformed("has no state");
        }
        if ((code == null) == error.isEmpty()) {
            throw malformed(code == null ? "has neither a code nor an error" : "has both a code and an error");
        }
        return new AuthorizationResponse(code, state, single(parameters, "iss"), error.orElse(null));
    }

    public boolean isError() {
        return error != null;
    }

    public Optional<String> issuer() {
        return Optional.ofNullable(iss);
    }

    static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static String nonEmpty(Map<String, List<String>> parameters, String name) {
        String value = single(parameters, name);
        return value == null || value.isEmpty() ? null : value;
    }

    static IllegalArgumentException malformed(String problem) {
        return new IllegalArgumentException("The authorization response " + problem + ".");
    }

    @Override
    public String toString() {
        return "AuthorizationResponse[code=" + (code == null ? "none" : "(hidden)") + ", state=(hidden), iss=" + iss
                + ", error=" + error + "]";
    }
}
