package dev.mcpoauth.authorization.control;

import dev.mcpoauth.authorization.entity.AuthorizationResponse;
import java.util.Objects;

/**
 * The RFC 9207 mix-up defence, run before a code is sent anywhere or an error is acted on:
 * the {@code iss} of the authorization response must equal, as a plain string, the issuer
 * recorded when the flow started (RFC 9207 §2.4: no normalisation of case, ports, slashes or
 * percent-encoding). It is required when the metadata advertises
 * {@code authorization_response_iss_parameter_supported}, and checked whenever it is sent.
 */
public enum IssuerCheck {
    /** {@code iss} equals the recorded issuer. */
    MATCHED,
    /** Neither advertised nor sent: nothing to check (RFC 9207 §2.4). */
    NOT_SENT,
    /** Advertised but absent: the response is rejected. */
    MISSING,
    /** Sent and different: the response comes from another server and is rejected. */
    MISMATCHED;

    public static IssuerCheck verify(AuthorizationResponse response, String recordedIssuer,
            boolean issParameterSupported) {
        Objects.requireNonNull(recordedIssuer, "recordedIssuer");
        String iss = response.iss();
        if (iss == null) {
            return issParameterSupported ? MISSING : NOT_SENT;
        }
        return iss.equals(recordedIssuer) ? MATCHED : MISMATCHED;
    }

    public boolean passed() {
        return this == MATCHED || this == NOT_SENT;
    }

    /**
     * The error fields of a response that failed the check must not be acted on or shown
     * (RFC 9207 §2.4, MCP authorization): they may come from an attacker's server.
     */
    public boolean mayShowError() {
        return passed();
    }
}
