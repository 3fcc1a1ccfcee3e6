package dev.mcpoauth.server.entity;

/** How the broker obtains the tokens of a server's connections. */
public enum ServerGrant {
    /** A person signs in in their browser (RFC 6749 §4.1, with PKCE). */
    AUTHORIZATION_CODE,
    /** No person: the broker's own client credentials (RFC 6749 §4.4, MCP SEP-1046). */
    CLIENT_CREDENTIALS,
    /** No person: a workload identity token presented as an RFC 7523 §2.1 assertion (MCP SEP-1933). */
    WORKLOAD_IDENTITY,
    /**
     * A person's identity assertion, exchanged at their organisation's identity provider for an
     * Identity Assertion JWT Authorization Grant (RFC 8693) that the server's authorization
     * server takes with the JWT bearer grant (RFC 7523 §2.1): MCP SEP-990, no consent page.
     */
    ENTERPRISE_MANAGED;

    /** A connection without a person: shared by a role, its tokens asked for again before they expire. */
    public boolean isService() {
        return this == CLIENT_CREDENTIALS || this == WORKLOAD_IDENTITY;
    }
}
