package dev.mcpoauth.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifiedCredentialsTest {

    static final String HASH = "pbkdf2-sha256$1$AAAA$BBBB";

    final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));

    final VerifiedCredentials verified = new VerifiedCredentials(clock, Duration.ofMinutes(5), 3);

    @Test
    void remembersASuccessfulVerification() {
        verified.remember("alice", "pw".toCharArray(), HASH);

        assertThat(verified.contains("alice", "pw".toCharArray(), HASH)).isTrue();
    }

    @Test
    void doesNotMatchAnotherPasswordNameOrStoredHash() {
        verified.remember("alice", "pw".toCharArray(), HASH);

        assertThat(verified.contains("alice", "pw2".toCharArray(), HASH)).isFalse();
        assertThat(verified.contains("bob", "pw".toCharArray(), HASH)).isFalse();
        assertThat(verified.contains("alice", "pw".toCharArray(), HASH + "X")).isFalse();
    }

    @Test
    void forgetsAfterTheTimeToLive() {
        verified.remember("alice", "pw".toCharArray(), HASH);

        clock.advance(Duration.ofMinutes(5));

        assertThat(verified.contains("alice", "pw".toCharArray(), HASH)).isFalse();
    }

    @Test
    void staysWithinItsCapacity() {
        for (int i = 0; i < 10; i++) {
            verified.remember("user" + i, "pw".toCharArray(), HASH);
        }

        assertThat(verified.size()).isLessThanOrEqualTo(3);
        assertThat(verified.contains("user9", "pw".toCharArray(), HASH)).isTrue();
    }
}
