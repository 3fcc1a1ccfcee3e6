package dev.mcpoauth.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void concurrentRequestsOfOneUserShareOneVerification() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService requests = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            answers.add(requests.submit(() -> verified.verify("alice", "pw".toCharArray(), HASH, () -> {
                runs.incrementAndGet();
                running.countDown();
                await(release);
                return true;
            })));
            await(running);
            for (int i = 0; i < 7; i++) {
                answers.add(requests.submit(() -> verified.verify("alice", "pw".toCharArray(), HASH, () -> {
                    runs.incrementAndGet();
                    return true;
                })));
            }
            release.countDown();
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            requests.shutdownNow();
        }
        assertThat(runs).as("one PBKDF2 run; the others waited for it or found it remembered").hasValue(1);
    }

    @Test
    void aFailedVerificationIsNotRemembered() {
        assertThat(verified.verify("alice", "wrong".toCharArray(), HASH, () -> false)).isFalse();

        assertThat(verified.contains("alice", "wrong".toCharArray(), HASH)).isFalse();
        assertThat(verified.verify("alice", "pw".toCharArray(), HASH, () -> true)).isTrue();
        assertThat(verified.verify("alice", "pw".toCharArray(), HASH, () -> {
            throw new AssertionError("remembered: no second run");
        })).isTrue();
    }

    @Test
    void whenFullForgetsTheLeastRecentlyUsedNotEveryone() {
        verified.remember("a", "pw".toCharArray(), HASH);
        verified.remember("b", "pw".toCharArray(), HASH);
        verified.remember("c", "pw".toCharArray(), HASH);
        assertThat(verified.contains("a", "pw".toCharArray(), HASH)).isTrue();

        verified.remember("d", "pw".toCharArray(), HASH);

        assertThat(verified.size()).isEqualTo(3);
        assertThat(verified.contains("b", "pw".toCharArray(), HASH)).as("least recently used").isFalse();
        assertThat(verified.contains("a", "pw".toCharArray(), HASH)).isTrue();
        assertThat(verified.contains("c", "pw".toCharArray(), HASH)).isTrue();
        assertThat(verified.contains("d", "pw".toCharArray(), HASH)).isTrue();
    }

    @Test
    void whenFullForgetsExpiredEntriesFirst() {
        verified.remember("a", "pw".toCharArray(), HASH);
        clock.advance(Duration.ofMinutes(3));
        verified.remember("b", "pw".toCharArray(), HASH);
        verified.remember("c", "pw".toCharArray(), HASH);
        clock.advance(Duration.ofMinutes(3));
        verified.contains("b", "pw".toCharArray(), HASH);
        verified.contains("c", "pw".toCharArray(), HASH);

        verified.remember("d", "pw".toCharArray(), HASH);
        verified.remember("e", "pw".toCharArray(), HASH);

        assertThat(verified.contains("b", "pw".toCharArray(), HASH)).as("the oldest live one, once a was gone").isFalse();
        assertThat(verified.contains("c", "pw".toCharArray(), HASH)).isTrue();
        assertThat(verified.contains("d", "pw".toCharArray(), HASH)).isTrue();
        assertThat(verified.contains("e", "pw".toCharArray(), HASH)).isTrue();
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
