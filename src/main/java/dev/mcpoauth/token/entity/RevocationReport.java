package dev.mcpoauth.token.entity;

import dev.mcpoauth.events.entity.CredentialsRevoked;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.Outcome;
import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonObject;

/**
 * What disconnecting did, token by token (RFC 7009). The broker's copies are deleted either way;
 * this says whether the authorization server ended the grant too.
 */
public record RevocationReport(TokenRevocation refreshToken, TokenRevocation accessToken) {

    public static final RevocationReport NOTHING_STORED = new RevocationReport(TokenRevocation.NONE, TokenRevocation.NONE);

    /** Both tokens were skipped for the same reason (no revocation endpoint, another issuer, discovery failed). */
    public static RevocationReport notSent(TokenRevocation reason, boolean hadRefreshToken) {
        return new RevocationReport(hadRefreshToken ? reason : TokenRevocation.NONE, reason);
    }

    /**
     * The grant ended at the server: revoking the refresh token ends it (RFC 7009 §2.1); without
     * one, the access token must be revoked.
     */
    public boolean revokedAtServer() {
        return refreshToken.result() == TokenRevocation.Result.NO_TOKEN
                ? accessToken.isRevoked()
                : refreshToken.isRevoked();
    }

    /** The connection held a grant that the authorization server did not confirm ended. */
    public boolean grantMayLive() {
        return !equals(NOTHING_STORED) && !revokedAtServer();
    }

    public boolean anyFailed() {
        return refreshToken.result() == TokenRevocation.Result.FAILED
                || accessToken.result() == TokenRevocation.Result.FAILED;
    }

    /** FAILURE when the server refused or did not answer; SUCCESS when it ended the grant; INFO otherwise. */
    public Outcome outcome() {
        if (anyFailed()) {
            return Outcome.FAILURE;
        }
        return revokedAtServer() ? Outcome.SUCCESS : Outcome.INFO;
    }

    /** Plain words for people and the audit trail. */
    public String details() {
        if (this.equals(NOTHING_STORED)) {
            return "No tokens were stored; nothing to revoke";
        }
        String head = anyFailed()
                ? "Tokens deleted here, but the authorization server did not confirm revocation"
                : revokedAtServer() ? "Tokens revoked at the authorization server and deleted" : "Tokens deleted";
        return head + ". Refresh token: " + refreshToken.detail() + ". Access token: " + accessToken.detail() + ".";
    }

    /** The audit event for this report. */
    public CredentialsRevoked event(EventSubject subject) {
        return new CredentialsRevoked(subject, revokedAtServer(), outcome(), details());
    }

    public JsonObject toJSON() {
        return JsonBuilders.object()
                .add("revokedAtServer", revokedAtServer())
                .add("refreshToken", refreshToken.result().wireName())
                .add("accessToken", accessToken.result().wireName())
                .add("revocationDetail", details())
                .build();
    }
}
