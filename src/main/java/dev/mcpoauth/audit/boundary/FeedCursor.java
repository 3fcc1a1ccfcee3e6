package dev.mcpoauth.audit.boundary;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far this node has read the audit trail that every node appends to. Ids come from one
 * database sequence, but a transaction that took a lower id can commit after a higher one was
 * read: the ids skipped over are remembered as gaps and asked for again, until they turn up or
 * are old enough to have been rolled back. Not thread-safe: the dispatcher thread owns it.
 */
final class FeedCursor {

    static final int MAX_GAPS = 1_000;

    final Duration patience;
    private long watermark;
    private final Map<Long, Instant> gaps = new LinkedHashMap<>();

    FeedCursor(long watermark, Duration patience) {
        this.watermark = watermark;
        this.patience = patience;
    }

    long watermark() {
        return watermark;
    }

    Set<Long> gaps() {
        return Set.copyOf(gaps.keySet());
    }

    /** @param ids what a read above the watermark or in the gaps returned, in ascending order */
    void read(List<Long> ids, Instant now) {
        for (long id : ids) {
            if (id > watermark) {
                for (long skipped = Math.max(watermark + 1, id - MAX_GAPS); skipped < id; skipped++) {
                    gaps.put(skipped, now);
                }
                watermark = id;
            } else {
                gaps.remove(id);
            }
        }
        forgetGapsOlderThan(now.minus(patience));
    }

    /** After a stretch with nobody listening: nothing before {@code newest} is wanted any more. */
    void skipTo(long newest) {
        watermark = Math.max(watermark, newest);
        gaps.clear();
    }

    void forgetGapsOlderThan(Instant cutoff) {
        Iterator<Map.Entry<Long, Instant>> oldestFirst = gaps.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Map.Entry<Long, Instant> gap = oldestFirst.next();
            if (gaps.size() > MAX_GAPS || gap.getValue().isBefore(cutoff)) {
                oldestFirst.remove();
            } else {
                return;
            }
        }
    }
}
