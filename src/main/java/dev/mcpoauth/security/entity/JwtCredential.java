package dev.mcpoauth.security.entity;

import jakarta.security.enterprise.credential.Credential;
import java.util.Objects;

/** A compact JWT presented as an RFC 6750 §2.1 bearer token. */
public record JwtCredential(String token) implements Credential {

    public JwtCredential {
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "JwtCredential[token=<redacted>]";
    }
}
