package dev.mcpoauth.token.boundary;

import dev.mcpoauth.BrokerReadiness;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.TokenExpiringSoon;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.token.entity.TokenSet;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refreshes tokens before they expire, so a person who comes back after weeks finds a working
 * connection. Each run reads only what is due (an indexed range on the expiry, in bounded
 * batches) and refreshes each connection in its own transaction under the row lock, so two
 * nodes running it at once do no harm: the second finds the token fresh.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TokenRefreshTimer {

    static final System.Logger LOGGER = System.getLogger(TokenRefreshTimer.class.getName());

    @Resource
    TimerService timers;

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

    final AtomicBoolean running = new AtomicBoolean();

    @PostConstruct
    void schedule() {
        // non-persistent: every node runs its own; the row locks make overlapping runs harmless
        timers.createIntervalTimer(interval.toMillis(), interval.toMillis(), new TimerConfig("token-refresh", false));
    }

    @Timeout
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

    void refreshDue(Instant now) {
        List<String> due = em.createNamedQuery(TokenSet.DUE_FOR_REFRESH, String.class)
                .setParameter("now", now)
                .setParameter("horizon", now.plus(window))
                .setMaxResults(batch)
                .getResultList();
        for (String connectionId : due) {
            try {
                connections.find(connectionId).ifPresent(connection -> accessTokens.refreshIfDue(connectionId,
                        connection.eventSubject(clock.instant(), EventSubject.SYSTEM)));
            } catch (RuntimeException e) {
                // one connection's trouble must not keep the others from being refreshed
                LOGGER.log(System.Logger.Level.WARNING, "Refreshing connection " + connectionId + " failed", e);
            }
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
