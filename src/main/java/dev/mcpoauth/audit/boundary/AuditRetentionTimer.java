package dev.mcpoauth.audit.boundary;

import dev.mcpoauth.BrokerReadiness;
import dev.mcpoauth.cluster.boundary.TimerLeases;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each purge interval, on the node holding the lease: audit rows older than the retention period
 * are deleted, oldest first, in batches of their own transactions, and at most
 * {@value #MAX_BATCHES} batches per run so that a large backlog is worked off over several runs
 * instead of in one long one. Deleting rows that another node deleted first would do no harm.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditRetentionTimer {

    static final System.Logger LOGGER = System.getLogger(AuditRetentionTimer.class.getName());
    static final int MAX_BATCHES = 100;
    static final String LEASE = "audit-retention";

    @Resource
    TimerService timers;

    @Inject
    TimerLeases leases;

    @Inject
    AuditTrail trail;

    @Inject
    BrokerReadiness readiness;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "mcpoauth.audit.retention", defaultValue = "P365D")
    Duration retention;

    @Inject
    @ConfigProperty(name = "mcpoauth.audit.purge-batch", defaultValue = "1000")
    int batch;

    @Inject
    @ConfigProperty(name = "mcpoauth.audit.purge-interval", defaultValue = "PT1H")
    Duration interval;

    @PostConstruct
    void schedule() {
        leases.register(LEASE);
        timers.createIntervalTimer(interval.toMillis(), interval.toMillis(), new TimerConfig(LEASE, false));
    }

    @Timeout
    void purge() {
        if (!readiness.isReady() || !leases.take(LEASE, interval)) {
            return;
        }
        int purged = purgeExpired();
        if (purged > 0) {
            LOGGER.log(System.Logger.Level.INFO, "Purged " + purged + " audit rows older than " + retention);
        }
    }

    /** @return the rows deleted in this run */
    int purgeExpired() {
        Instant before = clock.instant().minus(retention);
        int purged = 0;
        for (int run = 0; run < MAX_BATCHES; run++) {
            int deleted = trail.purgeBefore(before, batch);
            purged += deleted;
            if (deleted < batch) {
                break;
            }
        }
        return purged;
    }
}
