package dev.mcpoauth.events.entity;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** The events a bean fired, in order. */
public final class RecordedEvents implements Event<BrokerEvent> {

    public final List<BrokerEvent> fired = new CopyOnWriteArrayList<>();

    @Override
    public void fire(BrokerEvent event) {
        fired.add(event);
    }

    @Override
    public <U extends BrokerEvent> CompletionStage<U> fireAsync(U event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends BrokerEvent> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Event<BrokerEvent> select(Annotation... qualifiers) {
        return this;
    }

    @Override
    public <U extends BrokerEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends BrokerEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }
}
