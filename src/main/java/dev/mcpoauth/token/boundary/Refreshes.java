package dev.mcpoauth.token.boundary;

import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.ReauthorizationRequired;
import dev.mcpoauth.events.entity.TokenRefreshFailed;
import dev.mcpoauth.events.entity.TokenRefreshed;
import dev.mcpoauth.token.entity.RefreshOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.metrics.annotation.Timed;

/**
 * Refreshes a connection's tokens, one refresh at a time. Callers on this node queue on a
 * striped lock before they take a database connection; across nodes the token row's lock
 * ({@link LockedTokens}) keeps it single-flight.
 */
@ApplicationScoped
public class Refreshes {

    static final int STRIPES = 64;

    final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    @Inject
    LockedTokens lockedTokens;

    @Inject
    Event<BrokerEvent> events;

    public Refreshes() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Timed(name = "mcpoauth.refreshes.duration", absolute = true,
            description = "How long a refresh takes its caller, waiting for a concurrent one included")
    public RefreshOutcome refresh(String connectionId, boolean force, EventSubject subject) {
        ReentrantLock stripe = stripes[Math.floorMod(connectionId.hashCode(), STRIPES)];
        stripe.lock();
        RefreshOutcome outcome;
        try {
            outcome = lockedTokens.refresh(connectionId, force, subject);
        } finally {
            stripe.unlock();
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
    public boolean revoke(String connectionId, EventSubject subject) {
        ReentrantLock stripe = stripes[Math.floorMod(connectionId.hashCode(), STRIPES)];
        stripe.lock();
        try {
            return lockedTokens.revoke(connectionId, subject);
        } finally {
            stripe.unlock();
        }
    }
}
