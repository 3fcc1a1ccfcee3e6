package dev.mcpoauth.events.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.events.entity.DiscoveryAnswered;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.junit.jupiter.api.Test;

/** Discovery answers are counted as cache hits or misses, every one of them. */
class BrokerMetricsTest {

    final BrokerMetrics metrics = new BrokerMetrics();

    BrokerMetricsTest() {
        metrics.cacheHits = new SimpleCounter();
        metrics.cacheMisses = new SimpleCounter();
    }

    @Test
    void countsAnAnswerFromTheNetworkAsAMissAndOneFromTheCacheAsAHit() {
        metrics.count(new DiscoveryAnswered(false));
        metrics.count(new DiscoveryAnswered(true));
        metrics.count(new DiscoveryAnswered(true));

        assertThat(metrics.cacheMisses.getCount()).isEqualTo(1);
        assertThat(metrics.cacheHits.getCount()).isEqualTo(2);
    }

    static final class SimpleCounter implements Counter {
        final AtomicLong count = new AtomicLong();

        @Override
        public void inc() {
            count.incrementAndGet();
        }

        @Override
        public void inc(long n) {
            count.addAndGet(n);
        }

        @Override
        public long getCount() {
            return count.get();
        }
    }
}
