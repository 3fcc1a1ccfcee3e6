package dev.mcpoauth.token.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.BrokerReadiness;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TokenRefreshTimerTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    final List<String> databaseCalls = new CopyOnWriteArrayList<>();
    final BrokerReadiness readiness = new BrokerReadiness();
    final TokenRefreshTimer timer = new TokenRefreshTimer();
    final RecordedEvents events = new RecordedEvents();
    List<String> expiring = List.of();

    static TypedQuery<?> query(List<String> results) {
        return (TypedQuery<?>) Proxy.newProxyInstance(TokenRefreshTimerTest.class.getClassLoader(),
                new Class<?>[] {TypedQuery.class}, (proxy, method, args) ->
                        method.getName().equals("getResultList") ? results : proxy);
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
                    return query(args[0].equals(TokenSet.EXPIRING_UNWARNED) ? expiring : List.of());
                });
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
