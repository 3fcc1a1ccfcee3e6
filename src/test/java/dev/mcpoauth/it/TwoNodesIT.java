package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ADMIN;
import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.BOB;
import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two broker nodes on one PostgreSQL schema, as README "Run two nodes" starts them: two Payara
 * Micro JVMs started here (not by Arquillian), one Hazelcast grid over TCP/IP on 127.0.0.1, the
 * same sealing and signing keys and one public base URL (node A's address, as a load balancer's
 * would be), against the real oidc-provider and MCP server. Coordination is the database's: a
 * callback on the other node, one refresh for 500 callers on both nodes, a revocation seen at
 * once, timers that work once per period, and a node killed in the middle of a refresh sweep.
 *
 * <p>Booting two JVMs is most of the cost, so the class boots the cluster twice, not per test: first
 * with the suite's timers off (tests count token requests exactly), then restarted with timers every
 * few seconds for the sweep, whose killed node then boots again for the timer count; the tests
 * therefore run in order on one cluster. PostgreSQL pass only: one H2 file cannot be shared by two
 * JVMs. Logs stay in target/two-nodes/ (the nodes) and target/peers/two-nodes-* (the peers).
 */
@EnabledIfSystemProperty(named = "it.database", matches = "postgresql",
        disabledReason = "two nodes share one database, and one H2 file cannot be shared by two JVMs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    static final Path DIR = Path.of("target", "two-nodes").toAbsolutePath();
    static final Duration TIMER_INTERVAL = Duration.ofSeconds(2);
    static final List<String> TIMERS = List.of("token-refresh", "audit-retention", "stale-flows");
    static final int CALLERS = 500;
    /** Long enough for 500 callers' tools calls on the refreshed token, short enough to wait for. */
    static final Duration TOKEN_TTL = Duration.ofSeconds(30);
    static final int SWEPT_CONNECTIONS = 150;
    static final String SWEEP_LEASE = "token-refresh";
    static final int SWEEP_PARALLELISM = 2;
    static final Duration SWEPT_TOKEN_TTL = Duration.ofSeconds(120);

    ScratchSchema schema;
    Peers peers;
    Peers sweepPeers;
    TwoNodes cluster;
    boolean timersRunning;
    final List<String> shortLivedServers = new ArrayList<>();
    /** Connection id -> its owner's credentials, for the sweep. */
    final Map<String, String> swept = new ConcurrentHashMap<>();
    final Map<String, Instant> expiryBeforeSweep = new HashMap<>();
    String sweepServer;
    /** Bob's connection, whose token is to expire before test b. */
    String expiring;
    /** HTTP/1.1, one connection per caller: the JDK's HTTP/2 upgrade would put them all on one connection. */
    final HttpClient callers = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void startCluster() throws Exception {
        NewcomerWalkIT.deleteRecursively(DIR);
        Files.createDirectories(DIR);
        schema = ScratchSchema.create("two_nodes");
        peers = Peers.builder().logNamePrefix("two-nodes-").accessTokenTtl(TOKEN_TTL).start();
        sweepPeers = Peers.builder().logNamePrefix("two-nodes-sweep-").accessTokenTtl(SWEPT_TOKEN_TTL).start();
        cluster = new TwoNodes(schema, DIR);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::killAll, "two-nodes-kill"));
        cluster.start(itSettings(), "timers-off");
        warmUp();
        // connected first, so that its token expires while the sweep's connections are made
        expiring = connectAcross(createServer(peers, shortLivedServers), BOB, "bob", cluster.a(), cluster.b());
        warmUp(expiring, BOB);
        connectSweptConnections();
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            try {
                if (peers != null) {
                    peers.close();
                }
                if (sweepPeers != null) {
                    sweepPeers.close();
                }
            } finally {
                if (schema != null) {
                    schema.close();
                }
            }
        }
    }

    /** The suite's broker settings, plus the cluster's shared public address and keys. */
    Properties itSettings() throws IOException {
        Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("payara.itproperties")))) {
            settings.load(in);
        }
        settings.setProperty("mcpoauth.public-base-url", cluster.publicBaseUrl());
        settings.setProperty("mcpoauth.security.outbound.allow-loopback-http", "true");
        // 500 MCP sessions at once, each on new connections, against one Node.js MCP server on a shared two-core
        // machine: counted here are token requests, not how fast that server accepts and answers (with the
        // defaults, 5 s to connect and 30 s to answer, up to 27 of the 500 calls timed out here)
        settings.setProperty("mcpoauth.mcp.connect-timeout", "PT1M");
        settings.setProperty("mcpoauth.mcp.request-timeout", "PT2M");
        byte[] sealingKey = new byte[32];
        new SecureRandom().nextBytes(sealingKey);
        settings.setProperty("mcpoauth.security.sealing.keys", "cluster:" + Base64.getEncoder().encodeToString(sealingKey));
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            settings.setProperty("mcpoauth.security.signing.keys", "cluster-rsa:"
                    + Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return settings;
    }

    @Test
    @Order(0)
    void formsOneGridOfTwoOnLoopbackOnlyWithTheSameKeys() throws Exception {
        for (BrokerNode node : cluster.nodes()) {
            assertThat(node.largestGridSeen()).as(node.address.name() + ": Payara's data grid (" + node.log + ")")
                    .isEqualTo(2);
            List<String> listening = node.listeningAddresses();
            System.out.println("[two-nodes] " + node.address.name() + " listens on " + listening);
            assertThat(listening).as(node.address.name() + " listens on loopback only (ss -ltnp)")
                    .allMatch(address -> address.matches("(127\\.[0-9.]+|\\[::1]|\\[::ffff:127\\.[0-9.]+]):\\d+"));
        }
        assertThat(body(cluster.b().client.get(cluster.b().client.root().resolve("oauth/jwks.json"))))
                .as("both nodes publish the same signing keys")
                .isEqualTo(body(cluster.a().client.get(cluster.a().client.root().resolve("oauth/jwks.json"))));
    }

    @Test
    @Order(1)
    void aFlowStartedOnNodeACompletesWhenTheCallbackLandsOnNodeB() {
        String serverId = createServer(peers, shortLivedServers);
        String connectionId = connectAcross(serverId, ALICE, "alice", cluster.a(), cluster.b());

        for (BrokerNode node : cluster.nodes()) {
            assertThat(status(node, connectionId, ALICE)).as(node.address.name()).isEqualTo("CONNECTED");
        }
        HttpResponse<String> echo = cluster.b().client.post("api/v1/connections/" + connectionId + "/tools/echo",
                "{\"text\":\"called back on B\"}", ALICE);
        assertThat(echo.statusCode()).as(echo.body()).isEqualTo(200);
        assertThat(echo.body()).contains("called back on B");
    }

    @Test
    @Order(2)
    void fiveHundredCallersOnBothNodesCauseOneRefreshOfAnExpiredToken() throws Exception {
        Instant expiresAt = expiresAt(cluster.a(), expiring, BOB);
        awaitTrue(() -> Instant.now().isAfter(expiresAt.plusMillis(500)), TOKEN_TTL.plusSeconds(30),
                "the access token's expiry");
        long refreshes = peers.asCounter("token.refresh_token");
        long reuse = peers.asCounter("refreshTokenReuse");
        long echoes = peers.mcpCounter("callsByTool.echo");

        Instant from = Instant.now();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            BrokerNode node = cluster.nodes().get(i % 2);
            calls.add(callers.sendAsync(HttpRequest.newBuilder(node.client.uri("api/v1/connections/" + expiring
                            + "/tools/echo"))
                    .header("Authorization", BOB).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(3))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"caller " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, List<HttpResponse<String>>> byStatus = calls.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode));
        System.out.println("[two-nodes] " + CALLERS + " callers on an expired token took "
                + Duration.between(from, Instant.now()).toMillis() + " ms: " + byStatus.entrySet().stream()
                .map(entry -> entry.getKey() + " x" + entry.getValue().size() + (entry.getKey() == 200 ? ""
                        : " (" + entry.getValue().get(0).body() + ")"))
                .toList() + "; refresh requests at the AS " + (peers.asCounter("token.refresh_token") - refreshes)
                + ", refresh-token reuses " + (peers.asCounter("refreshTokenReuse") - reuse));

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(peers.asCounter("token.refresh_token") - refreshes).as("refresh requests at the AS")
                    .isEqualTo(1);
            softly.assertThat(peers.asCounter("refreshTokenReuse") - reuse).as("rotated refresh tokens presented again")
                    .isZero();
            softly.assertThat(byStatus.keySet()).as("statuses of the callers' tools calls").containsExactly(200);
            softly.assertThat(peers.mcpCounter("callsByTool.echo") - echoes).as("tools calls that reached the MCP server")
                    .isEqualTo(CALLERS);
        });
    }

    @Test
    @Order(3)
    void aRevocationOnNodeAIsSeenByTheNextUseOnNodeB() {
        String serverId = createServer(peers, shortLivedServers);
        String connectionId = connectAcross(serverId, ALICE, "alice", cluster.b(), cluster.a());
        String tools = "api/v1/connections/" + connectionId + "/tools";
        HttpResponse<String> before = cluster.b().client.get(tools, ALICE);
        assertThat(before.statusCode()).as("node B uses the connection before: " + before.body()).isEqualTo(200);
        long introspections = peers.mcpCounter("introspections");

        HttpResponse<String> revoked = cluster.a().client.delete("api/v1/connections/" + connectionId, ALICE);
        Instant revokedAt = Instant.now();
        HttpResponse<String> after = cluster.b().client.get(tools, ALICE);
        Duration seen = Duration.between(revokedAt, Instant.now());

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json(revoked).getString("refreshToken")).isEqualTo("revoked");
        System.out.println("[two-nodes] the next use on B after the revocation on A was refused " + seen.toMillis()
                + " ms after the revocation returned");
        assertThat(after.statusCode()).as("the very next use on node B: " + after.body()).isEqualTo(409);
        assertThat(json(after).getString("type")).endsWith(":authorization-required");
        assertThat(peers.mcpCounter("introspections") - introspections)
                .as("tokens node B presented to the MCP server after the revocation (a stale token served)").isZero();
    }

    @Test
    @Order(4)
    void anEventCausedOnNodeAReachesThePersonsStreamOnNodeB() {
        String serverId = createServer(peers, shortLivedServers);
        String connectionId = connectAcross(serverId, BOB, "bob", cluster.a(), cluster.b());
        try (EventStreamClient stream = EventStreamClient.open(cluster.b().client, BOB, null)) {
            assertThat(stream.status()).isEqualTo(200);
            stream.next(event -> "connection-state".equals(event.name()) && event.names(connectionId),
                    Duration.ofSeconds(20));

            HttpResponse<String> refreshed = cluster.a().client.post("api/v1/connections/" + connectionId + "/refresh",
                    "{}", BOB);
            assertThat(refreshed.statusCode() / 100).as(refreshed.body()).isEqualTo(2);

            EventStreamClient.Event event = stream.next("TokenRefreshed", connectionId);
            assertThat(event.json().getString("connectionId")).isEqualTo(connectionId);
        }
    }

    @Test
    @Order(5)
    void killingANodeInTheMiddleOfARefreshSweepLosesNoTokenButThoseInFlight() throws Exception {
        startTimers();
        int total = swept.size();
        Instant allDue = expiryBeforeSweep.values().stream().max(Instant::compareTo).orElseThrow()
                .minus(SWEPT_TOKEN_TTL.dividedBy(2));
        awaitTrue(() -> Instant.now().isAfter(allDue), SWEPT_TOKEN_TTL, "half the lifetime of every swept token");
        assertThat(sweepPeers.asCounter("token.refresh_token")).as("refreshes before the sweep").isZero();
        schema.releaseTimerLease(SWEEP_LEASE);
        awaitTrue(() -> sweepPeers.asCounter("tokenSuccess.refresh_token") >= total * 3 / 10, Duration.ofMinutes(3),
                "a third of the sweep");
        Map<String, Double> refreshesByNode = new HashMap<>();
        for (BrokerNode node : cluster.nodes()) {
            refreshesByNode.put(node.address.name(), node.refreshesSucceeded());
        }
        // the sweeping node (the token-refresh lease's holder) is the one that refreshed more
        BrokerNode victim = refreshesByNode.get("node-a") >= refreshesByNode.get("node-b") ? cluster.a() : cluster.b();
        BrokerNode survivor = victim == cluster.a() ? cluster.b() : cluster.a();
        long refreshedAtKill = sweepPeers.asCounter("tokenSuccess.refresh_token");
        victim.kill();
        System.out.println("[two-nodes] killed " + victim.address.name() + " (refreshes per node " + refreshesByNode
                + ") after " + refreshedAtKill + " of " + total + " refreshes");
        assertThat(refreshedAtKill).as("the sweep was still under way when the node was killed").isLessThan(total);

        awaitTrue(() -> notYetRefreshed(survivor).isEmpty(), Duration.ofMinutes(3),
                "every connection refreshed (or lost) by the survivor");
        List<JsonObject> views = sweptViews(survivor);
        Map<String, Long> statuses = views.stream()
                .collect(Collectors.groupingBy(view -> view.getString("status"), Collectors.counting()));
        System.out.println("[two-nodes] after the kill: " + sweepPeers.asCounter("tokenSuccess.refresh_token")
                + " refreshes, " + sweepPeers.asCounter("refreshTokenReuse") + " refresh-token reuses; "
                + survivor.address.name() + " refreshed " + survivor.refreshesSucceeded() + "; connections " + statuses);
        // The refreshes in flight on the killed node (at most SWEEP_PARALLELISM) may be lost: the authorization
        // server rotated the refresh token, the node died before committing the new one, and the survivor can only
        // present the old one, which a rotating server refuses as reused (README "Run two nodes"). Nothing else may be.
        long lost = statuses.getOrDefault("REQUIRES_REAUTHORIZATION", 0L);
        assertThat(lost).as("grants lost with the killed node's refreshes in flight").isLessThanOrEqualTo(SWEEP_PARALLELISM);
        assertThat(sweepPeers.asCounter("refreshTokenReuse")).as("rotated refresh tokens presented again: only the lost ones")
                .isLessThanOrEqualTo(lost);
        assertThat(statuses).as("the swept connections' statuses (a lost grant requires reauthorization)")
                .isEqualTo(lost == 0 ? Map.of("CONNECTED", (long) total)
                        : Map.of("CONNECTED", total - lost, "REQUIRES_REAUTHORIZATION", lost));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> uses = new ArrayList<>();
            Set<String> connected = views.stream().filter(view -> view.getString("status").equals("CONNECTED"))
                    .map(view -> view.getString("id")).collect(Collectors.toSet());
            swept.forEach((connectionId, owner) -> {
                if (connected.contains(connectionId)) {
                    uses.add(pool.submit(() -> survivor.client.get("api/v1/connections/" + connectionId + "/tools",
                            owner)));
                }
            });
            for (Future<HttpResponse<String>> use : uses) {
                HttpResponse<String> tools = use.get();
                assertThat(tools.statusCode()).as("a swept connection is usable: " + tools.body()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(6)
    void aKilledNodeRejoinsAndEachTimerWorksOncePerPeriodClusterWide() throws Exception {
        startTimers();
        schema.releaseTimerLease(SWEEP_LEASE);
        cluster.restartStopped("timers-on-again");
        for (BrokerNode node : cluster.nodes()) {
            assertThat(node.largestGridSeen()).as(node.address.name() + "'s data grid (" + node.log + ")").isEqualTo(2);
        }
        Map<String, Double> before = timerRuns();
        Instant from = Instant.now();
        Thread.sleep(12_000);
        Map<String, Double> after = timerRuns();
        Duration window = Duration.between(from, Instant.now());
        long periods = window.toMillis() / TIMER_INTERVAL.toMillis();
        for (String timer : TIMERS) {
            double runs = after.getOrDefault(timer, 0.0) - before.getOrDefault(timer, 0.0);
            System.out.println("[two-nodes] " + timer + ": " + runs + " runs on both nodes in " + window.toMillis()
                    + " ms (" + periods + " periods of " + TIMER_INTERVAL + ")");
            assertThat(after).as("mcpoauth_timer_runs_total{timer=\"" + timer + "\"} on both nodes").containsKey(timer);
            assertThat(runs).as(timer + " runs on both nodes in " + window).isBetween(1.0, periods + 2.0);
        }
    }

    // --- phases --------------------------------------------------------------------------

    /**
     * Restarts both nodes with every timer every {@link #TIMER_INTERVAL} and a refresh window that makes
     * the swept connections due once half their lifetime is gone, two at a time in small batches so
     * that the sweep takes a while; the sweep's lease stays taken until the test lets go of it. The
     * short-lived test tokens would be swept as well: their servers go first.
     */
    void startTimers() throws Exception {
        if (timersRunning) {
            return;
        }
        for (String serverId : shortLivedServers) {
            HttpResponse<String> deleted = cluster.a().client.delete("api/v1/servers/" + serverId, ADMIN);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        }
        shortLivedServers.clear();
        for (JsonObject view : sweptViews(cluster.a())) {
            expiryBeforeSweep.put(view.getString("id"), Instant.parse(view.getString("expiresAt")));
        }
        Properties settings = cluster.settings();
        settings.setProperty("mcpoauth.token.refresh-interval", TIMER_INTERVAL.toString());
        settings.setProperty("mcpoauth.audit.purge-interval", TIMER_INTERVAL.toString());
        settings.setProperty("mcpoauth.authorization.stale-flows-interval", TIMER_INTERVAL.toString());
        settings.setProperty("mcpoauth.token.refresh-window", "PT10M");
        settings.setProperty("mcpoauth.token.refresh-batch", "5");
        settings.setProperty("mcpoauth.token.refresh-parallelism", String.valueOf(SWEEP_PARALLELISM));
        cluster.stop();
        // held by the test until both nodes are up, so that the sweep starts with every connection due
        schema.holdTimerLease(SWEEP_LEASE);
        sweepPeers.resetCounters();
        cluster.start(settings, "timers-on");
        timersRunning = true;
    }

    // --- set-up --------------------------------------------------------------------------

    /** Both nodes answer a few of each kind of request before anything is timed or counted. */
    void warmUp() {
        for (BrokerNode node : cluster.nodes()) {
            for (int i = 0; i < 5; i++) {
                assertThat(node.client.get("api/v1/me", ALICE).statusCode()).isEqualTo(200);
                assertThat(node.client.get("api/v1/servers", ADMIN).statusCode()).isEqualTo(200);
                assertThat(node.client.get("api/v1/connections", BOB).statusCode()).isEqualTo(200);
            }
        }
    }

    /** Tools calls on both nodes, some at once, so that the timed round finds warm code and pools. */
    void warmUp(String connectionId, String owner) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BrokerNode node = cluster.nodes().get(i % 2);
            calls.add(callers.sendAsync(HttpRequest.newBuilder(node.client.uri("api/v1/connections/" + connectionId
                            + "/tools")).header("Authorization", owner).timeout(Duration.ofMinutes(1)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        calls.forEach(call -> assertThat(call.join().statusCode()).as(call.join().body()).isEqualTo(200));
    }

    /**
     * Connections for the sweep: one server, one person each (bearer JWT callers), signed in through
     * the AS's pages, started on one node and called back on the other.
     */
    void connectSweptConnections() throws Exception {
        sweepServer = createServer(sweepPeers, new ArrayList<>());
        // the first sign-in registers the broker at the AS, alone
        connectSwept(0);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i < SWEPT_CONNECTIONS; i++) {
                int person = i;
                done.add(pool.submit(() -> connectSwept(person)));
            }
            for (Future<?> one : done) {
                one.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(swept).hasSize(SWEPT_CONNECTIONS);
    }

    void connectSwept(int person) {
        String owner = Lifecycle.jwt("swept-" + person, "mcp-user");
        BrokerNode start = cluster.nodes().get(person % 2);
        BrokerNode callback = cluster.nodes().get((person + 1) % 2);
        swept.put(connectAcross(sweepServer, owner, "swept-" + person, start, callback), owner);
    }

    String createServer(Peers on, List<String> created) {
        HttpResponse<String> response = cluster.a().client.post("api/v1/servers?validate=false",
                "{\"name\":\"two-nodes-" + UUID.randomUUID() + "\",\"url\":\"" + on.mcpUrl() + "\"}", ADMIN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = json(response).getString("id");
        created.add(id);
        return id;
    }

    /**
     * A sign-in started on {@code start} whose callback lands on {@code callback}: the start link and the
     * AS's redirect name the public base URL (node A's address), and are sent to the chosen node, as
     * a load balancer would. Cookies are per host, not per port, so the browser's flow cookie goes along.
     */
    String connectAcross(String serverId, String authorization, String asUser, BrokerNode start, BrokerNode callback) {
        HttpResponse<String> started = start.client.post("api/v1/connections/" + serverId + "/authorize", "{}",
                authorization);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        BrokerBrowser browser = new BrokerBrowser(cluster.a().client);
        URI redirect = browser.signIn(onNode(URI.create(json(started).getString("authorizationUrl")), start).toString(),
                authorization, asUser);
        HttpResponse<String> page = browser.visit(onNode(redirect, callback));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return json(started).getString("connectionId");
    }

    static URI onNode(URI uri, BrokerNode node) {
        return URI.create("http://127.0.0.1:" + node.address.httpPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    // --- reading the nodes -----------------------------------------------------------------

    String status(BrokerNode node, String connectionId, String owner) {
        HttpResponse<String> view = node.client.get("api/v1/connections/" + connectionId, owner);
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        return json(view).getString("status");
    }

    Instant expiresAt(BrokerNode node, String connectionId, String owner) {
        return Instant.parse(json(node.client.get("api/v1/connections/" + connectionId, owner)).getString("expiresAt"));
    }

    List<JsonObject> sweptViews(BrokerNode node) {
        HttpResponse<String> page = node.client.get("api/v1/admin/connections?server=" + sweepServer + "&size=200",
                ADMIN);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return json(page).getJsonArray("items").getValuesAs(JsonObject.class);
    }

    /** Connected, and still with the expiry they had before the sweep (a lost grant has none). */
    List<String> notYetRefreshed(BrokerNode node) {
        return sweptViews(node).stream()
                .filter(view -> view.containsKey("expiresAt") && !Instant.parse(view.getString("expiresAt"))
                        .isAfter(expiryBeforeSweep.get(view.getString("id"))))
                .map(view -> view.getString("id"))
                .toList();
    }

    /** mcpoauth_timer_runs_total by timer, summed over both nodes. */
    Map<String, Double> timerRuns() {
        Map<String, Double> runs = new HashMap<>();
        cluster.nodes().forEach(node -> node.timerRuns().forEach((timer, count) -> runs.merge(timer, count, Double::sum)));
        return runs;
    }

    static String body(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not reached within " + timeout + ": " + what);
            }
            Thread.sleep(250);
        }
    }
}
