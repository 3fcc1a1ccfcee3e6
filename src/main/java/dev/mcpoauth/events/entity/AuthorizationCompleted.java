package dev.mcpoauth.events.entity;

import java.time.Instant;

/**
 * The code was exchanged and the connection holds tokens. {@code signInAgainAt} is the access
 * token's expiry when the authorization server issued no refresh token (null otherwise): the
 * person must sign in again then.
 */
public record AuthorizationCompleted(EventSubject subject, String issuer, String grantedScopes, Instant signInAgainAt)
        implements BrokerEvent {

    public AuthorizationCompleted(EventSubject subject, String issuer, String grantedScopes) {
        this(subject, issuer, grantedScopes, null);
    }

    @Override
    public Outcome outcome() {
        return Outcome.SUCCESS;
    }

    @Override
    public String details() {
        return "Connected at " + issuer
                + (grantedScopes == null || grantedScopes.isBlank() ? "" : " with scopes " + grantedScopes)
                + (signInAgainAt == null ? "" : "; no refresh token was issued, so a new sign-in is needed when the"
                        + " access token expires at " + signInAgainAt);
    }
}
