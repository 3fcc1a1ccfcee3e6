package dev.mcpoauth.authorization.control;

import java.util.Optional;

/**
 * Whether a flow's answer may still be exchanged at the authorization server the flow started
 * with (RFC 9700 §4.4, mix-up): the flow must carry its token endpoint, and neither the admin's
 * configured issuer nor the issuer the MCP server last named may differ from the flow's. The
 * code then goes to the flow's own token endpoint, never to whatever discovery says now.
 */
public enum FlowBinding {
    /** The flow's authorization server is still the server's: exchange at the flow's token endpoint. */
    KEPT,
    /** The server now names another authorization server: no token request at all. */
    ISSUER_CHANGED,
    /** A flow from before flows carried their token endpoint and client. */
    UNBOUND;

    public static FlowBinding check(String flowIssuer, Optional<String> flowTokenEndpoint,
            Optional<String> configuredIssuer, Optional<String> lastNamedIssuer) {
        if (flowTokenEndpoint.isEmpty()) {
            return UNBOUND;
        }
        boolean moved = configuredIssuer.filter(issuer -> !issuer.equals(flowIssuer)).isPresent()
                || lastNamedIssuer.filter(issuer -> !issuer.equals(flowIssuer)).isPresent();
        return moved ? ISSUER_CHANGED : KEPT;
    }

    /** The audit and flow code of a refusal. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
