package dev.mcpoauth.token.boundary;

import dev.mcpoauth.BrokerReadiness;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.TokenExpiringSoon;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.token.entity.TokenSet;
import dev.mcpoauth.cluster.boundary.TimerLeases;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refreshes tokens before they expire, so a person who comes back after weeks finds a working
 * connection. One node per period does it (the timer lease); it reads only what is due (an
 * indexed range on the expiry, in bounded batches, in expiry order) and refreshes several
 * connections at once, each in its own transaction under its row lock, so a sweep that overlaps
 * a caller's refresh or another node's sweep still causes one token request per expiry.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TokenRefreshTimer {

    static final System.Logger LOGGER = System.getLogger(TokenRefreshTimer.class.getName());
    static final String LEASE = "token-refresh";
    /** Bounds one sweep, whatever the number due: the next period goes on where it stopped. */
    static final int MAX_BATCHES = 100;
    /** Longer than a token request may take (its time-outs are seconds). */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    @Resource
    TimerService timers;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    TimerLeases leases;

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Inject
    BrokerReadiness readiness;

    @Inject
    AccessTokens accessTokens;

    @Inject
    LockedTokens lockedTokens;

    @Inject
    Connections connections;

    @Inject
    Event<BrokerEvent> events;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-interval", defaultValue = "PT1M")
    Duration interval;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-window", defaultValue = "PT5M")
    Duration window;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-batch", defaultValue = "100")
    int batch;

    /** Refreshes at once; each holds a pooled database connection while its token request runs. */
    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-parallelism", defaultValue = "8")
    int parallelism;

    final AtomicBoolean running = new AtomicBoolean();
    ExecutorService refreshers;

    @PostConstruct
    void schedule() {
        refreshers = Executors.newFixedThreadPool(Math.max(1, parallelism), threads);
        leases.schedule(timers, LEASE, interval);
    }

    /**
     * Lets the refreshes in flight finish: interrupting one after the authorization server rotated
     * the refresh token would lose the new one, and with it the grant.
     */
    @PreDestroy
    void stop() {
        refreshers.shutdown();
        try {
            if (!refreshers.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                refreshers.shutdownNow();
            }
        } catch (InterruptedException e) {
            refreshers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Timeout
    void scheduled() {
        if (readiness.isReady() && leases.take(LEASE, interval)) {
            sweep();
        }
    }

    /** One sweep now, on this node (the timer's work; tests call it directly). */
    public void sweep() {
        if (!readiness.isReady() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant now = clock.instant();
            refreshDue(now);
            warnExpiring(now);
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Token refresh sweep failed; the next run tries again", e);
        } finally {
            running.set(false);
        }
    }

    /**
     * Batch after batch in expiry order, resuming after the last one seen, so a connection whose
     * refresh failed (it stays due) is not tried again in the same sweep and cannot stall it.
     */
    void refreshDue(Instant now) {
        Instant afterExpiry = Instant.EPOCH;
        String afterId = "";
        for (int run = 0; run < MAX_BATCHES; run++) {
            List<Object[]> due = em.createNamedQuery(TokenSet.DUE_FOR_REFRESH, Object[].class)
                    .setParameter("now", now)
                    .setParameter("horizon", now.plus(window))
                    .setParameter("afterExpiry", afterExpiry)
                    .setParameter("afterId", afterId)
                    .setMaxResults(batch)
                    .getResultList();
            refreshAll(due.stream().map(row -> (String) row[0]).toList());
            if (due.size() < batch || !leases.keep(LEASE, interval)) {
                return;
            }
            Object[] last = due.get(due.size() - 1);
            afterId = (String) last[0];
            afterExpiry = (Instant) last[1];
        }
    }

    void refreshAll(List<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return;
        }
        List<Callable<Void>> refreshes = new ArrayList<>();
        for (String connectionId : connectionIds) {
            refreshes.add(() -> {
                refreshOne(connectionId);
                return null;
            });
        }
        try {
            refreshers.invokeAll(refreshes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void refreshOne(String connectionId) {
        try {
            connections.find(connectionId).ifPresent(connection -> accessTokens.refreshIfDue(connectionId,
                    connection.eventSubject(clock.instant(), EventSubject.SYSTEM)));
        } catch (RuntimeException e) {
            // one connection's trouble must not keep the others from being refreshed
            LOGGER.log(System.Logger.Level.WARNING, "Refreshing connection " + connectionId + " failed", e);
        }
    }

    void warnExpiring(Instant now) {
        List<String> expiring = em.createNamedQuery(TokenSet.EXPIRING_UNWARNED, String.class)
                .setParameter("horizon", now.plus(window))
                .setMaxResults(batch)
                .getResultList();
        for (String connectionId : expiring) {
            lockedTokens.warnOnce(connectionId).ifPresent(expiresAt -> connections.find(connectionId)
                    .ifPresent(connection -> events.fire(new TokenExpiringSoon(
                            connection.eventSubject(now, EventSubject.SYSTEM), expiresAt))));
        }
    }
}
