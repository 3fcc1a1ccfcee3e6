package dev.mcpoauth.token.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.authorization.boundary.Authorizations;
import dev.mcpoauth.authorization.entity.AuthorizationRequiredException;
import dev.mcpoauth.authorization.entity.FlowStart;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.RecordedEvents;
import dev.mcpoauth.events.entity.TokenRefreshFailed;
import dev.mcpoauth.events.entity.TokenRefreshed;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.testing.SettableClock;
import dev.mcpoauth.token.entity.AccessToken;
import dev.mcpoauth.token.entity.RefreshOutcome;
import dev.mcpoauth.token.entity.TokenSet;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    static final EventSubject SUBJECT = new EventSubject(CLOCK.instant(), "alice", "alice", "s-1", "c-1", null);
    static final AccessToken FRESH = new AccessToken("fresh", CLOCK.instant().plusSeconds(300), null);
    static final RefreshOutcome.Failed UNAVAILABLE = new RefreshOutcome.Failed("temporarily_unavailable",
            "The token endpoint at as.example.com/token failed with HTTP 503.", true);
    // generous: the machine running the tests may be loaded
    static final long PATIENCE_SECONDS = 30;
    static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "access-tokens-test");
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

        @Override
        public RefreshOutcome refreshRejected(String connectionId, String rejectedAccessToken, EventSubject subject) {
            return refresh(connectionId, Instant.EPOCH, subject);
        }

        int calls(String connectionId) {
            return calls.getOrDefault(connectionId, new AtomicInteger()).get();
        }
    }

    final RecordedEvents events = new RecordedEvents();
    final List<Duration> pauses = new CopyOnWriteArrayList<>();

    final RecordingTimer refreshDuration = new RecordingTimer();

    AccessTokens refreshes(ScriptedTokens tokens) {
        AccessTokens refreshes = new AccessTokens();
        refreshes.refreshDuration = refreshDuration;
        refreshes.lockedTokens = tokens;
        refreshes.events = events;
        refreshes.clock = CLOCK;
        refreshes.attempts = 3;
        refreshes.backoff = Duration.ofSeconds(10);
        refreshes.pause = pauses::add;
        return refreshes;
    }

    static RefreshOutcome inOtherThread(AccessTokens refreshes, String connectionId) throws Exception {
        return CompletableFuture.supplyAsync(() -> refreshes.refresh(connectionId, false, SUBJECT), THREADS)
                .get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void backsOffWithNoLockOrTransactionHeldSoOtherCallersProceedMeanwhile() {
        AtomicInteger firstCallerAttempts = new AtomicInteger();
        ScriptedTokens tokens = new ScriptedTokens(id -> id.equals("c-1") && firstCallerAttempts.getAndIncrement() == 0
                ? UNAVAILABLE
                : new RefreshOutcome.Current(FRESH));
        AccessTokens refreshes = refreshes(tokens);
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
        AccessTokens refreshes = refreshes(tokens);

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
        AccessTokens refreshes = refreshes(tokens);

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

    // the decision before the lock: the same TokenSet.next as under it, with a pinned clock

    static final SecretSealer SEALER = new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));
    final SettableClock clock = new SettableClock(CLOCK.instant());
    final Connection connection = Connection.ofUser(new McpServer("files", "https://mcp.example.com/mcp",
            CLOCK.instant()), "alice", CLOCK.instant());
    final List<String> flowsStarted = new ArrayList<>();
    TokenSet stored;

    AccessTokens forConnection(ScriptedTokens locked) {
        AccessTokens tokens = refreshes(locked);
        tokens.clock = clock;
        tokens.sealer = SEALER;
        tokens.window = Duration.ofMinutes(5);
        tokens.tokens = new TokenStore() {
            @Override
            public Optional<TokenSet> find(String connectionId) {
                return Optional.ofNullable(stored).filter(found -> found.connectionId().equals(connectionId));
            }

            @Override
            public Optional<Held> held(String connectionId) {
                return Optional.of(connection).filter(known -> known.id().equals(connectionId))
                        .map(known -> new Held(known, find(connectionId)));
            }
        };
        tokens.connections = new Connections() {
            @Override
            public Optional<Connection> find(String connectionId) {
                return Optional.of(connection).filter(known -> known.id().equals(connectionId));
            }

            @Override
            public Connection forUse(String serverId, Identity identity) {
                assertThat(identity.name()).isEqualTo("alice");
                return connection;
            }
        };
        tokens.authorizations = new Authorizations() {
            @Override
            public FlowStart start(Connection target, Identity owner, Optional<String> scope,
                    Optional<String> returnUrl) {
                flowsStarted.add(owner.name());
                return new FlowStart("flow-1", target.id(), URI.create("https://broker.example.com/start/flow-1"),
                        CLOCK.instant().plusSeconds(600));
            }
        };
        return tokens;
    }

    TokenSet lasting(Duration lifetime, String refreshToken) {
        return new TokenSet(connection.id(), "https://as.example.com", SEALER, "stored", refreshToken, "Bearer", null,
                CLOCK.instant(), CLOCK.instant().plus(lifetime));
    }

    static ScriptedTokens answering(RefreshOutcome outcome) {
        return new ScriptedTokens(id -> outcome);
    }

    @Test
    void usesAValidTokenWithoutTakingAnyLock() {
        stored = lasting(Duration.ofHours(1), "rt");
        ScriptedTokens locked = answering(new RefreshOutcome.Current(FRESH));

        AccessToken token = forConnection(locked).forConnection(connection.id());

        assertThat(token.value()).isEqualTo("stored");
        assertThat(locked.calls(connection.id())).isZero();
        assertThat(refreshDuration.getCount()).as("no refresh was timed").isZero();
    }

    @Test
    void refreshesAnExpiringTokenAndUsesTheNewOne() {
        stored = lasting(Duration.ofMinutes(10), "rt");
        clock.advance(Duration.ofMinutes(6));
        ScriptedTokens locked = answering(new RefreshOutcome.Refreshed(FRESH, true));

        AccessToken token = forConnection(locked).forConnection(connection.id());

        assertThat(token).isEqualTo(FRESH);
        assertThat(locked.calls(connection.id())).isEqualTo(1);
        assertThat(refreshDuration.getCount()).isEqualTo(1);
        assertThat(events.fired).singleElement().isInstanceOf(TokenRefreshed.class);
    }

    @Test
    void keepsUsingAnUnexpiredTokenWhenItsRefreshFails() {
        stored = lasting(Duration.ofMinutes(10), "rt");
        clock.advance(Duration.ofMinutes(6));

        AccessToken token = forConnection(answering(new RefreshOutcome.Failed("invalid_scope", "refused", false)))
                .forConnection(connection.id());

        assertThat(token.value()).isEqualTo("stored");
    }

    @Test
    void anExpiredTokenWhoseRefreshFailsTransientlyIsUpstreamUnavailable() {
        stored = lasting(Duration.ofMinutes(10), "rt");
        clock.advance(Duration.ofMinutes(10));

        ProblemException problem = catchThrowableOfType(() -> forConnection(answering(UNAVAILABLE))
                .forConnection(connection.id()), ProblemException.class);

        assertThat(problem.problem()).isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
        assertThat(problem.getMessage()).startsWith("The access token expired and could not be renewed");
        assertThat(pauses).hasSize(2);
    }

    @Test
    void anExpiredTokenWithoutRefreshTokenRequiresAuthorizationWithoutAnyRefresh() {
        stored = lasting(Duration.ofMinutes(10), null);
        clock.advance(Duration.ofMinutes(10));
        ScriptedTokens locked = answering(new RefreshOutcome.Current(FRESH));

        AuthorizationRequiredException required = catchThrowableOfType(() -> forConnection(locked)
                .forConnection(connection.id()), AuthorizationRequiredException.class);

        assertThat(required.getMessage()).contains("has expired and cannot be renewed without you");
        assertThat(required.flow()).map(FlowStart::flowId).contains("flow-1");
        assertThat(flowsStarted).containsExactly("alice");
        assertThat(locked.calls(connection.id())).isZero();
    }

    @Test
    void aLostGrantRequiresAuthorizationWithAFlowForTheOwner() {
        stored = lasting(Duration.ofMinutes(10), "rt");
        clock.advance(Duration.ofMinutes(9));

        AuthorizationRequiredException required = catchThrowableOfType(() -> forConnection(
                answering(new RefreshOutcome.GrantLost("invalid_grant", "The grant is gone.")))
                .forConnection(connection.id()), AuthorizationRequiredException.class);

        assertThat(required.getMessage()).isEqualTo("Your access to files has ended; connect again.");
        assertThat(flowsStarted).containsExactly("alice");
    }

    @Test
    void aPersonWhoHasNeverConnectedIsSentToAuthorize() {
        AuthorizationRequiredException required = catchThrowableOfType(() -> forConnection(
                answering(new RefreshOutcome.Nothing())).forConnection(connection.id()),
                AuthorizationRequiredException.class);

        assertThat(required.getMessage()).isEqualTo("You are not connected to files yet.");
    }

    @Test
    void forUserUsesTheConnectionThePersonUsesForTheServer() {
        stored = lasting(Duration.ofHours(1), "rt");

        AccessToken token = forConnection(answering(new RefreshOutcome.Nothing()))
                .forUser(new Identity("alice", false, role -> false), "files");

        assertThat(token.value()).isEqualTo("stored");
    }

    @Test
    void aRefreshAskedForByAPersonAfterTheGrantWasLostRequiresAuthorizationWithTheReason() {
        ProblemException problem = catchThrowableOfType(() -> forConnection(
                answering(new RefreshOutcome.GrantLost("invalid_grant", "The grant is gone.")))
                .refreshNow(connection, "alice"), ProblemException.class);

        assertThat(problem).isNotInstanceOf(AuthorizationRequiredException.class);
        assertThat(problem.problem()).isEqualTo(Problem.AUTHORIZATION_REQUIRED);
        assertThat(problem.getMessage()).isEqualTo("The grant is gone. Connect again.");
        assertThat(flowsStarted).isEmpty();
    }

    @Test
    void aRefreshAskedForByAPersonWithoutRefreshTokenIsRefreshUnavailable() {
        Instant expiry = CLOCK.instant().plusSeconds(600);
        ProblemException problem = catchThrowableOfType(() -> forConnection(
                answering(new RefreshOutcome.NotRefreshable(expiry, false))).refreshNow(connection, "alice"),
                ProblemException.class);

        assertThat(problem.problem()).isEqualTo(Problem.REFRESH_UNAVAILABLE);
    }

    @Test
    void aTokenOtherThanTheRefusedOneCountsAsRecoveredWhoeverRenewedIt() {
        AccessToken refused = new AccessToken("refused", FRESH.expiresAt(), null);
        assertThat(forConnection(answering(new RefreshOutcome.Current(FRESH)))
                .refreshedAfterRejection(connection, refused, SUBJECT)).isTrue();
        assertThat(forConnection(answering(new RefreshOutcome.Current(refused)))
                .refreshedAfterRejection(connection, refused, SUBJECT)).isFalse();
        assertThat(forConnection(answering(new RefreshOutcome.Refreshed(FRESH, true)))
                .refreshedAfterRejection(connection, refused, SUBJECT)).isTrue();
    }

    @Test
    void onlyANewTokenCountsAsRecoveredAfterTheMcpServerRejectedOne() {
        assertThat(forConnection(answering(new RefreshOutcome.Refreshed(FRESH, false)))
                .refreshedAfterRejection(connection, SUBJECT)).isTrue();
        assertThat(forConnection(answering(new RefreshOutcome.Current(FRESH)))
                .refreshedAfterRejection(connection, SUBJECT)).isFalse();
    }
}
