package dev.mcpoauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerReadinessTest {

    final BrokerReadiness readiness = new BrokerReadiness();

    @Test
    void isNotReadyWhileTheApplicationIsStillStartingThoughTheSchemaIsApplied() {
        readiness.schemaApplied();

        assertThat(readiness.isReady()).isFalse();
    }

    @Test
    void isNotReadyBeforeTheMigrationIsDoneThoughTheApplicationStarted() {
        readiness.started(new Object());

        assertThat(readiness.isReady()).isFalse();
    }

    @Test
    void isReadyOnceBothHappenedInEitherOrder() {
        readiness.started(new Object());
        readiness.schemaApplied();

        assertThat(readiness.isReady()).isTrue();
    }
}
