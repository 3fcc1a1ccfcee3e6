package bench.probe;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.token.boundary.AccessTokens;
import dev.mcpoauth.token.entity.AccessToken;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * BENCH WAR ONLY (bench/run.sh adds it to a copy of the broker WAR; never in target/mcp-oauth-broker.war):
 * the in-process token boundary, {@link AccessTokens#forConnection}, over HTTP without the API's
 * authentication, and in a loop inside the server. Answers never carry the token, only its length.
 */
@Path("bench/probe")
@Produces(MediaType.APPLICATION_JSON)
public class BenchProbeResource {

    @Inject
    AccessTokens accessTokens;

    @Resource
    ManagedThreadFactory threads;

    /** One {@code forConnection}: what a caller of the CDI API does, here from one HTTP request. */
    @GET
    @Path("tokens/{connectionId}")
    public JsonObject token(@PathParam("connectionId") String connectionId) {
        AccessToken token = accessTokens.forConnection(connectionId);
        return JsonBuilders.object()
                .add("length", token.value().length())
                .add("fingerprint", fingerprint(token.value()))
                .add("expiresAt", token.expiresAt().toString())
                .build();
    }

    /** The first 8 bytes of the token's SHA-256, hex: tells tokens apart without showing one. */
    static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code calls} {@code forConnection}s from {@code threads} managed threads, timed in the server. */
    @POST
    @Path("tokens/{connectionId}/loop")
    public JsonObject loop(@PathParam("connectionId") String connectionId, @QueryParam("threads") int callers,
                           @QueryParam("calls") int calls) throws InterruptedException {
        long[] latencies = new long[calls];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            Thread caller = threads.newThread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        accessTokens.forConnection(connectionId);
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
            });
            caller.start();
            running.add(caller);
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread caller : running) {
            caller.join(600_000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(latencies);
        return JsonBuilders.object()
                .add("calls", calls)
                .add("threads", callers)
                .add("failures", failures.get())
                .add("seconds", seconds)
                .add("p50Millis", latencies[Math.max(0, (int) Math.ceil(calls * 0.50) - 1)] / 1e6)
                .add("p99Millis", latencies[Math.max(0, (int) Math.ceil(calls * 0.99) - 1)] / 1e6)
                .add("maxMillis", latencies[calls - 1] / 1e6)
                .build();
    }
}
