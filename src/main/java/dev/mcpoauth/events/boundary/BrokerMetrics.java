package dev.mcpoauth.events.boundary;

import dev.mcpoauth.events.entity.AuthorizationCompleted;
import dev.mcpoauth.events.entity.AuthorizationFailed;
import dev.mcpoauth.events.entity.AuthorizationRequired;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.DiscoveryAnswered;
import dev.mcpoauth.events.entity.TokenRefreshFailed;
import dev.mcpoauth.events.entity.TokenRefreshed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.annotation.Metric;

/** Counts the lifecycle from its events, so that the business code knows nothing of metrics. */
@ApplicationScoped
public class BrokerMetrics {

    @Inject
    @Metric(name = "mcpoauth.flows.started", absolute = true, description = "Authorization flows started")
    Counter flowsStarted;

    @Inject
    @Metric(name = "mcpoauth.flows.completed", absolute = true,
            description = "Authorization flows that obtained tokens")
    Counter flowsCompleted;

    @Inject
    @Metric(name = "mcpoauth.flows.failed", absolute = true,
            description = "Authorization flows that ended without tokens")
    Counter flowsFailed;

    @Inject
    @Metric(name = "mcpoauth.refreshes.succeeded", absolute = true, description = "Token refreshes that succeeded")
    Counter refreshesSucceeded;

    @Inject
    @Metric(name = "mcpoauth.refreshes.failed", absolute = true, description = "Token refreshes that failed")
    Counter refreshesFailed;

    @Inject
    @Metric(name = "mcpoauth.discovery.cache.hits", absolute = true,
            description = "Discoveries answered from the cache")
    Counter cacheHits;

    @Inject
    @Metric(name = "mcpoauth.discovery.cache.misses", absolute = true,
            description = "Discoveries that went to the network: nothing fresh cached, or a refresh was asked for")
    Counter cacheMisses;

    /**
     * Creating this bean at start-up registers its counters (injection registers them), so that
     * a scrape right after boot reads zero rather than finding them absent.
     */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        flowsStarted.getCount();
    }

    void count(@Observes DiscoveryAnswered answered) {
        (answered.fromCache() ? cacheHits : cacheMisses).inc();
    }

    void count(@Observes BrokerEvent event) {
        if (event instanceof AuthorizationRequired) {
            flowsStarted.inc();
        } else if (event instanceof AuthorizationCompleted) {
            flowsCompleted.inc();
        } else if (event instanceof AuthorizationFailed) {
            flowsFailed.inc();
        } else if (event instanceof TokenRefreshed) {
            refreshesSucceeded.inc();
        } else if (event instanceof TokenRefreshFailed) {
            refreshesFailed.inc();
        }
    }
}
