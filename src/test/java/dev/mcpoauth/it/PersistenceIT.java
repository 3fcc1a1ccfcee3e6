package dev.mcpoauth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.audit.boundary.AuditTrail;
import dev.mcpoauth.audit.entity.AuditEntry;
import dev.mcpoauth.authorization.entity.AuthorizationStatus;
import dev.mcpoauth.cluster.boundary.TimerLeases;
import dev.mcpoauth.authorization.entity.PendingAuthorization;
import dev.mcpoauth.discovery.entity.CachedMetadata;
import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.events.entity.Outcome;
import dev.mcpoauth.registration.entity.ClientRegistration;
import dev.mcpoauth.registration.entity.RegistrationMethod;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ConnectionStatus;
import dev.mcpoauth.server.entity.DpopMode;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.PkcePolicy;
import dev.mcpoauth.token.entity.TokenSet;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** Inside the container, on whichever database the suite runs against: schema, mappings, sealing at rest. */
@ArquillianTest
class PersistenceIT {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Inject
    TimerLeases leases;

    @Resource
    ManagedThreadFactory threads;

    @Deployment
    static WebArchive deployment() {
        return Deployments.brokerWithTests(PersistenceIT.class, Transactions.class);
    }

    @Inject
    Transactions tx;

    @Inject
    SecretSealer sealer;

    @Inject
    AuditTrail trail;

    @Test
    void migratesEveryChangesetOnce() {
        List<Object> ids = tx.run(em -> em.createNativeQuery("SELECT id FROM databasechangelog ORDER BY orderexecuted")
                .getResultList());
        assertThat(ids).containsExactly("001-mcp-server", "002-connection", "003-discovery-document",
                "004-client-registration", "005-authorization-flow", "006-token-set", "007-audit-event",
                "008-token-expiry-warning", "009-audit-event-connection-index", "010-flow-binding",
                "010-upstream-lengths", "010-send-scope", "010-server-configuration-problem", "011-caller-keys",
                "012-token-half-life", "013-authorization-flow-claimed", "014-server-extra-parameters", "015-service-grants",
                "016-dpop", "017-timer-leases", "017-audit-event-sequence");
    }

    @Test
    void letsOneNodeAtATimeHoldATimersLease() {
        String lease = "lease-" + UUID.randomUUID();
        tx.run(em -> em.createNativeQuery("INSERT INTO timer_lease (name, leased_until) VALUES (?1, ?2)")
                .setParameter(1, lease).setParameter(2, LocalDateTime.of(1970, 1, 1, 0, 0)).executeUpdate());
        Duration period = Duration.ofMinutes(10);

        assertThat(leases.take(lease, period)).isTrue();
        assertThat(leases.take(lease, period)).as("held for most of the period, by this node too").isFalse();
        assertThat(leases.keep(lease, period)).as("its holder extends it").isTrue();

        tx.run(em -> em.createNativeQuery("UPDATE timer_lease SET holder = 'another-node' WHERE name = ?1")
                .setParameter(1, lease).executeUpdate());
        assertThat(leases.keep(lease, period)).as("a lease another node holds is not extended").isFalse();
    }

