package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hot paths under repetition and concurrency, counted where the work lands: HTTP clients
 * (their selector threads) in the broker's JVM, refreshes and registrations at the real
 * oidc-provider, calls at the real MCP server. No timing is asserted.
 */
@ArquillianTest
class HotPathsIT {

    static final int CALLS = 30;

    static Peers peers;

    final BrokerClient broker = BrokerClient.local();
    final Lifecycle lifecycle = new Lifecycle(broker, peers);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker().addClasses(TokenProbeResource.class, HttpClientThreadsResource.class);
    }

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("hot-").start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    void thirtyToolCallsOneAfterAnotherStartNoNewHttpClient() {
        String connectionId = lifecycle.connect(lifecycle.createServer(""), ALICE, "alice");
        assertThat(echo(connectionId).statusCode()).as("the first call: its session client exists from now on")
                .isEqualTo(200);
        JsonObject before = httpClients();

        for (int i = 0; i < CALLS; i++) {
            HttpResponse<String> called = echo(connectionId);
            assertThat(called.statusCode()).as(called.body()).isEqualTo(200);
        }

        JsonObject after = httpClients();
        System.out.printf("HTTP clients before %d calls: %s, after: %s%n", CALLS, before, after);
        assertThat(after.getInt("selectorThreads")).as("one selector thread per client; a client per session would"
                + " add %d", CALLS).isLessThanOrEqualTo(before.getInt("selectorThreads"));
        assertThat(ids(after)).as("no client started by the calls").isSubsetOf(ids(before));
    }

    @Test
    void thirtyCallsRefusedAtOnceCauseOneRefreshAndAllSucceed() throws Exception {
        String connectionId = lifecycle.connect(lifecycle.createServer(""), ALICE, "alice");
        assertThat(echo(connectionId).statusCode()).isEqualTo(200);
        assertThat(json(broker.post("test/tokens/" + connectionId + "/refused-access-token", "", null))
                .getInt("changed")).isEqualTo(1);
        long refreshes = peers.asCounter("token.refresh_token");
        long unauthorized = peers.mcpCounter("unauthorized");
        long metadata = peers.asCounter("metadata");

        List<HttpResponse<String>> answers = concurrently(CALLS, caller -> echo(connectionId));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
        System.out.printf("%d callers refused at once: %d 401s at the MCP server, %d refreshes, %d AS metadata"
                + " fetches%n", CALLS, peers.mcpCounter("unauthorized") - unauthorized,
                peers.asCounter("token.refresh_token") - refreshes, peers.asCounter("metadata") - metadata);
        assertThat(peers.mcpCounter("unauthorized") - unauthorized).as("every caller was refused once (and each"
                + " discovery's unauthenticated probe)").isGreaterThanOrEqualTo(CALLS);
        assertThat(peers.asCounter("metadata") - metadata).as("one discovery at a time, shared by whoever was"
                + " refused meanwhile, not one per caller").isPositive().isLessThanOrEqualTo(CALLS / 5);
        assertThat(peers.asCounter("token.refresh_token") - refreshes).as("one forced refresh for the refused token")
                .isEqualTo(1);
        assertThat(peers.asCounter("refreshTokenReuse")).isZero();
    }

    @Test
    void twentyConcurrentFirstUsersOfAnAuthorizationServerRegisterTheBrokerOnce() throws Exception {
        try (Peers fresh = Peers.builder().logNamePrefix("hot-registration-").start()) {
            String serverId = new Lifecycle(broker, fresh).createServer("");
            assertThat(fresh.asCounter("registrations")).isZero();

            List<String> users = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                users.add(Lifecycle.jwt("first-user-" + i, "mcp-user"));
            }

            List<HttpResponse<String>> started = concurrently(users.size(), user -> broker.post(
                    "api/v1/connections/" + serverId + "/authorize", "{}", users.get(user)));

            assertThat(started).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
            assertThat(fresh.asCounter("registrations")).as("one client for every user of that issuer").isEqualTo(1);
        }
    }

    HttpResponse<String> echo(String connectionId) {
        return broker.post("api/v1/connections/" + connectionId + "/tools/echo", "{\"text\":\"hot\"}", ALICE);
    }

    JsonObject httpClients() {
        HttpResponse<String> threads = broker.get(broker.uri("test/http-clients"));
        assertThat(threads.statusCode()).as(threads.body()).isEqualTo(200);
        return json(threads);
    }

    static List<Integer> ids(JsonObject threads) {
        return threads.getJsonArray("clients").getValuesAs(JsonNumber.class).stream().map(JsonNumber::intValue)
                .toList();
    }

    /** Every caller released at once, each on its own thread. */
    static <T> List<T> concurrently(int callers, IntFunction<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> running = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int caller = i;
                running.add(threads.submit(() -> {
                    start.await();
                    return call.apply(caller);
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> answer : running) {
                answers.add(answer.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
