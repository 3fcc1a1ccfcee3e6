package dev.mcpoauth.oauth.entity;

import dev.mcpoauth.outbound.entity.OutboundFailure;
import java.util.Optional;

/**
 * A request to a token or revocation endpoint that did not succeed, in the three shapes a caller
 * branches on: {@link Rejected} (an OAuth error response: decide by its code), {@link Transient}
 * (try again later; never a reason to re-authorize) and {@link BadResponse} (the server answered
 * with something that is not OAuth). Messages name the endpoint's host and path, the HTTP
 * status and the error code, never a token, code, secret or an upstream description.
 */
public abstract sealed class OAuthRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status, or 0 when no answer arrived. */
    private final int status;

    OAuthRequestException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The server refused the request with an error response (RFC 6749 §5.2, RFC 7009 §2.2.1). */
    public static final class Rejected extends OAuthRequestException {

        private static final long serialVersionUID = 1L;
        private final OAuthError error;

        public Rejected(String where, int status, OAuthError error) {
            super(where + " refused the request: " + error.error() + " (HTTP " + status + ").", status, null);
            this.error = error;
        }

        public OAuthError error() {
            return error;
        }
    }

    /**
     * The server could not be reached, did not answer in time, failed (HTTP 5xx, 429) or said
     * {@code temporarily_unavailable} / {@code server_error}: the same request may succeed later.
     */
    public static final class Transient extends OAuthRequestException {

        private static final long serialVersionUID = 1L;
        private final OAuthError error;

        public Transient(String message, int status, OAuthError errorOrNull, Throwable cause) {
            super(message, status, cause);
            this.error = errorOrNull;
        }

        public Optional<OAuthError> error() {
            return Optional.ofNullable(error);
        }

        /** Whether the server answered at all: an HTTP failure is not a time-out, and people should be told which. */
        public boolean answered() {
            return status() != 0;
        }

        /**
         * What went wrong in plain words, to follow "The authorization server": "did not answer
         * in time", "could not be reached", "failed (HTTP 500)" or "is temporarily unavailable (…)".
         */
        public String plainReason() {
            if (error != null) {
                return "is temporarily unavailable (" + error.error() + ", HTTP " + status() + ")";
            }
            if (answered()) {
                return "failed (HTTP " + status() + ")";
            }
            return getCause() instanceof OutboundFailure failure && failure.kind() == OutboundFailure.Kind.TIMED_OUT
                    ? "did not answer in time"
                    : "could not be reached";
        }
    }

    /** A redirect, an over-long body, a body that is not the expected JSON, or a token response that is unusable. */
    public static final class BadResponse extends OAuthRequestException {

        private static final long serialVersionUID = 1L;

        public BadResponse(String message, int status) {
            super(message, status, null);
        }
    }
}
