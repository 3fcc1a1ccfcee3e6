package dev.mcpoauth.audit.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventsResourceTest {

    @Test
    void resumesOnlyFromANumericEventId() {
        assertThat(EventsResource.eventId("42")).contains(42L);
        assertThat(EventsResource.eventId(" 7 ")).contains(7L);
        assertThat(EventsResource.eventId(null)).isEmpty();
        assertThat(EventsResource.eventId("abc")).isEmpty();
        assertThat(EventsResource.eventId("-1")).isEmpty();
    }
}
