package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ADMIN;
import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.Peers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Prometheus text at {@code /metrics}, parsed: every broker metric from the first scrape on,
 * discovery misses and hits as they happen, and refresh durations in seconds.
 */
@ArquillianTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

    static final List<String> EVERY_METRIC = List.of("mcpoauth_flows_started_total", "mcpoauth_flows_completed_total",
            "mcpoauth_flows_failed_total", "mcpoauth_refreshes_succeeded_total", "mcpoauth_refreshes_failed_total",
            "mcpoauth_refreshes_duration_seconds_count", "mcpoauth_refreshes_duration_seconds_sum",
            "mcpoauth_refreshes_duration_seconds_max", "mcpoauth_discovery_cache_hits_total",
            "mcpoauth_discovery_cache_misses_total", "mcpoauth_events_subscribers", "mcpoauth_timer_runs_total");

    /** One sample line: name, optional labels, value. */
    static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)");

    static Peers peers;

    final BrokerClient broker = BrokerClient.local();
    final Lifecycle lifecycle = new Lifecycle(broker, peers);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("metrics-").start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    @Order(1)
    void listsEveryBrokerMetricAtTheFirstScrape() {
        Map<String, Double> samples = samples(scrape());

        assertThat(samples.keySet()).as("registered at start, before any use").containsAll(EVERY_METRIC);
        assertThat(samples).allSatisfy((name, value) -> assertThat(value).as(name).isGreaterThanOrEqualTo(0));
    }

    @Test
    @Order(2)
    void countsADiscoveryFromTheNetworkAsAMissAndTheNextAsAHit() {
        String serverId = lifecycle.createServer("");
        Map<String, Double> before = samples(scrape());

        // servers on the same peer URL share the cache, so the first one is a forced refresh: to the network
        assertThat(validate(serverId, "?refresh=true").getBoolean("fromCache")).isFalse();
        Map<String, Double> afterMiss = samples(scrape());
        assertThat(validate(serverId, "").getBoolean("fromCache")).isTrue();
        Map<String, Double> afterHit = samples(scrape());

        // >=: the refresh timer may discover at the same time
        assertThat(afterMiss.get("mcpoauth_discovery_cache_misses_total"))
                .isGreaterThanOrEqualTo(before.get("mcpoauth_discovery_cache_misses_total") + 1);
        assertThat(afterHit.get("mcpoauth_discovery_cache_hits_total"))
                .isGreaterThanOrEqualTo(afterMiss.get("mcpoauth_discovery_cache_hits_total") + 1);
    }

    @Test
    @Order(3)
    void timesARefreshInSeconds() {
        String connectionId = lifecycle.connect(lifecycle.createServer(""), ALICE, "alice");
        Map<String, Double> before = samples(scrape());

        HttpResponse<String> refreshed = broker.post("api/v1/connections/" + connectionId + "/refresh", "", ALICE);

        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String text = scrape();
        Map<String, Double> after = samples(text);
        assertThat(after.get("mcpoauth_refreshes_succeeded_total"))
                .isGreaterThanOrEqualTo(before.get("mcpoauth_refreshes_succeeded_total") + 1);
        double count = after.get("mcpoauth_refreshes_duration_seconds_count");
        assertThat(count).isGreaterThanOrEqualTo(before.get("mcpoauth_refreshes_duration_seconds_count") + 1);
        // a refresh against peers on loopback takes milliseconds: nanoseconds would read millions
        assertThat(after.get("mcpoauth_refreshes_duration_seconds_max")).isGreaterThan(0).isLessThan(60);
        assertThat(after.get("mcpoauth_refreshes_duration_seconds_sum")).isGreaterThan(0).isLessThan(60 * count);
        List<Double> durations = lines(text, "mcpoauth_refreshes_duration_seconds")
                .filter(line -> !line.name().endsWith("_count") && !line.name().endsWith("_bucket"))
                .map(Line::value).toList();
        assertThat(durations).as("every duration sample, quantiles included if any").isNotEmpty()
                .allSatisfy(value -> assertThat(value).isLessThan(60));
        List<Line> buckets = lines(text, "mcpoauth_refreshes_duration_seconds_bucket").toList();
        assertThat(buckets).as("bucket bounds in seconds").isNotEmpty()
                .anySatisfy(line -> assertThat(line.labels()).contains("le=\"0.5\""))
                .anySatisfy(line -> assertThat(line.labels()).contains("le=\"60.0\""))
                .anySatisfy(line -> assertThat(line.labels()).contains("le=\"+Inf\""));
        assertThat(buckets.stream().filter(line -> line.labels().contains("le=\"60.0\"")).findFirst().orElseThrow()
                .value()).as("each refresh took less than a minute").isEqualTo(count);
    }

    record Line(String name, String labels, double value) {}

    String scrape() {
        HttpResponse<String> response = broker.get(broker.root().resolve("/metrics?scope=application"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    jakarta.json.JsonObject validate(String serverId, String query) {
        HttpResponse<String> response = broker.post("api/v1/servers/" + serverId + "/validate" + query, "{}", ADMIN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).getBoolean("valid")).as(response.body()).isTrue();
        return json(response);
    }

    static java.util.stream.Stream<Line> lines(String text, String prefix) {
        Matcher matcher = SAMPLE.matcher(text);
        java.util.stream.Stream.Builder<Line> lines = java.util.stream.Stream.builder();
        while (matcher.find()) {
            if (matcher.group(1).startsWith(prefix)) {
                lines.add(new Line(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2),
                        Double.parseDouble(matcher.group(3))));
            }
        }
        return lines.build();
    }

    /** The broker's unlabelled samples by name (the scope label aside); bucket and quantile lines are left out. */
    static Map<String, Double> samples(String text) {
        return lines(text, "mcpoauth_")
                .filter(line -> !line.labels().contains("le=") && !line.labels().contains("quantile="))
                .collect(Collectors.toMap(Line::name, Line::value, (first, second) -> first));
    }
}
