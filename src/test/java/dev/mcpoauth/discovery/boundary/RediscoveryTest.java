package dev.mcpoauth.discovery.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.events.entity.DiscoveryAnswered;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.testing.ObservedEvent;
import dev.mcpoauth.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Discovery#rediscover}: after a refused token, one discovery per server however many were refused. */
class RediscoveryTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    final SettableClock clock = new SettableClock(NOW);
    final McpServer server = new McpServer("files", "https://mcp.example.com/mcp", NOW);
    final List<Boolean> answers = new CopyOnWriteArrayList<>();
    final AtomicInteger fetches = new AtomicInteger();
    final CountDownLatch fetching = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    Optional<ServerDiscovery> cachedNow = Optional.empty();

    Discovery discovery() {
        Discovery discovery = new Discovery() {
            @Override
            public ServerDiscovery discover(McpServer target, boolean refresh) {
                fetches.incrementAndGet();
                fetching.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return discovered(clock.instant());
            }

            @Override
            Optional<ServerDiscovery> cached(McpServer target, Instant now) {
                return cachedNow;
            }
        };
        discovery.clock = clock;
        discovery.answered = new ObservedEvent<DiscoveryAnswered>(answer -> answers.add(answer.fromCache()));
        return discovery;
    }

    ServerDiscovery discovered(Instant at) {
        return new ServerDiscovery(server.url(), null, null, null, null, null, at, false);
    }

    @Test
    void callersRefusedAtOnceWaitForTheOneDiscoveryUnderWayAndShareItsAnswer() throws Exception {
        Discovery discovery = discovery();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            Future<ServerDiscovery> first = callers.submit(() -> discovery.rediscover(server, NOW));
            assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<ServerDiscovery>> others = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                others.add(callers.submit(() -> discovery.rediscover(server, NOW)));
            }
            while (answers.size() < 7) {
                Thread.onSpinWait();
            }
            release.countDown();

            ServerDiscovery found = first.get(10, TimeUnit.SECONDS);
            for (Future<ServerDiscovery> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS)).isSameAs(found);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
        assertThat(answers).as("seven joined the fetch, which counts as the one miss").containsOnly(true).hasSize(7);
    }

    @Test
    void aCallerRefusedBeforeTheLastDiscoveryTakesItWithoutFetching() {
        release.countDown();
        cachedNow = Optional.of(discovered(NOW.plusSeconds(1)));

        ServerDiscovery found = discovery().rediscover(server, NOW);

        assertThat(found.fetchedAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(fetches).hasValue(0);
        assertThat(answers).containsExactly(true);
    }

    @Test
    void aCallerRefusedAfterTheLastDiscoveryDiscoversAnew() {
        release.countDown();
        cachedNow = Optional.of(discovered(NOW.minus(Duration.ofMinutes(1))));

        discovery().rediscover(server, NOW);

        assertThat(fetches).hasValue(1);
    }
}
