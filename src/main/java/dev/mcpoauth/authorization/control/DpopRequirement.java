package dev.mcpoauth.authorization.control;

import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.server.entity.DpopMode;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Whether a connection's tokens are bound to a DPoP key (RFC 9449): when the authorization server
 * advertises ES256 in {@code dpop_signing_alg_values_supported} (RFC 9449 §5.1), the one algorithm
 * the broker signs with, unless the admin turned DPoP off for the server; a server whose admin
 * requires DPoP is refused otherwise.
 */
public final class DpopRequirement {

    static final String MEMBER = "dpop_signing_alg_values_supported";

    private DpopRequirement() {}

    /** @throws ProblemException CONFIGURATION_MISMATCH when DPoP is required and ES256 not advertised */
    public static boolean applies(DpopMode mode, AuthorizationServerMetadata as) {
        if (mode == DpopMode.NEVER) {
            return false;
        }
        if (advertisesEs256(as)) {
            return true;
        }
        if (mode == DpopMode.REQUIRED) {
            throw new ProblemException(Problem.CONFIGURATION_MISMATCH, "This server requires DPoP, but its"
                    + " authorization server does not advertise " + DpopKey.ALGORITHM + " in " + MEMBER
                    + ", so the broker will not connect. Set the server's dpop to WHEN_ADVERTISED to use bearer"
                    + " tokens there.");
        }
        return false;
    }

    static boolean advertisesEs256(AuthorizationServerMetadata as) {
        JsonValue algorithms = as.raw().get(MEMBER);
        return algorithms instanceof JsonArray array && array.stream()
                .anyMatch(value -> value instanceof JsonString text && DpopKey.ALGORITHM.equals(text.getString()));
    }
}
