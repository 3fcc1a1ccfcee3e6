package dev.mcpoauth.token.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.BrokerReadiness;
import dev.mcpoauth.cluster.boundary.TimerLeases;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.RecordedEvents;
import dev.mcpoauth.events.entity.TokenExpiringSoon;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.token.entity.TokenSet;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TokenRefreshTimerTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    final List<String> databaseCalls = new CopyOnWriteArrayList<>();
    final BrokerReadiness readiness = new BrokerReadiness();
    final TokenRefreshTimer timer = new TokenRefreshTimer();
    final RecordedEvents events = new RecordedEvents();
    List<String> expiring = List.of();

    /** The due query's pages, in the order the sweep asks for them; then nothing is due. */
    final Deque<List<Object[]>> duePages = new ArrayDeque<>();
    /** The parameters of each due query: where the sweep resumed. */
    final List<Map<String, Object>> dueParameters = new CopyOnWriteArrayList<>();

    TypedQuery<?> query(Object name) {
        Map<String, Object> parameters = new HashMap<>();
        return (TypedQuery<?>) Proxy.newProxyInstance(TokenRefreshTimerTest.class.getClassLoader(),
                new Class<?>[] {TypedQuery.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setParameter")) {
                        parameters.put((String) args[0], args[1]);
                    }
                    if (!method.getName().equals("getResultList")) {
                        return proxy;
                    }
                    if (name.equals(TokenSet.EXPIRING_UNWARNED)) {
                        return expiring;
                    }
                    dueParameters.add(parameters);
                    return duePages.isEmpty() ? List.of() : duePages.poll();
                });
    }

    TokenRefreshTimerTest() {
        timer.readiness = readiness;
        timer.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        timer.window = Duration.ofMinutes(5);
        timer.batch = 10;
        // records what the sweep asks of the database; every query finds nothing
        timer.em = (EntityManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
                    databaseCalls.add(method.getName());
                    return query(args[0]);
                });
        timer.refreshers = Executors.newFixedThreadPool(2);
        timer.interval = Duration.ofMinutes(1);
        timer.leases = new TimerLeases() {
            @Override
            public boolean take(String timer, Duration period) {
                return leaseFree;
            }

            @Override
            public boolean keep(String timer, Duration period) {
                return leaseKept;
            }
        };
    }

    boolean leaseFree = true;
    boolean leaseKept = true;
    final List<String> refreshed = new CopyOnWriteArrayList<>();

    static Object[] due(String connectionId, int expiresInSeconds) {
        return new Object[] {connectionId, NOW.plusSeconds(expiresInSeconds)};
    }

    void refreshesRecorded() {
        readiness.started(new Object());
        readiness.schemaApplied();
        timer.connections = new Connections() {
            @Override
            public Optional<Connection> find(String connectionId) {
                return Optional.of(Connection.ofUser(new McpServer("files", "https://mcp.example.com/mcp", NOW),
                        "alice", NOW));
            }
        };
        timer.accessTokens = new AccessTokens() {
            @Override
            void refreshIfDue(String connectionId, EventSubject subject) {
                refreshed.add(connectionId);
                if (connectionId.equals("broken")) {
                    throw new IllegalStateException("the authorization server is down");
                }
            }
        };
    }

    @Test
    void sweepsBatchAfterBatchResumingAfterTheLastRowSeen() {
        refreshesRecorded();
        timer.batch = 2;
        duePages.add(List.<Object[]>of(due("a", 10), due("broken", 20)));
        duePages.add(List.<Object[]>of(due("c", 30)));

        timer.sweep();

        assertThat(refreshed).containsExactlyInAnyOrder("a", "broken", "c");
        assertThat(dueParameters).hasSize(2);
        assertThat(dueParameters.get(0)).containsEntry("afterExpiry", Instant.EPOCH).containsEntry("afterId", "");
        assertThat(dueParameters.get(1)).as("a failed refresh stays due, but this sweep goes on past it")
                .containsEntry("afterExpiry", NOW.plusSeconds(20)).containsEntry("afterId", "broken");
    }

    @Test
    void stopsAfterTheBatchInHandWhenAnotherNodeTookTheLease() {
        refreshesRecorded();
        timer.batch = 1;
        leaseKept = false;
        duePages.add(List.<Object[]>of(due("a", 10)));
        duePages.add(List.<Object[]>of(due("b", 20)));

        timer.sweep();

        assertThat(refreshed).containsExactly("a");
    }

    @Test
    void leavesThePeriodToTheNodeHoldingTheLease() {
        refreshesRecorded();
        leaseFree = false;
        duePages.add(List.<Object[]>of(due("a", 10)));

        timer.scheduled();

        assertThat(refreshed).isEmpty();
        assertThat(databaseCalls).isEmpty();
    }

    @Test
    void doesNothingBeforeTheApplicationHasStarted() {
        readiness.schemaApplied();

        timer.sweep();

        assertThat(databaseCalls).isEmpty();
    }

    @Test
    void doesNothingBeforeTheSchemaIsMigrated() {
        readiness.started(new Object());

        timer.sweep();

        assertThat(databaseCalls).isEmpty();
    }

    @Test
    void warnsOfATokenWithoutRefreshTokenWithItsRealExpiry() {
        readiness.started(new Object());
        readiness.schemaApplied();
        Instant realExpiry = NOW.plusSeconds(42);
        McpServer server = new McpServer("files", "https://mcp.example.com/mcp", NOW);
        Connection connection = Connection.ofUser(server, "alice", NOW);
        expiring = List.of(connection.id());
        timer.events = events;
        timer.connections = new Connections() {
            @Override
            public Optional<Connection> find(String connectionId) {
                return Optional.of(connection).filter(known -> known.id().equals(connectionId));
            }
        };
        timer.lockedTokens = new LockedTokens() {
            @Override
            public Optional<Instant> warnOnce(String connectionId) {
                return Optional.of(realExpiry);
            }
        };

        timer.sweep();

        assertThat(events.fired).singleElement().isInstanceOfSatisfying(TokenExpiringSoon.class, warning -> {
            assertThat(warning.expiresAt()).isEqualTo(realExpiry);
            assertThat(warning.details()).contains(realExpiry.toString());
        });
    }

    @Test
    void sweepsOnceTheBrokerIsReady() {
        readiness.started(new Object());
        readiness.schemaApplied();

        timer.sweep();

        assertThat(databaseCalls).contains("createNamedQuery");
    }
}
