package dev.mcpoauth.token.entity;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/** What a refresh attempt under the connection's lock came to. */
public sealed interface RefreshOutcome {

    /**
     * The one place where what a refresh came to becomes a token, or the problem its caller sees.
     *
     * @param failure how the caller describes a failed refresh
     * @param reconnect the problem when only a new sign-in helps, given a detail to use or replace
     */
    default AccessToken tokenOrThrow(String failure, Function<String, ProblemException> reconnect) {
        if (this instanceof Current current) {
            return current.token();
        }
        if (this instanceof Refreshed refreshed) {
            return refreshed.token();
        }
        if (this instanceof Obtained obtained) {
            return obtained.token();
        }
        if (this instanceof Failed failed) {
            throw failed.problem(failure);
        }
        if (this instanceof NotRefreshable unavailable) {
            throw unavailable.problem();
        }
        throw reconnect.apply(this instanceof GrantLost lost
                ? lost.reason() + " Connect again."
                : "This connection holds no token that can be refreshed. Connect again.");
    }

    /** Another caller refreshed first, or no refresh was due: the stored token is good. */
    record Current(AccessToken token) implements RefreshOutcome {}

    /** The authorization server issued a new access token (and maybe a new refresh token). */
    record Refreshed(AccessToken token, boolean rotated) implements RefreshOutcome {}

    /** A connection without a browser got its first tokens from its grant (a service's, an identity assertion's). */
    record Obtained(AccessToken token, String issuer, String grantedScopes) implements RefreshOutcome {}

    /** The grant is gone ({@code invalid_grant}, an unusable client, another issuer): tokens deleted. */
    record GrantLost(String code, String reason) implements RefreshOutcome {}

    /** The refresh failed without proving the grant gone; nothing changed. */
    record Failed(String code, String reason, boolean transientFailure) implements RefreshOutcome {

        /** As a problem for the caller, with the authorization server's error code as the {@code error} extension. */
        public ProblemException problem(String detail) {
            return new ProblemException(transientFailure ? Problem.UPSTREAM_UNAVAILABLE : Problem.UPSTREAM_REJECTED,
                    detail + ": " + reason, Map.of("error", code));
        }
    }

    /**
     * A refresh was asked for, but the connection holds no refresh token: only a new sign-in
     * renews it, once the access token expires (or now, when it has).
     */
    record NotRefreshable(Instant expiresAt, boolean expired) implements RefreshOutcome {

        public ProblemException problem() {
            String detail = expired
                    ? "This connection has no refresh token and its access token expired at " + expiresAt
                            + ". Connect again."
                    : "This connection has no refresh token: its access token stays valid until " + expiresAt
                            + ", then you need to connect again.";
            return new ProblemException(Problem.REFRESH_UNAVAILABLE, detail,
                    Map.of("expiresAt", expiresAt.toString(), "requiresReauthorization", expired));
        }
    }

    /** The connection holds no tokens, or none that can be refreshed. */
    record Nothing() implements RefreshOutcome {}
}
