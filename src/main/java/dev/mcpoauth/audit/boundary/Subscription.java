package dev.mcpoauth.audit.boundary;

import dev.mcpoauth.audit.entity.Audience;
import dev.mcpoauth.audit.entity.AuditEntry;
import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One open event stream. Until it goes live (replay and current state sent), live events are
 * held back, so that nothing committed meanwhile is lost, sent twice, or sent before the replay.
 */
final class Subscription {

    static final System.Logger LOGGER = System.getLogger(Subscription.class.getName());
    static final String CONNECTION_STATE = "connection-state";
    static final String REPLAY_TRUNCATED = "replay-truncated";

    final SseEventSink sink;
    final Sse sse;
    final Audience audience;
    private List<AuditEntry> held = new ArrayList<>();

    Subscription(SseEventSink sink, Sse sse, Audience audience) {
        this.sink = sink;
        this.sse = sse;
        this.audience = audience;
    }

    synchronized void deliver(AuditEntry entry) {
        if (held != null) {
            held.add(entry);
        } else {
            send(event(entry));
        }
    }

    synchronized void replay(AuditEntry entry) {
        send(event(entry));
    }

    synchronized void truncated(long after, int limit) {
        send(sse.newEventBuilder().name(REPLAY_TRUNCATED).data(String.class, JsonBuilders.object()
                .add("after", after).add("limit", limit).build().toString()).build());
    }

    synchronized void state(JsonObject connection) {
        send(sse.newEventBuilder().name(CONNECTION_STATE).data(String.class, connection.toString()).build());
    }

    /** Sends what arrived while replaying, except what the replay already carried, and from now on everything. */
    synchronized void goLive(Set<Long> replayed) {
        List<AuditEntry> pending = held;
        held = null;
        pending.stream()
                .filter(entry -> !replayed.contains(entry.id()))
                .sorted(Comparator.comparing(AuditEntry::id))
                .forEach(entry -> send(event(entry)));
    }

    synchronized void heartbeat() {
        send(sse.newEventBuilder().comment("heartbeat").build());
    }

    boolean isClosed() {
        return sink.isClosed();
    }

    OutboundSseEvent event(AuditEntry entry) {
        return sse.newEventBuilder()
                .id(String.valueOf(entry.id()))
                .name(entry.type())
                .data(String.class, entry.eventJSON().build().toString())
                .build();
    }

    void send(OutboundSseEvent event) {
        if (sink.isClosed()) {
            return;
        }
        try {
            sink.send(event).whenComplete((sent, failure) -> {
                if (failure != null) {
                    close(failure);
                }
            });
        } catch (RuntimeException e) {
            close(e);
        }
    }

    void close(Throwable cause) {
        LOGGER.log(System.Logger.Level.DEBUG, "Event stream of " + audience.user() + " closed: " + cause);
        close();
    }

    void close() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "Closing an event stream failed", e);
        }
    }
}
