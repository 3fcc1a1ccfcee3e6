package dev.mcpoauth.token.boundary;

import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.ReauthorizationRequired;
import dev.mcpoauth.events.entity.TokenRefreshFailed;
import dev.mcpoauth.events.entity.TokenRefreshed;
import dev.mcpoauth.token.control.ConnectionLocks;
import dev.mcpoauth.token.entity.RefreshOutcome;
import dev.mcpoauth.token.entity.RevocationReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.annotation.Timed;

/**
 * Refreshes a connection's tokens, one refresh at a time. Callers on this node queue on the
 * connection's own lock before they take a database connection; across nodes the token row's
 * lock ({@link LockedTokens}) keeps it single-flight. A transient failure is retried with
 * exponential back-off, and the wait happens outside every lock and transaction: each attempt
 * takes the locks anew and looks again, since another caller or node may have refreshed meanwhile.
 */
@ApplicationScoped
public class Refreshes {

    /** Waits between attempts; a field so that tests can watch the wait instead of sleeping. */
    interface Pause {
        void pause(Duration delay);
    }

    final ConnectionLocks locks = new ConnectionLocks();

    Pause pause = Refreshes::sleep;

    @Inject
    LockedTokens lockedTokens;

    @Inject
    Event<BrokerEvent> events;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-attempts", defaultValue = "3")
    int attempts;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-backoff", defaultValue = "PT10S")
    Duration backoff;

    /**
     * @param force refresh even when the token is not due, unless someone renewed it after this
     *     call began (a retry after a back-off does not rotate a token that another node just rotated)
     */
    @Timed(name = "mcpoauth.refreshes.duration", absolute = true,
            description = "How long a refresh takes its caller, waiting for a concurrent one included")
    public RefreshOutcome refresh(String connectionId, boolean force, EventSubject subject) {
        Instant forceUnlessRenewedAfter = force ? clock.instant() : null;
        RefreshOutcome outcome;
        for (int attempt = 1; ; attempt++) {
            outcome = locks.underLock(connectionId,
                    () -> lockedTokens.refresh(connectionId, forceUnlessRenewedAfter, subject));
            if (!(outcome instanceof RefreshOutcome.Failed failed) || !failed.transientFailure() || attempt >= attempts
                    || Thread.currentThread().isInterrupted()) {
                break;
            }
            pause.pause(backoff.multipliedBy(1L << (attempt - 1)));
        }
        announce(outcome, subject);
        return outcome;
    }

    void announce(RefreshOutcome outcome, EventSubject subject) {
        if (outcome instanceof RefreshOutcome.Refreshed refreshed) {
            events.fire(new TokenRefreshed(subject, refreshed.token().expiresAt(), refreshed.rotated()));
        } else if (outcome instanceof RefreshOutcome.GrantLost lost) {
            events.fire(new TokenRefreshFailed(subject, lost.code(), false));
            events.fire(new ReauthorizationRequired(subject, lost.reason()));
        } else if (outcome instanceof RefreshOutcome.Failed failed) {
            events.fire(new TokenRefreshFailed(subject, failed.code(), failed.transientFailure()));
        }
    }

    /** The same lock as refreshes, so a revocation never races a refresh that would store new tokens. */
    public RevocationReport revoke(String connectionId, EventSubject subject) {
        return locks.underLock(connectionId, () -> lockedTokens.revoke(connectionId, subject));
    }

    static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
