package bench;

import dev.mcpoauth.peers.Peers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P4, memory: the broker's threads (and how many are JDK HttpClient threads), resident memory and
 * Java heap after a full GC, measured after P1's load (64 callers reading a connection's status)
 * and again after a soak of mixed operations: status reads and MCP tools calls by several people,
 * with refreshes coming from a short access-token lifetime at the AS and the refresh timer at its
 * default interval. The goal is flat: the same threads and heap after the soak as before.
 */
public final class P4Memory {

    record Op(String name, String connection, String authorization) {
    }

    public static void main(String[] args) throws Exception {
        Duration soak = Bench.durationEnv("BENCH_SOAK", Duration.ofMinutes(5));
        int soakCallers = Bench.intEnv("BENCH_SOAK_CALLERS", 8);
        int toolsEvery = Bench.intEnv("BENCH_TOOLS_EVERY", 4);
        int p1Requests = Bench.intEnv("BENCH_REQUESTS", 20_000);
        Duration ttl = Bench.durationEnv("BENCH_TOKEN_TTL", Duration.ofSeconds(20));
        int jwtUsers = Bench.intEnv("BENCH_JWT_USERS", 4);
        String startLoad = Bench.loadAverage();

        try (Peers peers = Peers.builder().accessTokenTtl(ttl).logNamePrefix("bench-p4-").start();
             BrokerNode broker = BrokerNode.start("p4", Map.of("mcpoauth.token.refresh-interval", "PT1M"), Map.of())) {
            Bench.requireLoopbackOnly("peers", peers.authorizationServer().pid(), peers.mcpServer().pid());
            Map<String, Long> booted = broker.procStatus();
            Flows flows = new Flows(broker);
            String serverId = flows.createServer(peers.mcpUrl());
            Map<String, String> people = new LinkedHashMap<>();
            people.put("alice", Flows.ALICE);
            people.put("bob", Flows.basic("bob", "bob-password"));
            for (int i = 1; i <= jwtUsers; i++) {
                people.put("bench-soak-" + i, Flows.jwt("bench-soak-" + i));
            }
            List<String[]> connections = new ArrayList<>();
            people.forEach((user, authorization) -> connections.add(
                    new String[] {flows.connect(serverId, authorization, user), authorization}));
            Bench.log("%d people connected (%d Basic, %d JWT)", connections.size(), 2, jwtUsers);

            HttpClient client = Load.client();
            String[] alice = connections.get(0);
            Load.Result p1 = Load.run("status Basic (P1 load)", client, 64, p1Requests, Duration.ofMinutes(3), 200,
                    i -> P1HotPath.get(broker.uri("api/v1/connections/" + alice[0]), alice[1]));
            Bench.log("P1 load: %d requests, %.1f req/s, %d errors", p1.sent(), p1.throughput(), p1.errors());
            Sample before = Sample.of(broker);

            peers.resetCounters();
            Soak result = soak(broker, client, connections, soakCallers, toolsEvery, soak);
            Map<String, Object> as = peers.asCounters();
            Sample after = Sample.of(broker);

            Bench.out("");
            Bench.out("%s", Bench.header("P4 boot and memory: threads, RSS and heap after a full GC, before and after a soak"));
            Bench.out("broker: H2, JVM %s; AS access-token TTL %d s; refresh timer PT1M; %d people connected",
                    Bench.env("BENCH_JVM_OPTS", BrokerNode.JVM_DEFAULT), ttl.toSeconds(), connections.size());
            Bench.out("soak: %s, %d closed-loop callers, every %dth operation a tools call (echo), the others status reads",
                    soak, soakCallers, toolsEvery);
            Bench.out("");
            Bench.out("                              threads  HttpClient-*  RSS MiB  heap MiB    threads after  HttpClient-* after");
            Bench.out("                                                                after GC    the full GC    the full GC");
            Bench.out("after boot (ready)            %7d  %12s  %7d  %10s", booted.get("threads"), "-", booted.get("rssMiB"), "-");
            before.print("after P1 load (before soak)");
            after.print("after the soak");
            Bench.out("after/before                  %7.2fx %12s  %7.2fx  %9.2fx  %12.2fx", Bench.ratio(after.threads, before.threads),
                    after.httpClientThreads + "/" + before.httpClientThreads,
                    Bench.ratio(after.rssMiB, before.rssMiB), Bench.ratio(after.heapKiB, before.heapKiB),
                    Bench.ratio(after.threadsAfterGc, before.threadsAfterGc));
            Bench.out("most threads seen during the soak (sampled every %d s): %d", result.sampleSeconds, result.maxThreads);
            Bench.out("");
            Bench.out("P1 load before the soak: %d status reads by 64 callers, %.1f req/s, %d errors", p1.sent(), p1.throughput(),
                    p1.errors());
            Bench.out("soak operations (%.0f s):", result.seconds);
            result.print();
            Bench.out("refreshes at the AS during the soak: %d token requests with grant_type=refresh_token (%d answered 200),"
                            + " %d rotated refresh tokens presented again", dev.mcpoauth.peers.JsonMaps.number(as, "token.refresh_token"),
                    dev.mcpoauth.peers.JsonMaps.number(as, "tokenSuccess.refresh_token"),
                    dev.mcpoauth.peers.JsonMaps.number(as, "refreshTokenReuse"));
            Bench.out("load average: start %s, end %s (other busy processes skew the figures)", startLoad, Bench.loadAverage());
        }
    }

