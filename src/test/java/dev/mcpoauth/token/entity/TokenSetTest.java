package dev.mcpoauth.token.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenSetTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    static final Duration WINDOW = Duration.ofMinutes(5);

    TokenSet expiringIn(Duration lifetime, String sealedRefreshToken) {
        Instant now = CLOCK.instant();
        return new TokenSet("c-1", "https://as.example.com", "k:access", sealedRefreshToken, "Bearer", "files:read", now,
                now.plus(lifetime));
    }

    @Test
    void isExpiringOnlyWithinTheWindow() {
        assertThat(expiringIn(Duration.ofMinutes(6), "k:refresh").isExpiring(CLOCK.instant(), WINDOW)).isFalse();
        assertThat(expiringIn(Duration.ofMinutes(5), "k:refresh").isExpiring(CLOCK.instant(), WINDOW)).isTrue();
        assertThat(expiringIn(Duration.ofMinutes(1), "k:refresh").isExpiring(CLOCK.instant(), WINDOW)).isTrue();
    }

    @Test
    void isExpiredFromItsExpiryOn() {
        TokenSet tokens = expiringIn(Duration.ofSeconds(30), null);
        assertThat(tokens.isExpired(CLOCK.instant())).isFalse();
        assertThat(tokens.isExpired(CLOCK.instant().plusSeconds(30))).isTrue();
        assertThat(tokens.canRefresh()).isFalse();
    }

    @Test
    void keepsTheOldRefreshTokenOnlyWhenNoneIsReturned() {
        TokenSet tokens = expiringIn(Duration.ofMinutes(1), "k:old-refresh");
        Instant later = CLOCK.instant().plusSeconds(50);

        tokens.refreshed("k:access-2", null, null, later, later.plusSeconds(3600));
        assertThat(tokens.sealedRefreshToken()).contains("k:old-refresh");
        assertThat(tokens.scopes()).contains("files:read");

        tokens.refreshed("k:access-3", "k:new-refresh", "files:read files:write", later, later.plusSeconds(3600));
        assertThat(tokens.sealedRefreshToken()).contains("k:new-refresh");
        assertThat(tokens.scopes()).contains("files:read files:write");
        assertThat(tokens.refreshedAt()).contains(later);
        assertThat(tokens.isExpiring(later, WINDOW)).isFalse();
    }
}
