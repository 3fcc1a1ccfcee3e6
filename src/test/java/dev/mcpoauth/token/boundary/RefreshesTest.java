package dev.mcpoauth.token.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.RecordedEvents;
import dev.mcpoauth.events.entity.TokenRefreshFailed;
import dev.mcpoauth.events.entity.TokenRefreshed;
import dev.mcpoauth.token.entity.AccessToken;
import dev.mcpoauth.token.entity.RefreshOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RefreshesTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    static final EventSubject SUBJECT = new EventSubject(CLOCK.instant(), "alice", "alice", "s-1", "c-1", null);
    static final AccessToken FRESH = new AccessToken("fresh", CLOCK.instant().plusSeconds(300), null);
    static final RefreshOutcome.Failed UNAVAILABLE = new RefreshOutcome.Failed("temporarily_unavailable",
            "The token endpoint at as.example.com/token failed with HTTP 503.", true);
    // generous: the machine running the tests may be loaded
    static final long PATIENCE_SECONDS = 30;
    static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "refreshes-test");
        thread.setDaemon(true);
        return thread;
    });

    /** LockedTokens without a database: answers from a script and counts who is inside at once. */
    static final class ScriptedTokens extends LockedTokens {

        final Function<String, RefreshOutcome> script;
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final List<Instant> forcedSince = new CopyOnWriteArrayList<>();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInsideAtOnce = new AtomicInteger();

        ScriptedTokens(Function<String, RefreshOutcome> script) {
            this.script = script;
        }

        @Override
        public RefreshOutcome refresh(String connectionId, Instant forceUnlessRenewedAfter, EventSubject subject) {
            int now = inside.incrementAndGet();
            mostInsideAtOnce.accumulateAndGet(now, Math::max);
            try {
                calls.computeIfAbsent(connectionId, id -> new AtomicInteger()).incrementAndGet();
                forcedSince.add(forceUnlessRenewedAfter == null ? Instant.EPOCH : forceUnlessRenewedAfter);
                return script.apply(connectionId);
            } finally {
                inside.decrementAndGet();
            }
        }

        int calls(String connectionId) {
            return calls.getOrDefault(connectionId, new AtomicInteger()).get();
        }
    }

    final RecordedEvents events = new RecordedEvents();
    final List<Duration> pauses = new CopyOnWriteArrayList<>();

    Refreshes refreshes(ScriptedTokens tokens) {
        Refreshes refreshes = new Refreshes();
        refreshes.lockedTokens = tokens;
        refreshes.events = events;
        refreshes.clock = CLOCK;
        refreshes.attempts = 3;
        refreshes.backoff = Duration.ofSeconds(10);
        refreshes.pause = pauses::add;
        return refreshes;
    }

    static RefreshOutcome inOtherThread(Refreshes refreshes, String connectionId) throws Exception {
        return CompletableFuture.supplyAsync(() -> refreshes.refresh(connectionId, false, SUBJECT), THREADS)
                .get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void backsOffWithNoLockOrTransactionHeldSoOtherCallersProceedMeanwhile() {
        AtomicInteger firstCallerAttempts = new AtomicInteger();
        ScriptedTokens tokens = new ScriptedTokens(id -> id.equals("c-1") && firstCallerAttempts.getAndIncrement() == 0
                ? UNAVAILABLE
                : new RefreshOutcome.Current(FRESH));
        Refreshes refreshes = refreshes(tokens);
        List<RefreshOutcome> duringTheBackOff = new ArrayList<>();
        List<Boolean> heldDuringTheBackOff = new ArrayList<>();
        refreshes.pause = delay -> {
            pauses.add(delay);
            heldDuringTheBackOff.add(refreshes.locks.isHeld("c-1") || tokens.inside.get() > 0);
            try {
                duringTheBackOff.add(inOtherThread(refreshes, "c-1"));
                duringTheBackOff.add(inOtherThread(refreshes, "c-2"));
            } catch (Exception e) {
                throw new AssertionError("a caller waited for the one backing off", e);
            }
        };

        RefreshOutcome outcome = refreshes.refresh("c-1", false, SUBJECT);

        assertThat(pauses).containsExactly(Duration.ofSeconds(10));
        assertThat(heldDuringTheBackOff).containsExactly(false);
        assertThat(duringTheBackOff).allMatch(RefreshOutcome.Current.class::isInstance);
        assertThat(outcome).as("the retry looks again and finds the token another caller renewed")
                .isInstanceOf(RefreshOutcome.Current.class);
        assertThat(tokens.calls("c-1")).isEqualTo(3);
        assertThat(refreshes.locks.inUse()).as("no lock is kept for a connection nobody uses").isZero();
    }

    @Test
    void retriesATransientFailureWithExponentialBackOffThenReportsItOnce() {
        ScriptedTokens tokens = new ScriptedTokens(id -> UNAVAILABLE);
        Refreshes refreshes = refreshes(tokens);

        RefreshOutcome outcome = refreshes.refresh("c-1", false, SUBJECT);

        assertThat(outcome).isEqualTo(UNAVAILABLE);
        assertThat(tokens.calls("c-1")).isEqualTo(3);
        assertThat(pauses).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(events.fired).singleElement().isInstanceOf(TokenRefreshFailed.class);
    }

    @Test
    void doesNotRetryAFailureThatIsNotTransient() {
        ScriptedTokens tokens = new ScriptedTokens(id -> new RefreshOutcome.Failed("invalid_scope", "refused", false));

        refreshes(tokens).refresh("c-1", false, SUBJECT);

        assertThat(tokens.calls("c-1")).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aForcedRefreshRetriesOnlyUnlessSomeoneRenewedTheTokenSinceItWasAsked() {
        AtomicInteger attempts = new AtomicInteger();
        ScriptedTokens tokens = new ScriptedTokens(id -> attempts.getAndIncrement() == 0
                ? UNAVAILABLE
                : new RefreshOutcome.Refreshed(FRESH, true));

        RefreshOutcome outcome = refreshes(tokens).refresh("c-1", true, SUBJECT);

        assertThat(outcome).isInstanceOf(RefreshOutcome.Refreshed.class);
        assertThat(tokens.forcedSince).as("every attempt compares with the moment the refresh was asked for")
                .containsExactly(CLOCK.instant(), CLOCK.instant());
        assertThat(events.fired).singleElement().isInstanceOf(TokenRefreshed.class);
    }

    @Test
    void callersOfOneConnectionGoOneAtATimeWhileOtherConnectionsDoNotWait() throws Exception {
        // "Aa" and "BB" have the same hash code: they would share any lock striped by hash
        String slowId = "Aa";
        String otherId = "BB";
        CountDownLatch slowInside = new CountDownLatch(1);
        CountDownLatch otherConnectionArrived = new CountDownLatch(1);
        ScriptedTokens tokens = new ScriptedTokens(id -> {
            if (id.equals(slowId)) {
                slowInside.countDown();
                try {
                    // holds the slow connection's lock until a caller of another connection got through
                    assertThat(otherConnectionArrived.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (id.equals(otherId)) {
                otherConnectionArrived.countDown();
            }
            return new RefreshOutcome.Current(FRESH);
        });
        Refreshes refreshes = refreshes(tokens);

        CompletableFuture<RefreshOutcome> slow = CompletableFuture.supplyAsync(
                () -> refreshes.refresh(slowId, false, SUBJECT), THREADS);
        assertThat(slowInside.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(inOtherThread(refreshes, otherId)).isInstanceOf(RefreshOutcome.Current.class);
        assertThat(slow.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isInstanceOf(RefreshOutcome.Current.class);

        tokens.mostInsideAtOnce.set(0);
        List<CompletableFuture<RefreshOutcome>> same = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            same.add(CompletableFuture.supplyAsync(() -> refreshes.refresh("c-1", false, SUBJECT), THREADS));
        }
        CompletableFuture.allOf(same.toArray(CompletableFuture[]::new)).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(tokens.mostInsideAtOnce.get()).isEqualTo(1);
        assertThat(refreshes.locks.inUse()).isZero();
    }
}
