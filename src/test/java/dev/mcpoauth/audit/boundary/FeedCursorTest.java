package dev.mcpoauth.audit.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the trail other nodes append to: rows that commit out of id order are not lost. */
class FeedCursorTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    final FeedCursor cursor = new FeedCursor(10, Duration.ofSeconds(30));

    @Test
    void movesPastWhatItReadAndRemembersTheIdsSkippedOver() {
        cursor.read(List.of(11L, 14L), NOW);

        assertThat(cursor.watermark()).isEqualTo(14);
        assertThat(cursor.gaps()).containsExactlyInAnyOrder(12L, 13L);
    }

    @Test
    void aRowThatCommitsLateFillsItsGap() {
        cursor.read(List.of(11L, 14L), NOW);

        cursor.read(List.of(13L, 15L), NOW.plusSeconds(1));

        assertThat(cursor.watermark()).isEqualTo(15);
        assertThat(cursor.gaps()).containsExactly(12L);
    }

    @Test
    void forgetsAGapOnceItIsOlderThanAnyTransactionLasts() {
        cursor.read(List.of(12L), NOW);

        cursor.read(List.of(), NOW.plusSeconds(29));
        assertThat(cursor.gaps()).containsExactly(11L);

        cursor.read(List.of(), NOW.plusSeconds(31));
        assertThat(cursor.gaps()).as("rolled back, or its id was never used").isEmpty();
    }

    @Test
    void keepsAtMostABoundedNumberOfGapsNewestFirst() {
        cursor.read(List.of(10L + FeedCursor.MAX_GAPS * 3), NOW);

        assertThat(cursor.gaps()).hasSize(FeedCursor.MAX_GAPS)
                .contains(10L + FeedCursor.MAX_GAPS * 3 - 1).doesNotContain(11L);
    }

    @Test
    void skipsToTheNewestRowWhenNobodyListened() {
        cursor.read(List.of(12L), NOW);

        cursor.skipTo(40);

        assertThat(cursor.watermark()).isEqualTo(40);
        assertThat(cursor.gaps()).isEmpty();
    }
}
