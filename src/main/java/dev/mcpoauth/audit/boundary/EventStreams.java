package dev.mcpoauth.audit.boundary;

import dev.mcpoauth.BrokerReadiness;
import dev.mcpoauth.audit.entity.Audience;
import dev.mcpoauth.audit.entity.AuditEntry;
import dev.mcpoauth.audit.entity.AuditRecorded;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.boundary.ConnectionViews;
import dev.mcpoauth.web.entity.Paging;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
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
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The open event streams of this node (Cargo Tracker's broadcaster, with a filter per caller):
 * each committed audit row goes to every stream whose caller may see it; a heartbeat comment
 * keeps idle streams open through proxies and finds the closed ones, which are dropped. Rows are
 * handed to one dispatcher thread, so they go out in order and no audited operation waits for a
 * slow client. Rows this node records are handed over at once; rows other nodes record are read
 * from the shared audit trail, every feed interval while someone listens here, so a person's
 * stream carries their events whichever node caused them. The database is the topic: it is
 * already shared, ordered and durable, and it needs no data grid.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventStreams {

    static final System.Logger LOGGER = System.getLogger(EventStreams.class.getName());
    static final int OUTBOX_CAPACITY = 10_000;
    static final int FEED_BATCH = 1_000;
    /** Longer than any transaction that records an audit row stays open. */
    static final Duration FEED_PATIENCE = Duration.ofSeconds(30);

    @Resource
    TimerService timers;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    AuditTrail trail;

    @Inject
    BrokerReadiness readiness;

    @Inject
    Connections connections;

    @Inject
    ConnectionViews views;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "mcpoauth.events.heartbeat", defaultValue = "PT15S")
    Duration heartbeat;

    @Inject
    @ConfigProperty(name = "mcpoauth.events.replay-limit", defaultValue = "500")
    int replayLimit;

    @Inject
    @ConfigProperty(name = "mcpoauth.events.max-streams-per-user", defaultValue = "10")
    int maxStreamsPerUser;

    @Inject
    @ConfigProperty(name = "mcpoauth.events.feed-interval", defaultValue = "PT0.5S")
    Duration feedInterval;

    final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    final BlockingQueue<AuditEntry> outbox = new LinkedBlockingQueue<>(OUTBOX_CAPACITY);
    /** The rows queued or sent lately, whichever way they came: each goes out once. */
    final Map<Long, Instant> queued = new ConcurrentHashMap<>();
    Thread dispatcher;
    /** Owned by the dispatcher thread; null until the schema is there. */
    FeedCursor cursor;

    /** A connection's shared role never changes (it is part of its owner key), so it is looked up once. */
    final Map<String, String> sharedRoles = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        long every = heartbeat.toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("event-heartbeat", false));
        metrics.gauge("mcpoauth.events.subscribers", subscriptions, Set::size);
        dispatcher = threads.newThread(this::dispatch);
        dispatcher.setName("mcpoauth-event-streams");
        dispatcher.start();
    }

    @PreDestroy
    void stop() {
        dispatcher.interrupt();
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }

    /**
     * Opens a stream: the events after {@code lastEventId} the caller missed (at most the replay
     * limit, newest kept), the current state of their connections, then everything live.
     */
    public void subscribe(SseEventSink sink, Sse sse, Audience audience, Optional<Long> lastEventId) {
        Subscription subscription = new Subscription(sink, sse, audience);
        admit(subscription);
        try {
            List<Connection> visible = visibleConnections(audience);
            Set<Long> replayed = lastEventId.map(after -> replay(subscription, visible, after)).orElse(Set.of());
            visible.forEach(connection -> subscription.state(views.of(connection)));
            subscription.goLive(replayed);
        } catch (RuntimeException e) {
            subscriptions.remove(subscription);
            throw e;
        }
    }

    /** Adds the stream unless its user already has the most open on this node (429). */
    void admit(Subscription subscription) {
        synchronized (subscriptions) {
            dropClosed();
            String user = subscription.audience.user();
            long open = subscriptions.stream().filter(other -> other.audience.user().equals(user)).count();
            if (open >= maxStreamsPerUser) {
                throw new ProblemException(Problem.LIMIT_REACHED, "You have " + open + " event streams open, the most"
                        + " the broker allows at once. Close one (another tab or client of yours), then try again.");
            }
            subscriptions.add(subscription);
        }
    }

    /** Runs on the audited operation's thread: only queues the row. */
    public void enqueue(@Observes AuditRecorded recorded) {
        if (!subscriptions.isEmpty()) {
            queue(recorded.entry(), Instant.now());
        }
    }

    void queue(AuditEntry entry, Instant now) {
        if (queued.putIfAbsent(entry.id(), now) != null) {
            return;
        }
        if (!outbox.offer(entry)) {
            LOGGER.log(System.Logger.Level.WARNING, "Event streams are " + OUTBOX_CAPACITY + " rows behind; audit"
                    + " entry " + entry.id() + " is not streamed (clients catch up with Last-Event-ID)");
        }
    }

    void dispatch() {
        Instant nextRead = Instant.now();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                AuditEntry next = outbox.poll(feedInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (next != null) {
                    broadcast(next);
                }
                Instant now = Instant.now();
                if (!now.isBefore(nextRead)) {
                    nextRead = now.plus(feedInterval);
                    readFeed(now);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "Streaming an audit entry failed", e);
            }
        }
    }

    /** Queues what any node recorded since the last read; with nobody listening, only moves the cursor on. */
    void readFeed(Instant now) {
        if (!readiness.isReady()) {
            return;
        }
        if (cursor == null || subscriptions.isEmpty()) {
            long newest = trail.newestId();
            if (cursor == null) {
                cursor = new FeedCursor(newest, FEED_PATIENCE);
            } else {
                cursor.skipTo(newest);
            }
        } else {
            List<AuditEntry> read = trail.feed(cursor.watermark(), cursor.gaps(), FEED_BATCH);
            cursor.read(read.stream().map(AuditEntry::id).sorted().toList(), now);
            read.forEach(entry -> queue(entry, now));
        }
        Instant forgotten = now.minus(FEED_PATIENCE.multipliedBy(2));
        queued.values().removeIf(at -> at.isBefore(forgotten));
    }

    void broadcast(AuditEntry entry) {
        Function<String, Optional<String>> sharedRoleOf = this::sharedRoleOf;
        subscriptions.stream()
                .filter(subscription -> subscription.audience.sees(entry, sharedRoleOf))
                .forEach(subscription -> subscription.deliver(entry));
        dropClosed();
    }

    @Timeout
    void beat() {
        if (!readiness.isReady()) {
            return;
        }
        subscriptions.forEach(Subscription::heartbeat);
        dropClosed();
    }

    Set<Long> replay(Subscription subscription, List<Connection> visible, long after) {
        Audience audience = subscription.audience;
        List<String> shared = visible.stream().filter(connection -> connection.sharedRole().isPresent())
                .map(Connection::id).toList();
        List<AuditEntry> missed = trail.after(after, audience.admin() ? Optional.empty() : Optional.of(audience.user()),
                shared, replayLimit + 1);
        if (missed.size() > replayLimit) {
            subscription.truncated(after, replayLimit);
            missed = missed.subList(1, missed.size());
        }
        Set<Long> replayed = new HashSet<>();
        for (AuditEntry entry : missed) {
            subscription.replay(entry);
            replayed.add(entry.id());
        }
        return replayed;
    }

    /** An admin sees every connection, as the events of every one; a person their own and their roles' shared ones. */
    List<Connection> visibleConnections(Audience audience) {
        if (audience.admin()) {
            return everyConnection();
        }
        List<Connection> visible = new ArrayList<>(connections.ownedBy(audience.user()));
        visible.addAll(connections.sharedWith(audience.sharedRoles()));
        return visible;
    }

    List<Connection> everyConnection() {
        List<Connection> every = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<Connection> batch = connections.all(Optional.empty(), Optional.empty(),
                    new Paging(page, Paging.MAX_SIZE));
            every.addAll(batch);
            if (batch.size() < Paging.MAX_SIZE) {
                return every;
            }
        }
    }

    Optional<String> sharedRoleOf(String connectionId) {
        String known = sharedRoles.get(connectionId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> role = connections.find(connectionId).flatMap(Connection::sharedRole);
        role.ifPresent(found -> sharedRoles.put(connectionId, found));
        return role;
    }

    void dropClosed() {
        subscriptions.removeIf(Subscription::isClosed);
    }
}
