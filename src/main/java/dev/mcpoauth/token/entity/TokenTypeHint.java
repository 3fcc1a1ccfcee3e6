package dev.mcpoauth.token.entity;

/** The {@code token_type_hint} of a revocation request (RFC 7009 §2.1). */
public enum TokenTypeHint {
    ACCESS_TOKEN("access_token"),
    REFRESH_TOKEN("refresh_token");

    final String wireName;

    TokenTypeHint(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
