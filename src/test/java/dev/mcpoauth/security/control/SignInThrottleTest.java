package dev.mcpoauth.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));

    final SignInThrottle throttle = new SignInThrottle(clock, 3, 5, Duration.ofMinutes(5), 100);

    @Test
    void refusesAUserAfterTheLimitUntilTheWindowEndsAndForgivesAfterASuccess() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfter("alice", "10.0.0." + i)).isEmpty();
            throttle.failed("alice", "10.0.0." + i);
        }
        clock.advance(Duration.ofSeconds(60));

        assertThat(throttle.retryAfter("alice", "10.0.0.9")).contains(Duration.ofMinutes(4));
        assertThat(throttle.retryAfter("bob", "10.0.0.9")).as("another user from another address").isEmpty();
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.retryAfter("alice", "10.0.0.9")).as("the window ended").isEmpty();

        throttle.failed("alice", "10.0.0.9");
        throttle.succeeded("alice");
        assertThat(throttle.retryAfter("alice", "10.0.0.10")).isEmpty();
    }

    @Test
    void refusesAnAddressThatGuessesManyNamesAndASuccessDoesNotResetIt() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "192.0.2.1");
        }
        throttle.succeeded("mallory");

        assertThat(throttle.retryAfter("alice", "192.0.2.1")).contains(Duration.ofMinutes(5));
        assertThat(throttle.retryAfter(null, "192.0.2.1")).as("bearer tokens too").isPresent();
        assertThat(throttle.retryAfter("alice", "192.0.2.2")).isEmpty();
    }

    @Test
    void staysWithinItsCapacityWithoutForgettingLiveWindows() {
        var small = new SignInThrottle(clock, 1, 1000, Duration.ofMinutes(5), 4);
        small.failed("alice", null);
        for (int i = 0; i < 10; i++) {
            small.failed("user" + i, null);
        }

        assertThat(small.size()).isLessThanOrEqualTo(4);
        assertThat(small.retryAfter("alice", null)).isPresent();
        clock.advance(Duration.ofMinutes(5));
        small.failed("late", null);
        assertThat(small.retryAfter("late", null)).as("expired windows make room").isPresent();
    }
}
