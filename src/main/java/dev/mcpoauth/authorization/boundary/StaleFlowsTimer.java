package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.BrokerReadiness;
import dev.mcpoauth.cluster.boundary.TimerLeases;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each interval (a minute by default), on the node holding the lease: pending flows past their expiry become EXPIRED, claimed flows whose exchange never
 * ended (a node went away during it) become FAILED once well past their expiry, and flows that
 * ended more than a day ago are purged. All are conditional bulk statements, which would also be
 * harmless if several nodes ran them.
 */
@Startup
@Singleton
public class StaleFlowsTimer {

    static final String LEASE = "stale-flows";

    static final Duration KEEP_FINISHED = Duration.ofHours(24);
    /** Longer than any code exchange can take (its timeouts are seconds), so none still running is failed. */
    static final Duration CLAIM_GRACE = Duration.ofMinutes(5);

    @Inject
    FlowStore flows;

    @Inject
    BrokerReadiness readiness;

    @Inject
    Clock clock;

    @Resource
    TimerService timers;

    @Inject
    TimerLeases leases;

    @Inject
    @ConfigProperty(name = "mcpoauth.authorization.stale-flows-interval", defaultValue = "PT1M")
    Duration interval;

    @PostConstruct
    void schedule() {
        leases.register(LEASE);
        timers.createIntervalTimer(interval.toMillis(), interval.toMillis(), new TimerConfig(LEASE, false));
    }

    @Timeout
    void scheduled() {
        if (readiness.isReady() && leases.take(LEASE, interval)) {
            clean();
        }
    }

    void clean() {
        if (!readiness.isReady()) {
            return;
        }
        Instant now = clock.instant();
        flows.expireStale(now);
        flows.interruptClaimsExpiredBefore(now.minus(CLAIM_GRACE), now);
        flows.purgeFinishedBefore(now.minus(KEEP_FINISHED));
    }
}
