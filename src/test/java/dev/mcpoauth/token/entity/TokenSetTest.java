package dev.mcpoauth.token.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.KeyRing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenSetTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Instant ISSUED = CLOCK.instant();
    static final SecretSealer SEALER = new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));

    TokenSet expiringIn(Duration lifetime, String refreshToken) {
        return new TokenSet("c-1", "https://as.example.com", SEALER, "access", refreshToken, "Bearer", "files:read",
                ISSUED, ISSUED.plus(lifetime));
    }

    boolean dueAfter(TokenSet tokens, Duration elapsed) {
        return tokens.isExpiring(ISSUED.plus(elapsed), WINDOW);
    }

    @Test
    void aTokenThatLivesAsLongAsTheWindowIsNotDueAtIssueButAtHalfItsLifetime() {
        TokenSet fiveMinutes = expiringIn(Duration.ofSeconds(300), "refresh");

        assertThat(dueAfter(fiveMinutes, Duration.ZERO)).isFalse();
        assertThat(dueAfter(fiveMinutes, Duration.ofSeconds(149))).isFalse();
        assertThat(dueAfter(fiveMinutes, Duration.ofSeconds(150))).isTrue();
    }

    @Test
    void aTwentySecondTokenIsDueAfterTenSeconds() {
        TokenSet short_ = expiringIn(Duration.ofSeconds(20), "refresh");

        assertThat(dueAfter(short_, Duration.ZERO)).isFalse();
        assertThat(dueAfter(short_, Duration.ofSeconds(9))).isFalse();
        assertThat(dueAfter(short_, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void anHourTokenIsDueWhenTheWindowBeginsFiveMinutesBeforeItsExpiry() {
        TokenSet hour = expiringIn(Duration.ofHours(1), "refresh");

        assertThat(dueAfter(hour, Duration.ofMinutes(30))).isFalse();
        assertThat(dueAfter(hour, Duration.ofMinutes(54).plusSeconds(59))).isFalse();
        assertThat(dueAfter(hour, Duration.ofMinutes(55))).isTrue();
    }

    @Test
    void storesTheHalfWayPointOfTheCurrentTokenForTheSweepsQuery() {
        TokenSet tokens = expiringIn(Duration.ofSeconds(300), "refresh");
        assertThat(tokens.halfLifeAt()).contains(ISSUED.plusSeconds(150));

        Instant later = ISSUED.plusSeconds(200);
        tokens.refreshed(SEALER, "access-2", null, null, later, later.plusSeconds(20));

        assertThat(tokens.halfLifeAt()).contains(later.plusSeconds(10));
        assertThat(tokens.isExpiring(later.plusSeconds(9), WINDOW)).isFalse();
        assertThat(tokens.isExpiring(later.plusSeconds(10), WINDOW)).isTrue();
    }

    @Test
    void aNewGrantStartsANewLifetime() {
        TokenSet tokens = expiringIn(Duration.ofSeconds(20), "refresh");
        Instant later = ISSUED.plusSeconds(15);

        tokens.replace("https://as.example.com", SEALER, "access-2", "refresh-2", "Bearer", null, later,
                later.plusSeconds(300));

        assertThat(tokens.isExpiring(later, WINDOW)).isFalse();
        assertThat(tokens.halfLifeAt()).contains(later.plusSeconds(150));
        assertThat(tokens.renewedAt()).isEqualTo(later);
    }

    @Test
    void knowsWhetherSomeoneRenewedItAfterAnInstant() {
        TokenSet tokens = expiringIn(Duration.ofSeconds(300), "refresh");
        Instant asked = ISSUED.plusSeconds(10);
        assertThat(tokens.isRenewedAfter(asked)).isFalse();

        tokens.refreshed(SEALER, "access-2", null, null, asked.plusSeconds(1), asked.plusSeconds(301));

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
        TokenSet tokens = expiringIn(Duration.ofMinutes(1), "old-refresh");
        Instant later = CLOCK.instant().plusSeconds(50);

        tokens.refreshed(SEALER, "access-2", null, null, later, later.plusSeconds(3600));
        assertThat(tokens.refreshToken(SEALER)).contains("old-refresh");
        assertThat(tokens.scopes()).contains("files:read");

        tokens.refreshed(SEALER, "access-3", "new-refresh", "files:read files:write", later, later.plusSeconds(3600));
        assertThat(tokens.refreshToken(SEALER)).contains("new-refresh");
        assertThat(tokens.scopes()).contains("files:read files:write");
        assertThat(tokens.refreshedAt()).contains(later);
        assertThat(tokens.isExpiring(later, WINDOW)).isFalse();
    }

    @Test
    void usesATokenOutsideTheWindowRefreshesOneInsideItAndReauthorizesOnlyWhenNothingElseHelps() {
        TokenSet refreshable = expiringIn(Duration.ofMinutes(20), "refresh");
        assertThat(refreshable.next(ISSUED.plus(Duration.ofMinutes(14)), WINDOW)).isEqualTo(TokenSet.Next.USE);
        assertThat(refreshable.next(ISSUED.plus(Duration.ofMinutes(15)), WINDOW)).isEqualTo(TokenSet.Next.REFRESH);
        assertThat(refreshable.next(ISSUED.plus(Duration.ofMinutes(25)), WINDOW)).isEqualTo(TokenSet.Next.REFRESH);

        TokenSet withoutRefreshToken = expiringIn(Duration.ofMinutes(20), null);
        assertThat(withoutRefreshToken.next(ISSUED.plus(Duration.ofMinutes(19)), WINDOW))
                .as("an expiring token that cannot be refreshed stays usable until it expires")
                .isEqualTo(TokenSet.Next.USE);
        assertThat(withoutRefreshToken.next(ISSUED.plus(Duration.ofMinutes(20)), WINDOW))
                .isEqualTo(TokenSet.Next.REAUTHORIZE);
    }

    @Test
    void sealsItsTokensForItsOwnRowAndColumns() {
        TokenSet tokens = expiringIn(Duration.ofMinutes(20), "refresh");

        assertThat(tokens.accessToken(SEALER).value()).isEqualTo("access");
        assertThat(tokens.refreshToken(SEALER)).contains("refresh");
        assertThat(TokenSet.ACCESS_TOKEN.name()).isEqualTo("token_set.access_token");
        assertThat(TokenSet.REFRESH_TOKEN.name()).isEqualTo("token_set.refresh_token");
    }
}
