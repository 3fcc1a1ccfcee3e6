package bench;

import dev.mcpoauth.peers.JsonMaps;
import dev.mcpoauth.peers.Peers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P1, the hot path: {@code GET /api/v1/connections/{id}} of a connected connection under 64
 * concurrent callers, with Basic and with bearer-JWT callers, against {@code GET /api/v1/me} (the
 * same authentication, trivial work) and {@code /health/live} (no authentication) on the same
 * broker, in alternating rounds; then {@code AccessTokens.forConnection} in a loop inside the server.
 */
public final class P1HotPath {

    public static void main(String[] args) {
        int callers = Bench.intEnv("BENCH_CALLERS", 64);
        int requests = Bench.intEnv("BENCH_REQUESTS", 20_000);
        int warmup = Bench.intEnv("BENCH_WARMUP", 10_000);
        int rounds = Bench.intEnv("BENCH_ROUNDS", 3);
        Duration cap = Bench.durationEnv("BENCH_PHASE_CAP", Duration.ofSeconds(60));
        int loopCalls = Bench.intEnv("BENCH_LOOP_CALLS", 100_000);
        String startLoad = Bench.loadAverage();

        try (Peers peers = Peers.builder().accessTokenTtl(Duration.ofHours(2)).logNamePrefix("bench-p1-").start();
             BrokerNode broker = BrokerNode.start("p1", Map.of(), Map.of())) {
            Bench.requireLoopbackOnly("peers", peers.authorizationServer().pid(), peers.mcpServer().pid());
            Flows flows = new Flows(broker);
            String serverId = flows.createServer(peers.mcpUrl());
            String jwt = Flows.jwt("bench-jwt");
            String basicConnection = flows.connect(serverId, Flows.ALICE, "alice");
            String jwtConnection = flows.connect(serverId, jwt, "bench-jwt");
            Bench.log("connected: alice (Basic) %s, bench-jwt (JWT) %s", basicConnection, jwtConnection);

            HttpClient client = Load.client();
            Map<String, java.util.function.LongFunction<HttpRequest>> targets = new LinkedHashMap<>();
            targets.put("status Basic", i -> get(broker.uri("api/v1/connections/" + basicConnection), Flows.ALICE));
            targets.put("me Basic", i -> get(broker.uri("api/v1/me"), Flows.ALICE));
            targets.put("status JWT", i -> get(broker.uri("api/v1/connections/" + jwtConnection), jwt));
            targets.put("me JWT", i -> get(broker.uri("api/v1/me"), jwt));
            targets.put("health/live (no auth)", i -> get(broker.uri("health/live"), null));

            Bench.log("warm-up: %d requests per target, %d callers", warmup, callers);
            targets.forEach((name, request) -> Load.run(name, client, callers, warmup, cap, 200, request));

            Map<String, List<Load.Result>> byTarget = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (var target : targets.entrySet()) {
                    Load.Result result = Load.run(target.getKey(), client, callers, requests, cap, 200, target.getValue());
                    Bench.log("round %d/%d %-22s %8.1f req/s p50 %.2f ms p99 %.2f ms errors %d", round, rounds,
                            target.getKey(), result.throughput(), result.percentileMillis(50), result.percentileMillis(99),
                            result.errors());
                    byTarget.computeIfAbsent(target.getKey(), k -> new ArrayList<>()).add(result);
                }
            }
            List<Load.Result> merged = new ArrayList<>();
            byTarget.forEach((name, results) -> merged.add(Load.Result.merge(name, results)));
            Map<String, Load.Result> m = new LinkedHashMap<>();
            merged.forEach(r -> m.put(r.name(), r));

            Map<String, Long> afterLoad = broker.procStatus();

            // in-process: the same token boundary without HTTP or authentication, 64 managed threads
            Map<String, Object> loop = JsonMaps.parse(Flows.expectOk(flows.post("bench/probe/tokens/" + basicConnection
                    + "/loop?threads=" + callers + "&calls=" + loopCalls, "{}", null), "in-process loop"));

            Bench.out("");
            Bench.out("%s", Bench.header("P1 hot path: GET /api/v1/connections/{id}"));
            Bench.out("broker: H2, JVM %s, HTTP/1.1 keep-alive, one shared JDK HttpClient, %d closed-loop callers",
                    Bench.env("BENCH_JVM_OPTS", BrokerNode.JVM_DEFAULT), callers);
            Bench.out("%d rounds x %d requests per target, alternating targets in each round, after %d warm-up requests each",
                    rounds, requests, warmup);
            Bench.out("");
            System.out.print(Load.table(merged));
            Bench.out("");
            Bench.out("ratios (throughput, same run)         measured   goal");
            ratio("status/me        Basic", m.get("status Basic"), m.get("me Basic"), ">= 0.90");
            ratio("status/me        JWT", m.get("status JWT"), m.get("me JWT"), ">= 0.90");
            ratio("status/health    Basic", m.get("status Basic"), m.get("health/live (no auth)"), ">= 0.50");
            ratio("status/health    JWT", m.get("status JWT"), m.get("health/live (no auth)"), ">= 0.50");
            ratio("me/health        Basic", m.get("me Basic"), m.get("health/live (no auth)"), "");
            ratio("me/health        JWT", m.get("me JWT"), m.get("health/live (no auth)"), "");
            Bench.out("p99 of the status read: Basic %.2f ms, JWT %.2f ms (goal <= 5 ms)",
                    m.get("status Basic").percentileMillis(99), m.get("status JWT").percentileMillis(99));
            Bench.out("");
            Bench.out("in-process AccessTokens.forConnection (bench probe, %s managed threads): %.0f calls in %.2f s = %.0f calls/s,"
                            + " p50 %.3f ms, p99 %.3f ms, max %.1f ms, failures %s",
                    loop.get("threads"), num(loop, "calls"), num(loop, "seconds"), num(loop, "calls") / num(loop, "seconds"),
                    num(loop, "p50Millis"), num(loop, "p99Millis"), num(loop, "maxMillis"), loop.get("failures"));
            Bench.out("  vs the HTTP status read (Basic): %.1fx its throughput", ratio(num(loop, "calls") / num(loop, "seconds"),
                    m.get("status Basic").throughput()));
            Bench.out("broker after the load: RSS %d MiB, %d threads", afterLoad.get("rssMiB"), afterLoad.get("threads"));
            Bench.out("load average: start %s, end %s (other busy processes skew the figures: compare ratios)",
                    startLoad, Bench.loadAverage());
        }
    }

    static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    static double ratio(double a, double b) {
        return Bench.ratio(a, b);
    }

    static void ratio(String label, Load.Result ours, Load.Result floor, String goal) {
        Bench.out("%-36s %8.2fx   %s", label, Bench.ratio(ours.throughput(), floor.throughput()), goal);
    }

    static HttpRequest get(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Load.REQUEST_TIMEOUT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }
}
