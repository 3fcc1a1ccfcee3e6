package dev.mcpoauth.registration.control;

import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.registration.entity.ClientInformation;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.util.List;

/**
 * Picks how the broker authenticates at a token endpoint. The broker is a confidential client
 * and prefers a secret in the Authorization header (RFC 6749 §2.3.1 says servers MUST support it),
 * then in the body, then none (public client, PKCE only).
 */
public final class AuthMethodNegotiation {

    public static final List<String> PREFERENCE = List.of("client_secret_basic", "client_secret_post", "none");

    private AuthMethodNegotiation() {}

    /** From the AS metadata; an absent list means client_secret_basic (RFC 8414 §2). */
    public static String choose(AuthorizationServerMetadata metadata) {
        return choose(metadata.tokenEndpointAuthMethods());
    }

    /** @throws ProblemException UNSUPPORTED_AUTH_METHOD when none of the offered methods is usable */
    public static String choose(List<String> supported) {
        return PREFERENCE.stream().filter(supported::contains).findFirst()
                .orElseThrow(() -> unsupported("The authorization server accepts only " + String.join(", ", supported)
                        + " at its token endpoint; the broker supports " + String.join(", ", PREFERENCE) + "."));
    }

    /**
     * The method to use after registration: the server may replace the requested one
     * (RFC 7591 §3.2.1), and its answer wins when the broker supports it.
     */
    public static String registered(ClientInformation information, String requested) {
        String method = information.tokenEndpointAuthMethod() == null ? requested : information.tokenEndpointAuthMethod();
        if (!PREFERENCE.contains(method)) {
            throw unsupported("The authorization server registered the broker for " + method
                    + " at its token endpoint, which the broker does not support.");
        }
        if (!method.equals("none") && !information.isConfidential()) {
            throw unsupported("The authorization server registered the broker for " + method
                    + " but issued no client secret.");
        }
        return method;
    }

    static ProblemException unsupported(String message) {
        return new ProblemException(Problem.UNSUPPORTED_AUTH_METHOD, message);
    }
}
