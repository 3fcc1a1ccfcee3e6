package dev.mcpoauth.token.boundary;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Timer;

/** A metrics timer without a registry: counts what it timed. */
final class RecordingTimer implements Timer {

    final AtomicLong count = new AtomicLong();

    @Override
    public void update(Duration duration) {
        count.incrementAndGet();
    }

    @Override
    public <T> T time(Callable<T> event) throws Exception {
        try (Context ignored = time()) {
            return event.call();
        }
    }

    @Override
    public void time(Runnable event) {
        try (Context ignored = time()) {
            event.run();
        }
    }

    @Override
    public Context time() {
        long started = System.nanoTime();
        return new Context() {
            @Override
            public long stop() {
                long elapsed = System.nanoTime() - started;
                update(Duration.ofNanos(elapsed));
                return elapsed;
            }

            @Override
            public void close() {
                stop();
            }
        };
    }

    @Override
    public Duration getElapsedTime() {
        return Duration.ZERO;
    }

    @Override
    public long getCount() {
        return count.get();
    }

    @Override
    public Snapshot getSnapshot() {
        throw new UnsupportedOperationException();
    }
}
