package dev.mcpoauth.cluster.boundary;

import dev.mcpoauth.cluster.entity.TimerLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Lets one node of a cluster on one database do a timer's work for a period. Every node's timer
 * fires (they are plain per-node EJB timers, which every Jakarta EE runtime has, unlike clustered
 * persistent ones), and each asks for the lease first: a conditional update that only one node
 * can win while the lease runs. A lease lasts nine tenths of the period, so the winner's next
 * firing finds it expired and takes it again, and a node that died holding it loses it within a
 * period. Each update is its own short transaction: no lock is held while the work runs.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class TimerLeases {

    static final String NODE = nodeName();
    static final Metadata RUNS = Metadata.builder().withName("mcpoauth.timer.runs")
            .withDescription("Periods in which this node took a timer's lease and did its work").build();

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    MetricRegistry metrics;

    /** Lists the timer's run counter, at 0, from the first scrape on. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void register(String timer) {
        metrics.counter(RUNS, new Tag("timer", timer));
    }

    /** @return whether this node does the timer's work for the coming period */
    public boolean take(String timer, Duration period) {
        Instant now = clock.instant();
        boolean taken = em.createNamedQuery(TimerLease.TAKE)
                .setParameter("holder", NODE)
                .setParameter("until", now.plus(term(period)))
                .setParameter("name", timer)
                .setParameter("now", now)
                .executeUpdate() == 1;
        if (taken) {
            metrics.counter(RUNS, new Tag("timer", timer)).inc();
        }
        return taken;
    }

    /** Extends this node's lease while long work goes on. @return false once another node holds it */
    public boolean keep(String timer, Duration period) {
        Instant now = clock.instant();
        return em.createNamedQuery(TimerLease.KEEP)
                .setParameter("until", now.plus(term(period)))
                .setParameter("name", timer)
                .setParameter("holder", NODE)
                .setParameter("now", now)
                .executeUpdate() == 1;
    }

    static Duration term(Duration period) {
        return period.multipliedBy(9).dividedBy(10);
    }

    static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
