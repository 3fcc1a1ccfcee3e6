package dev.mcpoauth.authorization.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.BrokerReadiness;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StaleFlowsTimerTest {

    final List<String> cleaned = new CopyOnWriteArrayList<>();
    final BrokerReadiness readiness = new BrokerReadiness();
    final StaleFlowsTimer timer = new StaleFlowsTimer();

    StaleFlowsTimerTest() {
        timer.readiness = readiness;
        timer.clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        timer.flows = new FlowStore() {
            @Override
            public int expireStale(Instant now) {
                cleaned.add("expire");
                return 0;
            }

            @Override
            public int purgeFinishedBefore(Instant before) {
                cleaned.add("purge");
                return 0;
            }
        };
    }

    @Test
    void doesNothingUntilTheBrokerIsReady() {
        readiness.schemaApplied();

        timer.clean();

        assertThat(cleaned).isEmpty();
    }

    @Test
    void cleansOnceTheBrokerIsReady() {
        readiness.schemaApplied();
        readiness.started(new Object());

        timer.clean();

        assertThat(cleaned).containsExactly("expire", "purge");
    }
}
