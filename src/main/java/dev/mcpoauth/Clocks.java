package dev.mcpoauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.ZoneOffset;

/** The one source of time, so that tests can pin it. */
@ApplicationScoped
public class Clocks {

    @Produces
    @ApplicationScoped
    Clock clock() {
        // milliseconds: what every database keeps, so a stored instant reads back equal
        return Clock.tickMillis(ZoneOffset.UTC);
    }
}