    /**
     * What the broker holds at one moment: threads (all, and JDK HttpClient ones) and RSS as they are,
     * then the heap after a full GC, and the threads again (a GC ends the threads of HttpClients
     * nobody references any more).
     */
    record Sample(long threads, long httpClientThreads, long rssMiB, long heapKiB, long threadsAfterGc,
                  long httpClientThreadsAfterGc) {
        static Sample of(BrokerNode broker) {
            long httpClients = broker.httpClientThreads();
            Map<String, Long> status = broker.procStatus();
            long heap = broker.heapAfterFullGcKiB();
            Bench.sleep(Duration.ofSeconds(2));
            long httpClientsAfter = broker.httpClientThreads();
            return new Sample(status.get("threads"), httpClients, status.get("rssMiB"), heap,
                    broker.procStatus().get("threads"), httpClientsAfter);
        }

        void print(String label) {
            Bench.out("%-29s %7d  %12d  %7d  %10.1f  %13d  %14d", label, threads, httpClientThreads, rssMiB, heapKiB / 1024.0,
                    threadsAfterGc, httpClientThreadsAfterGc);
        }
    }

    /** Latencies of one kind of operation. */
    static final class Recorder {
        private long[] nanos = new long[1024];
        private int size;
        final AtomicLong errors = new AtomicLong();
        final Map<String, AtomicLong> kinds = new ConcurrentHashMap<>();

        synchronized void add(long value) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = value;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(nanos, size);
            Arrays.sort(copy);
            return copy;
        }

        void error(String kind) {
            errors.incrementAndGet();
            kinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    record Soak(Map<String, Recorder> byOp, double seconds, long maxThreads, long sampleSeconds) {
        void print() {
            Bench.out("  %-14s %9s %7s %9s %8s %8s %8s", "operation", "count", "errors", "ops/s", "p50 ms", "p99 ms", "max ms");
            byOp.forEach((name, r) -> {
                long[] sorted = r.sorted();
                Map<String, Long> kinds = new TreeMap<>();
                r.kinds.forEach((k, v) -> kinds.put(k, v.get()));
                Bench.out("  %-14s %9d %7d %9.1f %8.2f %8.2f %8.1f%s", name, sorted.length, r.errors.get(), sorted.length / seconds,
                        Load.percentileMillis(sorted, 50), Load.percentileMillis(sorted, 99), Load.percentileMillis(sorted, 100),
                        kinds.isEmpty() ? "" : "  " + kinds);
            });
        }
    }

    static Soak soak(BrokerNode broker, HttpClient client, List<String[]> connections, int callers, int toolsEvery,
                     Duration duration) throws InterruptedException {
        Map<String, Recorder> byOp = new LinkedHashMap<>();
        byOp.put("status read", new Recorder());
        byOp.put("tools call", new Recorder());
        AtomicLong next = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < callers; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    long i = next.getAndIncrement();
                    String[] connection = connections.get((int) (i % connections.size()));
                    boolean tools = i % toolsEvery == toolsEvery - 1;
                    HttpRequest request = tools
                            ? HttpRequest.newBuilder(broker.uri("api/v1/connections/" + connection[0] + "/tools/echo"))
                            .timeout(Load.REQUEST_TIMEOUT).header("Authorization", connection[1])
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"soak " + i + "\"}")).build()
                            : P1HotPath.get(broker.uri("api/v1/connections/" + connection[0]), connection[1]);
                    Recorder recorder = byOp.get(tools ? "tools call" : "status read");
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            recorder.error(Load.errorKind(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8)));
                        }
                    } catch (IOException | RuntimeException e) {
                        recorder.error(Load.exceptionKind(e));
                    } catch (InterruptedException e) {
                        return;
                    }
                    recorder.add(System.nanoTime() - start);
                }
            }, "soak-" + c);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        long sampleEvery = 5_000;
        long maxThreads = 0;
        long lastReport = System.nanoTime();
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(sampleEvery);
                if (t.isAlive()) {
                    Map<String, Long> status = broker.procStatus();
                    maxThreads = Math.max(maxThreads, status.get("threads"));
                    if (System.nanoTime() - lastReport > 30e9) {
                        lastReport = System.nanoTime();
                        Bench.log("soak: %d operations so far, broker %d threads, RSS %d MiB", next.get(),
                                status.get("threads"), status.get("rssMiB"));
                    }
                }
            }
        }
        return new Soak(byOp, (System.nanoTime() - t0) / 1e9, maxThreads, sampleEvery / 1000);
    }
}
