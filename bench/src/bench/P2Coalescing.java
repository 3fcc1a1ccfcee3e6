package bench;

import dev.mcpoauth.peers.JsonMaps;
import dev.mcpoauth.peers.PeerTokens;
import dev.mcpoauth.peers.Peers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * P2, coalescing: 500 callers at once on one connection whose access token has expired (short TTL
 * at the AS, then waiting past the expiry; the broker's refresh timer is off, PT1H). Per round:
 * the token-endpoint requests the AS counted (goal exactly 1), errors (goal 0), rotated refresh
 * tokens presented again, distinct tokens the callers got, and the callers' p99 against one
 * refresh round trip measured right after, directly at the AS, with a refresh grant of its own
 * (same AS, grant type, client authentication and resource).
 *
 * <p>Modes, alternating by round: {@code probe} ({@code AccessTokens.forConnection} behind the
 * bench probe: the coalescing itself) and {@code tools} ({@code POST /api/v1/connections/{id}/tools/echo}
 * as alice: what a person's agent does, MCP server included).
 */
public final class P2Coalescing {

    public static void main(String[] args) {
        int callers = Bench.intEnv("BENCH_CALLERS", 500);
        int rounds = Bench.intEnv("BENCH_ROUNDS", 4);
        // long enough that a slow burst does not outlive the new token's half-life (which would make it
        // due again, and a second refresh legitimate), short enough to wait for its expiry each round
        Duration ttl = Bench.durationEnv("BENCH_TOKEN_TTL", Duration.ofSeconds(30));
        int directRefreshes = Bench.intEnv("BENCH_DIRECT_REFRESHES", 20);
        List<String> modes = List.of(Bench.env("BENCH_P2_MODES", "probe,tools").split(","));
        String startLoad = Bench.loadAverage();

        try (Peers peers = Peers.builder().accessTokenTtl(ttl).logNamePrefix("bench-p2-").start();
             BrokerNode broker = BrokerNode.start("p2", Map.of("mcpoauth.token.refresh-interval", "PT1H"), Map.of())) {
            Bench.requireLoopbackOnly("peers", peers.authorizationServer().pid(), peers.mcpServer().pid());
            Flows flows = new Flows(broker);
            String serverId = flows.createServer(peers.mcpUrl());
            String connection = flows.connect(serverId, Flows.ALICE, "alice");
            PeerTokens direct = new PeerTokens(peers);
            PeerTokens.Grant grant = direct.authorize("mcp:read offline_access");
            HttpClient client = Load.client();

            // warm both paths once (JIT, first MCP session), outside the measured rounds
            Flows.expectOk(flows.get("bench/probe/tokens/" + connection, null), "warm-up probe");
            Flows.expectOk(flows.post("api/v1/connections/" + connection + "/tools/echo", "{\"text\":\"warm\"}",
                    Flows.ALICE), "warm-up tools call");

            // one burst of each kind with a valid token: the server's pools grow and the JIT warms outside the rounds
            Load.burst("p2-warm", client, callers, i -> HttpRequest.newBuilder(broker.uri("bench/probe/tokens/" + connection))
                    .timeout(Load.REQUEST_TIMEOUT).GET().build());
            Load.burst("p2-warm", client, callers, i -> HttpRequest.newBuilder(broker.uri("health/live"))
                    .timeout(Load.REQUEST_TIMEOUT).GET().build());

            List<String> lines = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            long totalErrors = 0;
            long roundsNotOne = 0;
            for (int round = 1; round <= rounds; round++) {
                String mode = modes.get((round - 1) % modes.size()).trim();
                Instant expiresAt = Instant.parse(JsonMaps.string(JsonMaps.parse(Flows.expectOk(
                        flows.get("api/v1/connections/" + connection, Flows.ALICE), "status")), "expiresAt"));
                Duration wait = Duration.between(Instant.now(), expiresAt.plusSeconds(1));
                Bench.log("round %d/%d (%s): waiting %.1f s until the access token has expired", round, rounds, mode,
                        Math.max(0, wait.toMillis()) / 1000.0);
                Bench.sleep(wait);
                peers.resetCounters();

                // a new client per burst: 500 new callers open new connections. Reusing the last burst's
                // idle keep-alive connections races the server's keep-alive timeout (30 s), and the JDK
                // client retries a GET on a connection closed under it, but not a POST
                client = Load.client();
                List<Load.Answer> answers = Load.burst("p2", client, callers, i -> mode.equals("tools")
                        ? HttpRequest.newBuilder(broker.uri("api/v1/connections/" + connection + "/tools/echo"))
                        .timeout(Load.REQUEST_TIMEOUT).header("Authorization", Flows.ALICE)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"caller " + i + "\"}")).build()
                        : HttpRequest.newBuilder(broker.uri("bench/probe/tokens/" + connection))
                        .timeout(Load.REQUEST_TIMEOUT).GET().build());

                Map<String, Object> as = peers.asCounters();
                long tokenRequests = JsonMaps.number(as, "token.refresh_token");
                long tokenOk = JsonMaps.number(as, "tokenSuccess.refresh_token");
                long reuse = JsonMaps.number(as, "refreshTokenReuse");
                Map<String, Long> errors = new TreeMap<>();
                Set<String> fingerprints = new HashSet<>();
                long[] nanos = new long[answers.size()];
                for (int i = 0; i < answers.size(); i++) {
                    Load.Answer a = answers.get(i);
                    nanos[i] = a.nanos();
                    if (a.status() != 200) {
                        errors.merge(a.status() < 0 ? a.error() : Load.errorKind(a.status(), a.body()), 1L, Long::sum);
                    } else if (mode.equals("probe")) {
                        fingerprints.add(JsonMaps.string(JsonMaps.parse(a.body()), "fingerprint"));
                    }
                }
                Arrays.sort(nanos);
                long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
                totalErrors += errorCount;
                roundsNotOne += tokenRequests == 1 ? 0 : 1;

                // one refresh round trip at the AS itself, right after, on a keep-alive connection
                long[] rtt = new long[directRefreshes];
                for (int i = 0; i < directRefreshes; i++) {
                    long t0 = System.nanoTime();
                    grant = direct.refresh(grant);
                    rtt[i] = System.nanoTime() - t0;
                }
                Arrays.sort(rtt);
                double refreshMs = Load.percentileMillis(rtt, 50);
                double p99 = Load.percentileMillis(nanos, 99);
                ratios.add(p99 / refreshMs);

                // the same burst on an endpoint that does nothing: what 500 requests at once cost this server
                client = Load.client();
                List<Load.Answer> floor = Load.burst("p2-floor", client, callers,
                        i -> HttpRequest.newBuilder(broker.uri("health/live")).timeout(Load.REQUEST_TIMEOUT).GET().build());
                long[] floorNanos = floor.stream().mapToLong(Load.Answer::nanos).sorted().toArray();
                long floorErrors = floor.stream().filter(a -> a.status() != 200).count();
                double floorP99 = Load.percentileMillis(floorNanos, 99);
                lines.add(String.format(java.util.Locale.ROOT,
                        "%5d  %-5s %7d %13d %9d %6d %7s %8.1f %8.1f %8.1f %11.1f %7.1fx %15.1f %8.1fx%s",
                        round, mode, callers, tokenRequests, tokenOk, reuse,
                        mode.equals("probe") ? Integer.toString(fingerprints.size()) : "-",
                        Load.percentileMillis(nanos, 50), p99, Load.percentileMillis(nanos, 100), refreshMs,
                        p99 / refreshMs, floorP99, p99 / floorP99,
                        (errorCount == 0 ? "" : "  errors " + errorCount + " " + errors)
                                + (floorErrors == 0 ? "" : "  health burst errors " + floorErrors)));
            }

            Bench.out("");
            Bench.out("%s", Bench.header("P2 coalescing: " + callers + " callers at once on one expired access token"));
            Bench.out("broker: H2, one node, JVM %s; AS access-token TTL %d s; refresh timer off (PT1H); each caller one request,"
                    + " all released together", Bench.env("BENCH_JVM_OPTS", BrokerNode.JVM_DEFAULT), ttl.toSeconds());
            Bench.out("");
            Bench.out("round  mode  callers  token-requests  token-200  reuse  tokens   p50 ms   p99 ms   max ms  AS refresh ms  p99/AS"
                    + "  health p99 ms  p99/health");
            lines.forEach(l -> Bench.out("%s", l));
            Bench.out("");
            Bench.out("token-requests: POSTs to the AS token endpoint with grant_type=refresh_token during the burst (goal exactly 1);"
                    + " reuse: rotated refresh tokens presented again (goal 0); tokens: distinct access tokens the probe callers got");
            Bench.out("AS refresh ms: median of %d refreshes measured directly at the AS right after the burst (own grant, keep-alive);"
                    + " p99/AS: caller p99 / that (goal <= 1.5x)", directRefreshes);
            Bench.out("health p99 ms: p99 of the same burst of %d at once on /health/live (no authentication, no work) right after:"
                    + " what that many requests at once cost this server and machine; p99/health: caller p99 / that", callers);
            Bench.out("a burst that lasts longer than half the TTL (%d s) may legitimately refresh the new token again: compare"
                    + " max ms with that before reading token-requests > 1 as a coalescing failure", ttl.toSeconds() / 2);
            Bench.out("summary: %d of %d rounds with other than exactly 1 token request, %d errors in all", roundsNotOne, rounds,
                    totalErrors);
            Bench.out("load average: start %s, end %s (other busy processes skew the figures: compare ratios)",
                    startLoad, Bench.loadAverage());
        }
    }
}
