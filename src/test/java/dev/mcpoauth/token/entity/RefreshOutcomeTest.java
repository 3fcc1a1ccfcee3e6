package dev.mcpoauth.token.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemDetail;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshOutcomeTest {

    static final Instant EXPIRY = Instant.parse("2026-12-01T11:00:00Z");

    static JsonObject problem(RefreshOutcome.NotRefreshable outcome) {
        ProblemException e = outcome.problem();
        return new ProblemDetail(e.problem(), e.getMessage(), null, e.extensions()).toJSON();
    }

    @Test
    void aRefreshWithoutRefreshTokenIsAConflictThatRetryingCannotSolve() {
        JsonObject json = problem(new RefreshOutcome.NotRefreshable(EXPIRY, false));

        assertThat(json.getInt("status")).isEqualTo(409);
        assertThat(json.getString("type")).endsWith(":refresh-unavailable");
        assertThat(json.getBoolean("retryable")).isFalse();
        assertThat(json.getBoolean("requiresReauthorization")).isFalse();
        assertThat(json.getString("expiresAt")).isEqualTo(EXPIRY.toString());
        assertThat(json.getString("detail")).contains("no refresh token", "valid until " + EXPIRY);
    }

    @Test
    void onceTheTokenExpiredOnlyANewSignInHelps() {
        JsonObject json = problem(new RefreshOutcome.NotRefreshable(EXPIRY, true));

        assertThat(json.getString("type")).endsWith(":refresh-unavailable");
        assertThat(json.getBoolean("requiresReauthorization")).isTrue();
        assertThat(json.getString("detail")).contains("expired at " + EXPIRY, "Connect again");
        assertThat(new RefreshOutcome.NotRefreshable(EXPIRY, true).problem().problem())
                .isEqualTo(Problem.REFRESH_UNAVAILABLE);
    }
}