    @Test
    void recordsConcurrentAuditRowsWithoutACollision() throws Exception {
        String marker = "concurrent-" + UUID.randomUUID();
        int writers = 32;
        int rowsEach = 40;
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int writer = 0; writer < writers; writer++) {
            Thread thread = threads.newThread(() -> {
                try {
                    start.await();
                    for (int row = 0; row < rowsEach; row++) {
                        try {
                            tx.run(em -> {
                                em.persist(new AuditEntry(NOW, "TokenRefreshed", Outcome.SUCCESS, "system", "frank",
                                        null, null, null, marker));
                                return null;
                            });
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            running.add(thread);
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }

        long stored = tx.run(em -> em.createQuery("SELECT COUNT(a) FROM AuditEntry a WHERE a.details = :marker",
                Long.class).setParameter("marker", marker).getSingleResult());
        assertThat(failures).hasValue(0);
        assertThat(stored).isEqualTo((long) writers * rowsEach);
    }

    /** With the identity column, EclipseLink on H2 2.2.224 gave these rows the ids [2, 3, 1], after thousands of rows. */
    @Test
    void numbersAuditRowsFromTheSequenceInTheOrderTheyAreRecorded() {
        String marker = "sequence-" + UUID.randomUUID();
        tx.run(em -> {
            for (int row = 0; row < 3; row++) {
                em.persist(new AuditEntry(NOW, "TokenRefreshed", Outcome.SUCCESS, "system", "frank", null, null,
                        null, marker + row));
            }
            return null;
        });
        List<Long> ids = tx.run(em -> em.createQuery(
                "SELECT a.id FROM AuditEntry a WHERE a.details LIKE :marker ORDER BY a.details", Long.class)
                .setParameter("marker", marker + "%").getResultList());
        assertThat(ids).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(trail.newestId()).isGreaterThanOrEqualTo(ids.get(2));
    }

    @Test
    void runsOnTheConfiguredDatabase() {
        String product = tx.run(em -> {
            try {
                return em.unwrap(java.sql.Connection.class).getMetaData().getDatabaseProductName();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        String configured = System.getenv("MCPOAUTH_DB_URL");
        assertThat(product).isEqualTo(configured != null && configured.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "H2");
    }

    @Test
    void roundTripsEveryEntity() {
        McpServer server = newServer();
        server.overrideOAuth("https://as.example.com/tenant", "files:read files:write", false,
                PkcePolicy.ASSUME_SUPPORTED, Duration.ofHours(2), NOW);
        server.preRegister("client-1", "s3cret", "client_secret_post", sealer, NOW);
        server.dpop(DpopMode.REQUIRED, NOW);
        Connection connection = Connection.ofUser(server, "alice", NOW);
        connection.connected("https://as.example.com/tenant", "files:read", NOW);
        CachedMetadata metadata = new CachedMetadata(CachedMetadata.Kind.AUTHORIZATION_SERVER,
                "https://as.example.com/tenant", "https://as.example.com/.well-known/oauth-authorization-server/tenant",
                "{\"issuer\":\"https://as.example.com/tenant\"}", NOW, Duration.ofHours(24));
        ClientRegistration registration = new ClientRegistration("https://as.example.com/tenant",
                "https://broker.example.com/oauth/callback", RegistrationMethod.DYNAMIC, "dcr-client",
                "client_secret_basic", NOW);
        registration.secrets(sealer, "dcr-secret", NOW.plusSeconds(3600), "rat", "https://as.example.com/reg/1");
        PendingAuthorization flow = new PendingAuthorization(UUID.randomUUID().toString(), connection, "alice",
                randomHash(), "verifier", sealer, "https://as.example.com/tenant",
                "https://mcp.example.com/mcp", "files:read", NOW, NOW.plusSeconds(300));
        flow.bind(randomHash(), "b".repeat(64));
        flow.returnTo("https://app.example.com/done");
        flow.useDpop(true);
        TokenSet tokens = new TokenSet(connection.id(), "https://as.example.com/tenant", sealer, "at", "rt", "DPoP",
                "files:read", NOW, NOW.plusSeconds(600));
        DpopKey key = DpopKey.generate();
        tokens.bindTo(sealer, key);
        AuditEntry audit = new AuditEntry(NOW, "AuthorizationCompleted", Outcome.SUCCESS, "alice", "alice",
                server.id(), connection.id(), "corr-1", "granted files:read");

        tx.run(em -> {
            List.of(server, connection, metadata, registration, flow, tokens, audit).forEach(em::persist);
            return null;
        });

        tx.run(em -> {
            McpServer s = em.find(McpServer.class, server.id());
            assertThat(s.name()).isEqualTo(server.name());
            assertThat(s.issuer()).contains("https://as.example.com/tenant");
            assertThat(s.scopes()).contains("files:read files:write");
            assertThat(s.sendsResource()).isFalse();
            assertThat(s.pkcePolicy()).isEqualTo(PkcePolicy.ASSUME_SUPPORTED);
            assertThat(s.dpop()).isEqualTo(DpopMode.REQUIRED);
            assertThat(s.metadataTtl()).isEqualTo(Duration.ofHours(2));
            assertThat(s.clientAuthMethod()).contains("client_secret_post");
            // the stored format: what the entity sealed opens with the column/row context of every earlier release
            assertThat(sealer.open(column(em, "SELECT client_secret_sealed FROM mcp_server WHERE id = ?1", s.id()),
                    "mcp_server.client_secret/" + s.id())).isEqualTo("s3cret");
            assertThat(s.clientSecret(sealer)).contains("s3cret");
            assertThat(s.createdAt()).isEqualTo(NOW);

            Connection c = em.find(Connection.class, connection.id());
            assertThat(c.server().id()).isEqualTo(server.id());
            assertThat(c.ownerUser()).contains("alice");
            assertThat(c.status()).isEqualTo(ConnectionStatus.CONNECTED);
            assertThat(c.grantedScopes()).contains("files:read");

            CachedMetadata m = em.find(CachedMetadata.class, metadata.id());
            assertThat(m.document()).isEqualTo(metadata.document());
            assertThat(m.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));

            ClientRegistration r = em.find(ClientRegistration.class, registration.id());
            assertThat(r.method()).isEqualTo(RegistrationMethod.DYNAMIC);
            assertThat(r.clientSecretExpiresAt()).contains(NOW.plusSeconds(3600));
            assertThat(r.registrationClientUri()).contains("https://as.example.com/reg/1");

            PendingAuthorization f = em.find(PendingAuthorization.class, flow.id());
            assertThat(f.status()).isEqualTo(AuthorizationStatus.PENDING);
            assertThat(f.connection().id()).isEqualTo(connection.id());
            assertThat(f.browserSecretHash()).contains("b".repeat(64));
            assertThat(f.returnUrl()).contains("https://app.example.com/done");
            assertThat(f.isPending(NOW)).isTrue();
            assertThat(f.usesDpop()).isTrue();

            TokenSet t = em.find(TokenSet.class, connection.id());
            assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(600));
            assertThat(t.canRefresh()).isTrue();
            assertThat(sealer.open(column(em, "SELECT access_token_sealed FROM token_set WHERE connection_id = ?1",
                    connection.id()), "token_set.access_token/" + connection.id())).isEqualTo("at");
            assertThat(sealer.open(column(em, "SELECT refresh_token_sealed FROM token_set WHERE connection_id = ?1",
                    connection.id()), "token_set.refresh_token/" + connection.id())).isEqualTo("rt");
            assertThat(sealer.open(column(em, "SELECT dpop_key_sealed FROM token_set WHERE connection_id = ?1",
                    connection.id()), "token_set.dpop_key/" + connection.id())).isEqualTo(key.stored());
            assertThat(t.dpopKey(sealer).orElseThrow().thumbprint()).isEqualTo(key.thumbprint());
            assertThat(t.accessToken(sealer).authorizationHeader()).isEqualTo("DPoP at");
            assertThat(sealer.open(column(em, "SELECT code_verifier_sealed FROM authorization_flow WHERE id = ?1",
                    flow.id()), "authorization_flow.code_verifier/" + flow.id())).isEqualTo("verifier");
            assertThat(sealer.open(column(em, "SELECT client_secret_sealed FROM client_registration WHERE id = ?1",
                    registration.id()), "client_registration.client_secret/" + registration.id()))
                    .isEqualTo("dcr-secret");
            assertThat(sealer.open(column(em,
                    "SELECT registration_access_token_sealed FROM client_registration WHERE id = ?1",
                    registration.id()), "client_registration.registration_access_token/" + registration.id()))
                    .isEqualTo("rat");

            AuditEntry a = em.createQuery("SELECT a FROM AuditEntry a WHERE a.correlationId = 'corr-1'",
                    AuditEntry.class).getSingleResult();
            assertThat(a.id()).isPositive();
            assertThat(a.type()).isEqualTo("AuthorizationCompleted");
            assertThat(a.details()).contains("granted files:read");
            return null;
        });
    }

    @Test
    void allowsOneConnectionPerServerAndOwner() {
        McpServer server = newServer();
        tx.run(em -> {
            em.persist(server);
            em.persist(Connection.ofUser(server, "bob", NOW));
            return null;
        });
        assertThatThrownBy(() -> tx.run(em -> {
            em.persist(Connection.ofUser(em.find(McpServer.class, server.id()), "bob", NOW));
            em.flush();
            return null;
        })).isNotNull();
        tx.run(em -> {
            em.persist(Connection.sharedBy(em.find(McpServer.class, server.id()), "mcp-user", NOW));
            return null;
        });
    }

    @Test
    void keepsSecretsUnreadableInTheRawTables() {
        McpServer server = newServer();
        Connection connection = Connection.ofUser(server, "carol", NOW);
        String accessToken = "access-" + UUID.randomUUID();
        String refreshToken = "refresh-" + UUID.randomUUID();
        tx.run(em -> {
            em.persist(server);
            em.persist(connection);
            em.persist(new TokenSet(connection.id(), "https://as.example.com", sealer, accessToken, refreshToken,
                    "Bearer", null, NOW, NOW.plusSeconds(60)));
            return null;
        });

        Object[] raw = tx.run(em -> (Object[]) em.createNativeQuery(
                "SELECT access_token_sealed, refresh_token_sealed FROM token_set WHERE connection_id = ?1")
                .setParameter(1, connection.id()).getSingleResult());

        assertThat((String) raw[0]).startsWith(sealer.activeKeyId() + ":").doesNotContain(accessToken);
        assertThat((String) raw[1]).startsWith(sealer.activeKeyId() + ":").doesNotContain(refreshToken);
        assertThat(sealer.open((String) raw[0], "token_set.access_token/" + connection.id())).isEqualTo(accessToken);
    }

    @Test
    void findsTokensDueForRefreshPastHalfLifeWithinTheWindow() {
        McpServer server = newServer();
        Connection due = Connection.ofUser(server, "dave", NOW);
        Connection young = Connection.ofUser(server, "gina", NOW);
        Connection later = Connection.ofUser(server, "erin", NOW);
        tx.run(em -> {
            List.of(server, due, young, later).forEach(em::persist);
            em.persist(new TokenSet(due.id(), "https://as", sealer, "x", "y", "Bearer", null, NOW, NOW.plusSeconds(60)));
            // a 300 s token lies inside a 5 minute window from its issue on, but is not due before half its life
            em.persist(new TokenSet(young.id(), "https://as", sealer, "x", "y", "Bearer", null, NOW,
                    NOW.plusSeconds(300)));
            em.persist(new TokenSet(later.id(), "https://as", sealer, "x", "y", "Bearer", null, NOW,
                    NOW.plus(Duration.ofDays(1))));
            return null;
        });
        Instant now = NOW.plusSeconds(30);
        List<Object[]> rows = dueAfter(now, Instant.EPOCH, "");
        assertThat(rows).extracting(row -> row[0]).contains(due.id()).doesNotContain(young.id(), later.id());

        Object[] dueRow = rows.stream().filter(row -> row[0].equals(due.id())).findFirst().orElseThrow();
        assertThat(dueAfter(now, (Instant) dueRow[1], due.id())).as("a sweep resumes after the last row it saw")
                .extracting(row -> row[0]).doesNotContain(due.id());
    }

    List<Object[]> dueAfter(Instant now, Instant afterExpiry, String afterId) {
        return tx.run(em -> em.createNamedQuery(TokenSet.DUE_FOR_REFRESH, Object[].class)
                .setParameter("now", now)
                .setParameter("horizon", now.plus(Duration.ofMinutes(5)))
                .setParameter("afterExpiry", afterExpiry)
                .setParameter("afterId", afterId).getResultList());
    }

    @Test
    void purgesTheAuditRowsPastTheRetentionPeriodInBoundedBatches() {
        Instant cutoff = NOW.minus(Duration.ofDays(365));
        String marker = "retention-" + UUID.randomUUID();
        tx.run(em -> {
            for (int age = 400; age < 403; age++) {
                em.persist(new AuditEntry(NOW.minus(Duration.ofDays(age)), "TokenRefreshed", Outcome.SUCCESS,
                        "system", "frank", null, null, null, marker));
            }
            em.persist(new AuditEntry(cutoff.plusSeconds(60), "TokenRefreshed", Outcome.SUCCESS, "system",
                    "frank", null, null, null, marker));
            return null;
        });

        assertThat(trail.purgeBefore(cutoff, 2)).isEqualTo(2);
        assertThat(trail.purgeBefore(cutoff, 2)).isEqualTo(1);
        assertThat(trail.purgeBefore(cutoff, 2)).isZero();

        List<Instant> kept = tx.run(em -> em.createQuery(
                "SELECT a.occurredAt FROM AuditEntry a WHERE a.details = :marker", Instant.class)
                .setParameter("marker", marker).getResultList());
        assertThat(kept).containsExactly(cutoff.plusSeconds(60));
    }

    @Test
    void keepsTheDataDirectoryAndTheDatabaseFileToTheirOwnerWithoutATraceFile() throws Exception {
        Path data = Path.of(ConfigProvider.getConfig().getValue("mcpoauth.data-dir", String.class));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.filter(Files::isRegularFile).toList()).allSatisfy(file -> assertThat(
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------"));
        }
        String configured = System.getenv("MCPOAUTH_DB_URL");
        if (configured == null || configured.startsWith("jdbc:h2:")) {
            assertThat(data.resolve("broker.mv.db")).exists();
            assertThat(data.resolve("broker.trace.db")).doesNotExist();
        }
    }

    @Test
    void keepsUpstreamValuesLongerThanTheOldColumnsAndTheFlowsBinding() {
        // a challenge's scope of 2,914 characters once made authorize answer 500; a token
        // response's long scope or a large access token failed after the code was spent
        String scope = "scope:" + "s".repeat(2908);
        String grantedScope = "granted:" + "g".repeat(5000);
        McpServer server = newServer();
        server.sendScope(false, NOW);
        server.configurationProblem(scope, NOW);
        Connection connection = Connection.ofUser(server, "alice", NOW);
        connection.connected("https://as.example.com", grantedScope, NOW);
        PendingAuthorization flow = new PendingAuthorization(UUID.randomUUID().toString(), connection, "alice",
                randomHash(), "verifier", sealer, "https://as.example.com",
                "https://mcp.example.com/mcp", scope, NOW, NOW.plusSeconds(300));
        flow.bindTo("https://as.example.com/token", true, "registration-1", "client-1", "client_secret_basic");
        TokenSet tokens = new TokenSet(connection.id(), "https://as.example.com", sealer, "a".repeat(40_000), null,
                "Bearer",
                grantedScope, NOW, NOW.plusSeconds(600));

        tx.run(em -> {
            List.of(server, connection, flow, tokens).forEach(em::persist);
            return null;
        });

        tx.run(em -> {
            assertThat(em.find(McpServer.class, server.id()).sendsScope()).isFalse();
            assertThat(em.find(McpServer.class, server.id()).configurationProblem()).contains(scope);
            assertThat(em.find(Connection.class, connection.id()).grantedScopes()).contains(grantedScope);
            PendingAuthorization f = em.find(PendingAuthorization.class, flow.id());
            assertThat(f.scopes()).contains(scope);
            assertThat(f.tokenEndpoint()).contains("https://as.example.com/token");
            assertThat(f.issRequired()).isTrue();
            assertThat(f.clientRegistrationId()).contains("registration-1");
            assertThat(f.clientId()).contains("client-1");
            assertThat(f.clientAuthMethod()).contains("client_secret_basic");
            TokenSet t = em.find(TokenSet.class, connection.id());
            assertThat(t.scopes()).contains(grantedScope);
            assertThat(t.accessToken(sealer).value()).hasSize(40_000);
            return null;
        });
    }

    static String randomHash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    static McpServer newServer() {
        return new McpServer("server-" + UUID.randomUUID(), "https://mcp.example.com/mcp", NOW);
    }

    static String column(EntityManager em, String query, String id) {
        return (String) em.createNativeQuery(query).setParameter(1, id).getSingleResult();
    }
}
