package dev.mcpoauth.oauth.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Bearer challenge from {@code WWW-Authenticate} (RFC 6750 §3, with RFC 9728 §5.1
 * {@code resource_metadata}), or a DPoP one (RFC 9449 §7.1), which has the same parameters plus
 * {@code algs}. {@code params} holds every parameter, names in lower case.
 */
public record BearerChallenge(String scheme, Map<String, String> params) {

    public BearerChallenge {
        params = Map.copyOf(params);
    }

    /** The protected-resource metadata URL (RFC 9728 §5.1), or null. */
    public String resourceMetadata() {
        return params.get("resource_metadata");
    }

    /** The space-delimited scope the request needs (RFC 6750 §3), or null. */
    public String scope() {
        return params.get("scope");
    }

    public String error() {
        return params.get("error");
    }

    public String errorDescription() {
        return params.get("error_description");
    }

    public String realm() {
        return params.get("realm");
    }

    /** The scope tokens (RFC 6749 §3.3: separated by spaces), empty when no scope was challenged. */
    public List<String> scopes() {
        String scope = scope();
        if (scope == null) {
            return List.of();
        }
        return Arrays.stream(scope.split(" ")).filter(token -> !token.isEmpty()).distinct().toList();
    }

    /** RFC 6750 §3.1: the token lacks scope; the client may re-authorize with more (step-up). */
    public boolean isInsufficientScope() {
        return "insufficient_scope".equals(error());
    }

    public boolean isInvalidToken() {
        return "invalid_token".equals(error());
    }

    public boolean isDpop() {
        return "dpop".equalsIgnoreCase(scheme);
    }

    /** RFC 9449 §9: the resource server wants a proof with the nonce of its {@code DPoP-Nonce} header. */
    public boolean isUseDpopNonce() {
        return isDpop() && "use_dpop_nonce".equals(error());
    }
}
