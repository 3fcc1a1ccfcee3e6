package dev.mcpoauth.authorization.control;

import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.server.entity.PkcePolicy;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;

/**
 * MCP authorization: a client must verify PKCE support from the metadata and refuse an
 * authorization server that does not advertise S256 — unless the admin vouches for one that
 * omits the field (some large identity providers do).
 */
public final class PkceRequirement {

    private PkceRequirement() {}

    /** @return a plain sentence saying why PKCE may be used */
    public static String check(PkcePolicy policy, AuthorizationServerMetadata as) {
        if (as.supportsS256()) {
            return "The authorization server supports PKCE with S256.";
        }
        if (!as.advertisesCodeChallengeMethods() && policy == PkcePolicy.ASSUME_SUPPORTED) {
            return "The authorization server does not advertise its PKCE methods; S256 is assumed, as this"
                    + " server's PKCE policy says.";
        }
        throw new ProblemException(Problem.CONFIGURATION_MISMATCH, "The authorization server does not advertise PKCE"
                + " with S256 (code_challenge_methods_supported), so the broker will not send anyone there. If you"
                + " know it supports S256, set the server's pkcePolicy to ASSUME_SUPPORTED.");
    }
}
