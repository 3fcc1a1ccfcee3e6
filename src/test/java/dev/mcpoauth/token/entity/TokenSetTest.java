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
    static final Instant ISSUED = CLOCK.instant();

    TokenSet expiringIn(Duration lifetime, String sealedRefreshToken) {
        return new TokenSet("c-1", "https://as.example.com", "k:access", sealedRefreshToken, "Bearer", "files:read",
                ISSUED, ISSUED.plus(lifetime));
    }

    boolean dueAfter(TokenSet tokens, Duration elapsed) {
        return tokens.isExpiring(ISSUED.plus(elapsed), WINDOW);
    }

    @Test
    void aTokenThatLivesAsLongAsTheWindowIsNotDueAtIssueButAtHalfItsLifetime() {
        TokenSet fiveMinutes = expiringIn(Duration.ofSeconds(300), "k:refresh");

        assertThat(dueAfter(fiveMinutes, Duration.ZERO)).isFalse();
        assertThat(dueAfter(fiveMinutes, Duration.ofSeconds(149))).isFalse();
        assertThat(dueAfter(fiveMinutes, Duration.ofSeconds(150))).isTrue();
    }

    @Test
    void aTwentySecondTokenIsDueAfterTenSeconds() {
        TokenSet short_ = expiringIn(Duration.ofSeconds(20), "k:refresh");

        assertThat(dueAfter(short_, Duration.ZERO)).isFalse();
        assertThat(dueAfter(short_, Duration.ofSeconds(9))).isFalse();
        assertThat(dueAfter(short_, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void anHourTokenIsDueWhenTheWindowBeginsFiveMinutesBeforeItsExpiry() {
        TokenSet hour = expiringIn(Duration.ofHours(1), "k:refresh");

        assertThat(dueAfter(hour, Duration.ofMinutes(30))).isFalse();
        assertThat(dueAfter(hour, Duration.ofMinutes(54).plusSeconds(59))).isFalse();
        assertThat(dueAfter(hour, Duration.ofMinutes(55))).isTrue();
    }

    @Test
    void storesTheHalfWayPointOfTheCurrentTokenForTheSweepsQuery() {
        TokenSet tokens = expiringIn(Duration.ofSeconds(300), "k:refresh");
        assertThat(tokens.halfLifeAt()).contains(ISSUED.plusSeconds(150));

        Instant later = ISSUED.plusSeconds(200);
        tokens.refreshed("k:access-2", null, null, later, later.plusSeconds(20));

        assertThat(tokens.halfLifeAt()).contains(later.plusSeconds(10));
        assertThat(tokens.isExpiring(later.plusSeconds(9), WINDOW)).isFalse();
        assertThat(tokens.isExpiring(later.plusSeconds(10), WINDOW)).isTrue();
    }

    @Test
    void aNewGrantStartsANewLifetime() {
        TokenSet tokens = expiringIn(Duration.ofSeconds(20), "k:refresh");
        Instant later = ISSUED.plusSeconds(15);

        tokens.replace("https://as.example.com", "k:access-2", "k:refresh-2", "Bearer", null, later,
                later.plusSeconds(300));

        assertThat(tokens.isExpiring(later, WINDOW)).isFalse();
        assertThat(tokens.halfLifeAt()).contains(later.plusSeconds(150));
        assertThat(tokens.renewedAt()).isEqualTo(later);
    }

    @Test
    void knowsWhetherSomeoneRenewedItAfterAnInstant() {
        TokenSet tokens = expiringIn(Duration.ofSeconds(300), "k:refresh");
        Instant asked = ISSUED.plusSeconds(10);
        assertThat(tokens.isRenewedAfter(asked)).isFalse();

        tokens.refreshed("k:access-2", null, null, asked.plusSeconds(1), asked.plusSeconds(301));

        assertThat(tokens.isRenewedAfter(asked)).isTrue();
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
