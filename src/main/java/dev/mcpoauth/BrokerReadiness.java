package dev.mcpoauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * Whether the broker may do work of its own: the schema is migrated and the application has
 * started. Timers ask this first, and it is a plain CDI bean with two flags, so asking touches no
 * EJB: on a slow boot a timer fired while the container was still initialising, and calling into
 * an EJB then fails ({@code EJBException: Attempt to invoke when container is in Initializing}).
 */
@ApplicationScoped
public class BrokerReadiness {

    private volatile boolean schemaApplied;
    private volatile boolean started;

    public void started(@Observes @Initialized(ApplicationScoped.class) Object application) {
        started = true;
    }

    /** Called by {@link SchemaMigration} once the changelog is applied. */
    public void schemaApplied() {
        schemaApplied = true;
    }

    public boolean isReady() {
        return started && schemaApplied;
    }
}
