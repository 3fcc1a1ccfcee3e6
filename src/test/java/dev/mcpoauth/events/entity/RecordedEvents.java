package dev.mcpoauth.events.entity;

import dev.mcpoauth.testing.ObservedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The events a bean fired, in order. */
public final class RecordedEvents extends ObservedEvent<BrokerEvent> {

    public final List<BrokerEvent> fired;

    public RecordedEvents() {
        this(new CopyOnWriteArrayList<>());
    }

    private RecordedEvents(List<BrokerEvent> fired) {
        super(fired::add);
        this.fired = fired;
    }
}
