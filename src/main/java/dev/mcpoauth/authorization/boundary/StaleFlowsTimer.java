package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.BrokerReadiness;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Each minute: pending flows past their expiry become EXPIRED, claimed flows whose exchange never
 * ended (a node went away during it) become FAILED once well past their expiry, and flows that
 * ended more than a day ago are purged. All are conditional bulk statements, harmless when
 * several nodes run them.
 */
@Singleton
public class StaleFlowsTimer {

    static final Duration KEEP_FINISHED = Duration.ofHours(24);
    /** Longer than any code exchange can take (its timeouts are seconds), so none still running is failed. */
    static final Duration CLAIM_GRACE = Duration.ofMinutes(5);

    @Inject
    FlowStore flows;

    @Inject
    BrokerReadiness readiness;

    @Inject
    Clock clock;

    @Schedule(minute = "*", hour = "*", persistent = false)
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
