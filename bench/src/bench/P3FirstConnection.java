package bench;

import dev.mcpoauth.peers.AsBrowser;
import dev.mcpoauth.peers.JsonMaps;
import dev.mcpoauth.peers.NodePeer;
import dev.mcpoauth.peers.Peers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * P3, a person's first connection, whole: through the broker (authorize, the start link, the AS's
 * login and consent pages, the broker's callback, a tools call) against the official TypeScript SDK
 * client doing the same itself ({@code bench/p3/sdk-client.mjs}: 401, discovery, PKCE flow on the
 * same pages, code exchange, initialize, tools/call), on the same peers, alternating; then many
 * people connecting at once through the broker to a server it has never registered with.
 */
public final class P3FirstConnection {

    record Timed(double authorize, double start, double as, double callback, double tools) {
        double total() {
            return authorize + start + as + callback + tools;
        }

        double broker() {
            return authorize + start + callback + tools;
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = Bench.intEnv("BENCH_RUNS", 5);
        int people = Bench.intEnv("BENCH_PEOPLE", 50);
        String startLoad = Bench.loadAverage();

        try (Peers peers = Peers.builder().accessTokenTtl(Duration.ofHours(1)).logNamePrefix("bench-p3-").start();
             Peers fresh = Peers.builder().accessTokenTtl(Duration.ofHours(1)).logNamePrefix("bench-p3-parallel-").start();
             BrokerNode broker = BrokerNode.start("p3", Map.of("mcpoauth.authorization.flow-ttl", "PT2M"), Map.of())) {
            Bench.requireLoopbackOnly("peers", peers.authorizationServer().pid(), peers.mcpServer().pid(),
                    fresh.authorizationServer().pid(), fresh.mcpServer().pid());
            Flows flows = new Flows(broker);
            String serverId = flows.createServer(peers.mcpUrl());

            ProcessBuilder sdkBuilder = new ProcessBuilder(Bench.env("NODE_BINARY", "node"),
                    Bench.ROOT.resolve("bench/p3/sdk-client.mjs").toString())
                    .redirectError(Bench.WORK.resolve("logs/sdk-client.log").toFile());
            Bench.WORK.resolve("logs").toFile().mkdirs();
            sdkBuilder.environment().put("PEERS_DIR", NodePeer.peersDir().toString());
            sdkBuilder.environment().put("MCP_URL", peers.mcpUrl());
            Process sdk = sdkBuilder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(sdk::destroyForcibly));
            try (Writer toSdk = new OutputStreamWriter(sdk.getOutputStream(), StandardCharsets.UTF_8);
                 BufferedReader fromSdk = new BufferedReader(new InputStreamReader(sdk.getInputStream(), StandardCharsets.UTF_8))) {
                // warm-up of both (JIT, the broker's registration and discovery cache, the SDK's registration)
                timedConnect(flows, serverId, "bench-p3-warm");
                sdkRun(toSdk, fromSdk, "bench-p3-sdk-warm");

                List<Timed> brokerRuns = new ArrayList<>();
                List<double[]> sdkRuns = new ArrayList<>();
                for (int i = 1; i <= runs; i++) {
                    brokerRuns.add(timedConnect(flows, serverId, "bench-p3-person-" + i));
                    sdkRuns.add(sdkRun(toSdk, fromSdk, "bench-p3-sdk-" + i));
                    Bench.log("run %d/%d: broker %.0f ms, SDK client %.0f ms", i, runs, brokerRuns.get(i - 1).total(),
                            sdkRuns.get(i - 1)[0]);
                }
                sdk.getOutputStream().close();

                // many first connections at once, to a server on an AS the broker has not registered with
                String parallelServer = flows.createServer(fresh.mcpUrl());
                fresh.resetCounters();
                ExecutorService pool = Executors.newFixedThreadPool(people);
                List<Future<Timed>> futures = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int i = 1; i <= people; i++) {
                    String user = "bench-p3-crowd-" + i;
                    futures.add(pool.submit(() -> timedConnect(flows, parallelServer, user)));
                }
                Map<String, Long> errors = new TreeMap<>();
                List<Double> totals = new ArrayList<>();
                for (Future<Timed> f : futures) {
                    try {
                        totals.add(f.get(5, TimeUnit.MINUTES).total());
                    } catch (java.util.concurrent.ExecutionException e) {
                        String m = String.valueOf(e.getCause().getMessage());
                        errors.merge(m.substring(0, Math.min(90, m.length())), 1L, Long::sum);
                    }
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                pool.shutdownNow();
                Map<String, Object> as = fresh.asCounters();

                Bench.out("");
                Bench.out("%s", Bench.header("P3 first connection: through the broker vs the official TypeScript SDK client"));
                Bench.out("broker: H2, JVM %s; %d alternating runs each after one warm-up each; every run a new person",
                        Bench.env("BENCH_JVM_OPTS", BrokerNode.JVM_DEFAULT), runs);
                Bench.out("");
                Bench.out("run   broker: authorize  start  AS pages  callback  tools call   total | SDK client: total  AS pages");
                for (int i = 0; i < runs; i++) {
                    Timed b = brokerRuns.get(i);
                    double[] s = sdkRuns.get(i);
                    Bench.out("%3d   %17.1f %6.1f %9.1f %9.1f %11.1f %7.1f | %17.1f %9.1f", i + 1, b.authorize, b.start, b.as,
                            b.callback, b.tools, b.total(), s[0], s[1]);
                }
                double brokerTotal = median(brokerRuns.stream().mapToDouble(Timed::total).toArray());
                double brokerOwn = median(brokerRuns.stream().mapToDouble(Timed::broker).toArray());
                double brokerAs = median(brokerRuns.stream().mapToDouble(Timed::as).toArray());
                double sdkTotal = median(sdkRuns.stream().mapToDouble(s -> s[0]).toArray());
                double sdkAs = median(sdkRuns.stream().mapToDouble(s -> s[1]).toArray());
                Bench.out("median   broker %.1f ms (requests to the broker %.1f, AS pages %.1f) | SDK client %.1f ms (AS pages %.1f)",
                        brokerTotal, brokerOwn, brokerAs, sdkTotal, sdkAs);
                Bench.out("ratio broker/SDK client: %.2fx; broker's own share = (broker - SDK) / broker = %.0f%% (goal <= 25%%)",
                        Bench.ratio(brokerTotal, sdkTotal), 100 * (brokerTotal - sdkTotal) / brokerTotal);
                Bench.out("  (the broker's requests include its own calls to the peers: the code exchange in the callback,"
                        + " discovery and the MCP session in the tools call)");
                Bench.out("");
                double[] sorted = totals.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
                Bench.out("%d people connecting at once (new AS, no registration yet): %d connected, %d errors in %.1f s;"
                                + " per person p50 %.0f ms, p99 %.0f ms; registrations at the AS %d (goal 1)%s",
                        people, sorted.length, errorCount, wall, pct(sorted, 50), pct(sorted, 99),
                        JsonMaps.number(as, "registrations"), errors.isEmpty() ? "" : "; errors " + errors);
                Bench.out("load average: start %s, end %s (other busy processes skew the figures: compare ratios)", startLoad,
                        Bench.loadAverage());
            } finally {
                sdk.destroy();
            }
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double pct(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static double[] sdkRun(Writer toSdk, BufferedReader fromSdk, String user) throws Exception {
        toSdk.write("{\"user\":\"" + user + "\"}\n");
        toSdk.flush();
        String line = fromSdk.readLine();
        if (line == null) {
            throw new IllegalStateException("the SDK client ended; see target/bench/logs/sdk-client.log");
        }
        Map<String, Object> answer = JsonMaps.parse(line);
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            throw new IllegalStateException("SDK client run failed: " + answer.get("error"));
        }
        return new double[] {((Number) answer.get("ms")).doubleValue(), ((Number) answer.get("asMs")).doubleValue()};
    }

    /** A new JWT person's whole first connection through the broker, each step timed (ms). */
    static Timed timedConnect(Flows flows, String serverId, String user) {
        String jwt = Flows.jwt(user);
        long t0 = System.nanoTime();
        HttpResponse<String> started = flows.post("api/v1/connections/" + serverId + "/authorize", "{}", jwt);
        Flows.expect(started, 200, "authorize");
        Map<String, Object> flow = JsonMaps.parse(started.body());
        long t1 = System.nanoTime();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> start = Flows.send(browser, HttpRequest.newBuilder(
                URI.create(JsonMaps.string(flow, "authorizationUrl"))).header("Authorization", jwt).GET());
        Flows.expect(start, 303, "start link");
        long t2 = System.nanoTime();
        URI callback = new AsBrowser().authorize(URI.create(start.headers().firstValue("Location").orElseThrow()), user,
                flows.broker.uri("oauth/callback").toString());
        long t3 = System.nanoTime();
        Flows.expect(Flows.send(browser, HttpRequest.newBuilder(callback).GET()), 200, "callback");
        long t4 = System.nanoTime();
        String connection = JsonMaps.string(flow, "connectionId");
        Flows.expect(flows.post("api/v1/connections/" + connection + "/tools/echo", "{\"text\":\"hello\"}", jwt), 200,
                "tools call");
        long t5 = System.nanoTime();
        return new Timed((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6);
    }
}
