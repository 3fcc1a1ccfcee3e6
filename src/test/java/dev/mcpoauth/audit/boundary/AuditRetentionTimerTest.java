package dev.mcpoauth.audit.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit trail keeps its retention period and is purged in bounded batches. */
class AuditRetentionTimerTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    final List<Instant> cutoffs = new ArrayList<>();
    long stored;
    final AuditRetentionTimer timer = new AuditRetentionTimer();

    AuditRetentionTimerTest() {
        timer.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        timer.retention = Duration.ofDays(365);
        timer.batch = 1000;
        timer.trail = new AuditTrail() {
            @Override
            public int purgeBefore(Instant before, int batch) {
                cutoffs.add(before);
                int deleted = (int) Math.min(batch, stored);
                stored -= deleted;
                return deleted;
            }
        };
    }

    @Test
    void deletesWhatIsOlderThanTheRetentionPeriodBatchByBatch() {
        stored = 2_500;

        assertThat(timer.purgeExpired()).isEqualTo(2_500);

        assertThat(cutoffs).hasSize(3).containsOnly(NOW.minus(Duration.ofDays(365)));
    }

    @Test
    void leavesALargeBacklogToTheNextRuns() {
        stored = 1_000L * AuditRetentionTimer.MAX_BATCHES + 1;

        assertThat(timer.purgeExpired()).isEqualTo(1_000 * AuditRetentionTimer.MAX_BATCHES);

        assertThat(stored).isEqualTo(1);
        assertThat(timer.purgeExpired()).isEqualTo(1);
    }
}
