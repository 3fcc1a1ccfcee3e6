package dev.mcpoauth.token.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.testing.SettableClock;
import dev.mcpoauth.token.entity.RefreshOutcome;
import dev.mcpoauth.token.entity.TokenSet;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The decision under the row lock, without a database: the same one callers take before the
 * lock, taken again because another caller or node may have refreshed while this one waited.
 * None of these reaches discovery or the token endpoint (both are absent here).
 */
class LockedTokensTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final SecretSealer SEALER = new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));
    static final EventSubject SUBJECT = new EventSubject(NOW, "alice", "alice", "s-1", "c-1", null);

    final SettableClock clock = new SettableClock(NOW);
    final List<LockModeType> locks = new ArrayList<>();
    TokenSet stored;

    LockedTokens lockedTokens() {
        LockedTokens tokens = new LockedTokens();
        tokens.em = (EntityManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("find") && args.length == 3 && args[0] == TokenSet.class) {
                        locks.add((LockModeType) args[2]);
                        return stored;
                    }
                    throw new AssertionError("unexpected database call " + method.getName());
                });
        tokens.sealer = SEALER;
        tokens.clock = clock;
        tokens.window = Duration.ofMinutes(5);
        tokens.defaultLifetime = Duration.ofHours(1);
        return tokens;
    }

    TokenSet lasting(Duration lifetime, String refreshToken) {
        return new TokenSet("c-1", "https://as.example.com", SEALER, "at-1", refreshToken, "Bearer", "files:read",
                NOW, NOW.plus(lifetime));
    }

    @Test
    void usesTheStoredTokenWhenItIsNoLongerDueOnceTheLockIsHeld() {
        stored = lasting(Duration.ofHours(1), "rt-1");

        RefreshOutcome outcome = lockedTokens().refresh("c-1", null, SUBJECT);

        assertThat(outcome).isInstanceOfSatisfying(RefreshOutcome.Current.class,
                current -> assertThat(current.token().value()).isEqualTo("at-1"));
        assertThat(locks).containsExactly(LockModeType.PESSIMISTIC_WRITE);
    }

    @Test
    void keepsUsingAnExpiringTokenWithoutRefreshTokenUntilItExpires() {
        stored = lasting(Duration.ofMinutes(4), null);
        clock.advance(Duration.ofMinutes(3));

        assertThat(lockedTokens().refresh("c-1", null, SUBJECT)).isInstanceOf(RefreshOutcome.Current.class);

        clock.advance(Duration.ofMinutes(1));
        assertThat(lockedTokens().refresh("c-1", null, SUBJECT)).isInstanceOf(RefreshOutcome.Nothing.class);
    }

    @Test
    void reportsNothingWhenTheConnectionHoldsNoTokens() {
        assertThat(lockedTokens().refresh("c-1", null, SUBJECT)).isInstanceOf(RefreshOutcome.Nothing.class);
    }

    @Test
    void aForcedRefreshWithoutRefreshTokenSaysWhenTheTokenEnds() {
        stored = lasting(Duration.ofHours(1), null);

        RefreshOutcome outcome = lockedTokens().refresh("c-1", NOW, SUBJECT);

        assertThat(outcome).isEqualTo(new RefreshOutcome.NotRefreshable(NOW.plus(Duration.ofHours(1)), false));
    }

    @Test
    void aForcedRefreshDoesNotRotateATokenSomeoneRenewedAfterItWasAsked() {
        stored = lasting(Duration.ofHours(1), "rt-1");
        Instant asked = NOW.minusSeconds(1);

        RefreshOutcome outcome = lockedTokens().refresh("c-1", asked, SUBJECT);

        assertThat(outcome).isInstanceOf(RefreshOutcome.Current.class);
    }

    @Test
    void aRefusedTokenThatIsStillStoredIsRefreshedByForce() {
        stored = lasting(Duration.ofHours(1), null);

        RefreshOutcome outcome = lockedTokens().refreshRejected("c-1", "at-1", SUBJECT);

        assertThat(outcome).as("forced: without a refresh token it can only say when the token ends")
                .isEqualTo(new RefreshOutcome.NotRefreshable(NOW.plus(Duration.ofHours(1)), false));
    }

    @Test
    void aRefusedTokenSomeoneAlreadyReplacedIsNotRefreshedAgainAndTheNewOneIsUsed() {
        stored = lasting(Duration.ofHours(1), "rt-1");
        clock.advance(Duration.ofMinutes(10));

        RefreshOutcome outcome = lockedTokens().refreshRejected("c-1", "at-0", SUBJECT);

        assertThat(outcome).isInstanceOfSatisfying(RefreshOutcome.Current.class,
                current -> assertThat(current.token().value()).isEqualTo("at-1"));
        assertThat(locks).containsExactly(LockModeType.PESSIMISTIC_WRITE);
    }
}
