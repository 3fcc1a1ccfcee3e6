package dev.mcpoauth.outbound.entity;

/**
 * A URL refused by the outbound URL policy before any connection was opened. The message names
 * the host and the rule, never the path or query (they may carry secrets).
 */
public class UrlForbiddenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Rule {
        NOT_ABSOLUTE("not an absolute http(s) URL"),
        SCHEME("only https is allowed"),
        USERINFO("user information (user:password@) is not allowed in URLs"),
        NO_HOST("the URL has no usable host"),
        UNRESOLVABLE("the host name does not resolve"),
        UNSPECIFIED("unspecified address (0.0.0.0/8, ::)"),
        LOOPBACK("loopback address (127.0.0.0/8, ::1)"),
        PRIVATE("private address (10/8, 172.16/12, 192.168/16, fc00::/7)"),
        LINK_LOCAL("link-local address (169.254/16 incl. cloud metadata, fe80::/10)"),
        SHARED("shared address space (100.64/10, carrier-grade NAT)"),
        MULTICAST("multicast address"),
        RESERVED("reserved or special-purpose address");

        final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Rule rule;

    public UrlForbiddenException(Rule rule, String message) {
        super(message);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
