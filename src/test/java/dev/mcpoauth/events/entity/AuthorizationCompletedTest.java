package dev.mcpoauth.events.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthorizationCompletedTest {

    static final EventSubject SUBJECT = new EventSubject(Instant.EPOCH, "alice", "alice", "s-1", "c-1", null);

    @Test
    void saysAtConnectThatWithoutRefreshTokenANewSignInIsNeededAtExpiry() {
        Instant expiry = Instant.parse("2026-12-01T11:00:00Z");

        assertThat(new AuthorizationCompleted(SUBJECT, "https://as.example.com", "files:read", expiry).details())
                .contains("no refresh token was issued", "new sign-in", expiry.toString());
    }

    @Test
    void saysNothingOfASignInWhenTheConnectionCanBeRefreshed() {
        assertThat(new AuthorizationCompleted(SUBJECT, "https://as.example.com", "files:read").details())
                .isEqualTo("Connected at https://as.example.com with scopes files:read");
    }
}
