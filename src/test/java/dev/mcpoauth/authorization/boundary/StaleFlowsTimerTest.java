package dev.mcpoauth.authorization.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.BrokerReadiness;
import dev.mcpoauth.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The minute sweep: expire, end abandoned claims, purge; nothing before the broker is ready. */
class StaleFlowsTimerTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    final List<String> calls = new ArrayList<>();
    final StaleFlowsTimer timer = new StaleFlowsTimer();

    StaleFlowsTimerTest() {
        timer.clock = new SettableClock(NOW);
        timer.flows = new FlowStore() {
            @Override
            public int expireStale(Instant now) {
                calls.add("expire pending at " + now);
                return 0;
            }

            @Override
            public int interruptClaimsExpiredBefore(Instant before, Instant now) {
                calls.add("interrupt claims expired before " + before + " at " + now);
                return 0;
            }

            @Override
            public int purgeFinishedBefore(Instant before) {
                calls.add("purge finished before " + before);
                return 0;
            }
        };
    }

    @Test
    void failsAClaimedFlowOnlyWellPastItsExpirySoThatNoRunningExchangeIsCutShort() {
        timer.readiness = ready(true);
        timer.clean();
        assertThat(calls).containsExactly("expire pending at " + NOW,
                "interrupt claims expired before " + NOW.minus(Duration.ofMinutes(5)) + " at " + NOW,
                "purge finished before " + NOW.minus(Duration.ofHours(24)));
    }

    @Test
    void touchesNothingBeforeTheBrokerIsReady() {
        timer.readiness = ready(false);
        timer.clean();
        assertThat(calls).isEmpty();
    }

    static BrokerReadiness ready(boolean ready) {
        return new BrokerReadiness() {
            @Override
            public boolean isReady() {
                return ready;
            }
        };
    }
}
