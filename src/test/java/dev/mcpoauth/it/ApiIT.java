package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ADMIN;
import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.BOB;
import static dev.mcpoauth.it.BrokerClient.json;
import static dev.mcpoauth.testing.OAuthWire.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.it.EventStreamClient.Event;
import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API around the lifecycle, against the real peers: live events with resume, the audit
 * query, the admin view of connections, metrics, and a tenant-isolation matrix.
 */
@ArquillianTest
class ApiIT {

    static final String PROBLEM_TYPE = "tag:mcpoauth.dev,2026:";

    static Peers peers;

    final BrokerClient broker = BrokerClient.local();
    final Lifecycle lifecycle = new Lifecycle(broker, peers);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker().addClass(TokenProbeResource.class);
    }

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("api-").start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    void streamsEachCallerTheirOwnEventsAndResumesAfterAReconnect() {
        String serverId = lifecycle.createServer("");
        try (EventStreamClient alice = EventStreamClient.open(broker, ALICE, null);
                EventStreamClient bob = EventStreamClient.open(broker, BOB, null);
                EventStreamClient root = EventStreamClient.open(broker, ADMIN, null)) {
            assertThat(alice.status()).isEqualTo(200);
            assertThat(alice.response.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("text/event-stream");
            JsonObject flow = lifecycle.startFlow(serverId, ALICE);
            String connectionId = flow.getString("connectionId");
            alice.next("AuthorizationRequired", connectionId);
            assertThat(new BrokerBrowser(broker).connect(flow.getString("authorizationUrl"), ALICE, "alice")
                    .statusCode()).isEqualTo(200);

            Event completed = alice.next("AuthorizationCompleted", connectionId);

            JsonObject data = completed.json();
            assertThat(Long.parseLong(completed.id())).isEqualTo(data.getJsonNumber("id").longValue());
            assertThat(data.getString("type")).isEqualTo("AuthorizationCompleted");
            assertThat(data.getString("outcome")).isEqualTo("SUCCESS");
            assertThat(data.getString("serverId")).isEqualTo(serverId);
            assertThat(data.getString("user")).isEqualTo("basic:alice");
            assertThat(Instant.parse(data.getString("occurredAt"))).isBefore(Instant.now().plusSeconds(1));
            assertThat(data.getString("details")).contains(peers.asIssuer());
            assertThat(root.next("AuthorizationCompleted", connectionId).id()).as("admins see every event")
                    .isEqualTo(completed.id());
            String token = lifecycle.token(connectionId);
            alice.close();

            HttpResponse<String> refreshed = broker.post("api/v1/connections/" + connectionId + "/refresh", "", ALICE);
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);

            try (EventStreamClient resumed = EventStreamClient.open(broker, ALICE, completed.id())) {
                Event missed = resumed.next("TokenRefreshed", connectionId);
                assertThat(Long.parseLong(missed.id())).isGreaterThan(Long.parseLong(completed.id()));
                JsonObject state = resumed.next("connection-state", connectionId).json();
                assertThat(state.getString("status")).isEqualTo("CONNECTED");
                assertThat(state.getString("expiresAt")).isNotBlank();
                resumed.next(event -> event == EventStreamClient.COMMENT, Duration.ofSeconds(5));
                assertThat(resumed.received()).as("nothing at or before Last-Event-ID again")
                        .noneMatch(event -> event.id() != null
                                && Long.parseLong(event.id()) <= Long.parseLong(completed.id()))
                        .noneMatch(event -> event.data() != null && event.data().contains(token));
            }

            String bobsConnection = lifecycle.startFlow(serverId, BOB).getString("connectionId");
            bob.next("AuthorizationRequired", bobsConnection);
            assertThat(bob.received()).as("bob's stream up to his own event").isNotEmpty()
                    .noneMatch(event -> event.names(connectionId) || event.names("basic:alice"));
            try (EventStreamClient bobResumed = EventStreamClient.open(broker, BOB, "0")) {
                bobResumed.next("AuthorizationRequired", bobsConnection);
                bobResumed.next("connection-state", bobsConnection);
                assertThat(bobResumed.received()).as("bob's replay of everything he may see")
                        .noneMatch(event -> event.names(connectionId) || event.names("basic:alice"));
            }
        }
    }

    @Test
    void streamsWhatTheRefreshTimerDoes() {
        String connectionId = lifecycle.connect(lifecycle.createServer(""), ALICE, "alice");
        try (EventStreamClient alice = EventStreamClient.open(broker, ALICE, null)) {
            HttpResponse<String> expiring = broker.post("test/tokens/" + connectionId + "/expires-in/PT2S", "", null);
            assertThat(json(expiring).getInt("changed")).isEqualTo(1);

            HttpResponse<String> sweep = broker.post("test/tokens/sweep", "", null);

            assertThat(sweep.statusCode()).as("the timer survives its events: " + sweep.body()).isEqualTo(200);
            assertThat(alice.next("TokenRefreshed", connectionId).json().getString("outcome")).isEqualTo("SUCCESS");
            assertThat(audit("connection=" + connectionId + "&type=TokenRefreshed").getJsonArray("items")
                    .getJsonObject(0).getString("actor")).isEqualTo("system");
        }
    }

    @Test
    void streamsASharedConnectionToTheMembersOfItsRoleOnly() {
        String members = lifecycle.createServer("\"connectionMode\":\"SHARED\",\"sharedRole\":\"mcp-user\"");
        String admins = lifecycle.createServer("\"connectionMode\":\"SHARED\",\"sharedRole\":\"mcp-admin\"");
        try (EventStreamClient alice = EventStreamClient.open(broker, ALICE, null)) {
            String ofAdmins = lifecycle.startFlow(admins, ADMIN).getString("connectionId");
            String ofMembers = lifecycle.startFlow(members, ADMIN).getString("connectionId");

            assertThat(alice.next("AuthorizationRequired", ofMembers).json().containsKey("user")).isFalse();
            assertThat(alice.received()).noneMatch(event -> event.names(ofAdmins));
        }
        try (EventStreamClient alice = EventStreamClient.open(broker, ALICE, null)) {
            assertThat(alice.next(event -> "connection-state".equals(event.name()) && event.names(members),
                    Duration.ofSeconds(10)).json().getString("sharedRole")).isEqualTo("mcp-user");
        }
    }

    @Test
    void filtersAndPagesTheAuditTrailForAdmins() {
        // the broker's client at the AS exists before: its registration would be another event of this server
        lifecycle.startFlow(lifecycle.createServer(""), BOB);
        String serverId = lifecycle.createServer("");
        Instant start = Instant.now().minusSeconds(1);
        String connectionId = lifecycle.connect(serverId, ALICE, "alice");
        String firstToken = lifecycle.token(connectionId);
        for (int i = 0; i < 2; i++) {
            assertThat(broker.post("api/v1/connections/" + connectionId + "/refresh", "", ALICE).statusCode())
                    .isEqualTo(200);
        }

        // by connection: the server's own rows (ServerCreated) are no step of this connection
        JsonObject all = audit("connection=" + connectionId);
        List<JsonObject> items = all.getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(items).extracting(item -> item.getString("type"))
                .containsExactly("TokenRefreshed", "TokenRefreshed", "AuthorizationCompleted", "AuthorizationRequired");
        assertThat(items).allSatisfy(item -> {
            assertThat(item.getString("connectionId")).isEqualTo(connectionId);
            assertThat(item.getString("user")).isEqualTo("basic:alice");
            assertThat(item.getString("outcome")).isNotBlank();
            assertThat(item.containsKey("actor")).isTrue();
        });
        assertThat(items.get(0).getJsonNumber("id").longValue()).isGreaterThan(items.get(1).getJsonNumber("id")
                .longValue());
        assertThat(all.getInt("total")).isEqualTo(4);
        assertThat(all.toString()).doesNotContain(firstToken).doesNotContain(lifecycle.token(connectionId));

        assertThat(audit("server=" + serverId + "&type=TokenRefreshed").getInt("total")).isEqualTo(2);
        assertThat(audit("connection=" + connectionId + "&outcome=info").getJsonArray("items")
                .getJsonObject(0).getString("type")).isEqualTo("AuthorizationRequired");
        assertThat(audit("user=basic:alice&server=" + serverId + "&outcome=SUCCESS").getInt("total")).isEqualTo(3);
        assertThat(audit("user=basic:bob&server=" + serverId).getInt("total")).isZero();
        assertThat(audit("connection=" + connectionId + "&since=" + start + "&until=" + Instant.now().plusSeconds(1))
                .getInt("total")).isEqualTo(4);
        assertThat(audit("server=" + serverId + "&since=" + Instant.now().plusSeconds(3600)).getInt("total")).isZero();

        JsonObject second = audit("connection=" + connectionId + "&page=1&size=1");
        assertThat(second.getInt("page")).isEqualTo(1);
        assertThat(second.getInt("size")).isEqualTo(1);
        assertThat(second.getBoolean("hasMore")).isTrue();
        assertThat(second.getJsonArray("items")).hasSize(1);
        assertThat(second.getJsonArray("items").getJsonObject(0)).isEqualTo(items.get(1));
        assertThat(audit("connection=" + connectionId + "&page=3&size=1").getBoolean("hasMore")).isFalse();
        assertThat(audit("server=" + serverId + "&type=ServerCreated").getInt("total")).isEqualTo(1);

        HttpResponse<String> wrong = broker.get("api/v1/audit?size=201&since=yesterday&outcome=MAYBE&page=-1", ADMIN);
        assertProblem(wrong, 400, "invalid-input");
        assertThat(json(wrong).getJsonArray("errors").toString()).contains("\"size\"", "\"since\"", "\"outcome\"",
                "\"page\"");
    }

    @Test
    void letsAdminsListAndRevokeAnyonesConnection() {
        String serverId = lifecycle.createServer("");
        String connectionId = lifecycle.connect(serverId, ALICE, "alice");
        String bobsConnection = lifecycle.startFlow(serverId, BOB).getString("connectionId");

        JsonObject listed = json(broker.get("api/v1/admin/connections?server=" + serverId, ADMIN));
        assertThat(listed.getInt("total")).isEqualTo(2);
        assertThat(listed.getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("id")).containsExactly(bobsConnection, connectionId);
        JsonObject alices = json(broker.get("api/v1/admin/connections?user=basic:alice&server=" + serverId + "&size=1",
                ADMIN));
        assertThat(alices.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("CONNECTED");
        assertThat(alices.getJsonArray("items").getJsonObject(0).getString("expiresAt")).isNotBlank();
        assertThat(alices.toString()).doesNotContain(lifecycle.token(connectionId));

        HttpResponse<String> revoked = broker.delete("api/v1/connections/" + connectionId, ADMIN);

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json(revoked).getBoolean("revokedAtServer")).isTrue();
        JsonObject disconnected = json(broker.get("api/v1/connections/" + connectionId, ALICE));
        assertThat(disconnected.getString("status")).isEqualTo("NOT_CONNECTED");
        assertThat(disconnected).as("nothing granted is shown once the grant is gone")
                .doesNotContainKeys("grantedScopes", "issuer", "expiresAt");
        JsonObject trail = audit("connection=" + connectionId + "&type=CredentialsRevoked").getJsonArray("items")
                .getJsonObject(0);
        assertThat(trail.getString("actor")).isEqualTo("basic:root");
        assertThat(trail.getString("user")).isEqualTo("basic:alice");
    }

    @Test
    void countsFlowsRefreshesAndDiscoveryAtMetrics() {
        String before = metrics();
        String serverId = lifecycle.createServer("");
        String connectionId = lifecycle.connect(serverId, ALICE, "alice");
        String nowhere = lifecycle.createServerAt(peers.mcpUrl() + "-nowhere-" + UUID.randomUUID(), "");
        assertThat(json(broker.post("api/v1/servers/" + nowhere + "/validate", "", ADMIN)).getBoolean("valid"))
                .as("a server nobody discovered yet: a cache miss").isFalse();
        assertThat(broker.post("api/v1/connections/" + connectionId + "/refresh", "", ALICE).statusCode())
                .isEqualTo(200);
        JsonObject failing = lifecycle.startFlow(lifecycle.createServer(""), BOB);
        BrokerBrowser browser = new BrokerBrowser(broker);
        URI callback = browser.signIn(failing.getString("authorizationUrl"), BOB, "bob");
        assertThat(browser.visit(AuthorizationFlowIT.withIssuer(callback, "wrong")).statusCode()).isEqualTo(400);

        String after = metrics();

        assertThat(metric(after, "mcpoauth_flows_started_total")).isGreaterThanOrEqualTo(
                metric(before, "mcpoauth_flows_started_total") + 2);
        assertThat(metric(after, "mcpoauth_flows_completed_total")).isGreaterThanOrEqualTo(
                metric(before, "mcpoauth_flows_completed_total") + 1);
        assertThat(metric(after, "mcpoauth_flows_failed_total")).isGreaterThanOrEqualTo(
                metric(before, "mcpoauth_flows_failed_total") + 1);
        assertThat(metric(after, "mcpoauth_refreshes_succeeded_total")).isGreaterThanOrEqualTo(
                metric(before, "mcpoauth_refreshes_succeeded_total") + 1);
        assertThat(metric(after, "mcpoauth_refreshes_failed_total")).isGreaterThanOrEqualTo(0);
        assertThat(metric(after, "mcpoauth_refreshes_duration_seconds_count")).isGreaterThanOrEqualTo(
                metric(before, "mcpoauth_refreshes_duration_seconds_count") + 1);
        assertThat(metric(after, "mcpoauth_discovery_cache_misses_total")).isGreaterThanOrEqualTo(
                metric(before, "mcpoauth_discovery_cache_misses_total") + 1);
        assertThat(metric(after, "mcpoauth_discovery_cache_hits_total")).isGreaterThan(
                metric(before, "mcpoauth_discovery_cache_hits_total"));
        assertThat(metric(after, "mcpoauth_events_subscribers")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void refusesAnEventStreamBeyondThePersonsLimitWithA429() {
        List<EventStreamClient> streams = new ArrayList<>();
        try {
            for (int open = 0; open <= 10; open++) {
                streams.add(EventStreamClient.open(broker, ADMIN, null));
            }
            List<Integer> statuses = streams.stream().map(EventStreamClient::status).toList();
            // a stream another test closed a moment ago may still count until the next heartbeat
            assertThat(statuses.subList(0, 9)).containsOnly(200);
            assertThat(statuses.get(10)).as("the default limit is 10 streams per person").isEqualTo(429);
            assertThat(streams.get(10).response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            try (EventStreamClient bobs = EventStreamClient.open(broker, BOB, null)) {
                assertThat(bobs.status()).as("counted per person").isEqualTo(200);
            }
        } finally {
            streams.forEach(EventStreamClient::close);
        }
    }

    @Test
    void dropsAStreamWhoseClientWentAway() {
        EventStreamClient stream = EventStreamClient.open(broker, BOB, null);
        stream.next(event -> event == EventStreamClient.COMMENT, Duration.ofSeconds(5));
        double open = metric(metrics(), "mcpoauth_events_subscribers");
        assertThat(open).isGreaterThanOrEqualTo(1);

        stream.close();

        Instant deadline = Instant.now().plusSeconds(10);
        while (metric(metrics(), "mcpoauth_events_subscribers") >= open && Instant.now().isBefore(deadline)) {
            AuthorizationFlowIT.sleep(Duration.ofMillis(250));
        }
        assertThat(metric(metrics(), "mcpoauth_events_subscribers")).isLessThan(open);
    }

    /** Every endpoint with another user's ids (or a role's shared connection) is refused, hiding what exists. */
    @Test
    void refusesEveryEndpointOnAnotherTenantsIds() {
        String serverId = lifecycle.createServer("");
        String sharedServer = lifecycle.createServer("\"connectionMode\":\"SHARED\",\"sharedRole\":\"mcp-admin\"");
        JsonObject completedFlow = lifecycle.startFlow(serverId, ALICE);
        String connectionId = completedFlow.getString("connectionId");
        assertThat(new BrokerBrowser(broker).connect(completedFlow.getString("authorizationUrl"), ALICE, "alice")
                .statusCode()).isEqualTo(200);
        String shared = lifecycle.startFlow(sharedServer, ADMIN).getString("connectionId");
        String token = lifecycle.token(connectionId);
        JsonObject pendingFlow = lifecycle.startFlow(lifecycle.createServer(""), ALICE);
        BrokerBrowser alicesBrowser = new BrokerBrowser(broker);
        URI answer = alicesBrowser.signIn(pendingFlow.getString("authorizationUrl"), ALICE, "alice");
        String exchange = "{\"code\":\"%s\",\"state\":\"%s\",\"iss\":\"%s\"}".formatted(
                query(answer).get("code"), query(answer).get("state"), query(answer).get("iss"));
        // a bearer token of another identity that calls itself alice: a different caller (issuer + sub)
        String namedAlice = Lifecycle.jwt("alice", "mcp-user");
        long refreshes = peers.asCounter("token.refresh_token");
        long revocations = peers.asCounter("revocations");
        long codes = peers.asCounter("token.authorization_code");

        List<Refusal> matrix = List.of(
                new Refusal("GET", "api/v1/connections/" + connectionId, null, BOB, 404),
                new Refusal("GET", "api/v1/connections/" + connectionId, null, namedAlice, 404),
                new Refusal("DELETE", "api/v1/connections/" + connectionId, null, namedAlice, 404),
                new Refusal("DELETE", "api/v1/connections/" + connectionId, null, BOB, 404),
                new Refusal("POST", "api/v1/connections/" + connectionId + "/refresh", "{}", BOB, 404),
                new Refusal("GET", "api/v1/connections/" + shared, null, ALICE, 404),
                new Refusal("POST", "api/v1/connections/" + shared + "/refresh", "{}", ALICE, 404),
                new Refusal("DELETE", "api/v1/connections/" + shared, null, ALICE, 404),
                new Refusal("POST", "api/v1/connections/" + sharedServer + "/authorize", "{}", ALICE, 404),
                new Refusal("GET", "api/v1/flows/" + completedFlow.getString("flowId"), null, BOB, 404),
                new Refusal("GET", "api/v1/flows/" + pendingFlow.getString("flowId"), null, BOB, 404),
                new Refusal("POST", "api/v1/flows/exchange", exchange, BOB, 404),
                new Refusal("GET", "oauth/start/" + pendingFlow.getString("flowId"), null, BOB, 404),
                new Refusal("GET", "api/v1/audit", null, ALICE, 403),
                new Refusal("GET", "api/v1/audit?user=alice", null, BOB, 403),
                new Refusal("GET", "api/v1/admin/connections", null, ALICE, 403),
                new Refusal("GET", "api/v1/admin/connections?user=alice", null, BOB, 403),
                new Refusal("GET", "api/v1/servers", null, BOB, 403),
                new Refusal("POST", "api/v1/servers", "{\"name\":\"x\",\"url\":\"https://x.example\"}", BOB, 403),
                new Refusal("GET", "api/v1/servers/" + serverId, null, BOB, 403),
                new Refusal("PUT", "api/v1/servers/" + serverId, "{\"name\":\"x\",\"url\":\"https://x.example\"}", BOB,
                        403),
                new Refusal("DELETE", "api/v1/servers/" + serverId, null, BOB, 403),
                new Refusal("POST", "api/v1/servers/" + serverId + "/validate", "{}", BOB, 403),
                new Refusal("GET", "api/v1/events", null, BrokerClient.basic("guest", "guest-password"), 403));

        List<String> allowed = new ArrayList<>();
        for (Refusal refusal : matrix) {
            HttpResponse<String> response = refusal.send(broker);
            if (!refusal.refusedBy(response)) {
                allowed.add(refusal + " answered " + response.statusCode() + ": " + response.body());
            }
        }

        assertThat(allowed).as("refused %d of %d", matrix.size() - allowed.size(), matrix.size()).isEmpty();
        assertThat(broker.get("api/v1/connections", BOB).body()).doesNotContain(connectionId);
        assertThat(broker.get("api/v1/connections", namedAlice).body()).as("a JWT whose upn is alice is not alice")
                .doesNotContain(connectionId);
        assertThat(broker.get("api/v1/connections", ALICE).body()).doesNotContain(shared);
        assertThat(lifecycle.status(connectionId, ALICE)).isEqualTo("CONNECTED");
        assertThat(lifecycle.token(connectionId)).isEqualTo(token);
        assertThat(peers.asCounter("token.refresh_token")).isEqualTo(refreshes);
        assertThat(peers.asCounter("revocations")).isEqualTo(revocations);
        assertThat(peers.asCounter("token.authorization_code")).isEqualTo(codes);
        assertThat(broker.get("api/v1/connections/" + shared, ADMIN).statusCode()).isEqualTo(200);
        assertThat(alicesBrowser.visit(answer).statusCode()).as("bob's attempt did not use alice's answer")
                .isEqualTo(200);
    }

    record Refusal(String method, String path, String body, String caller, int status) {

        HttpResponse<String> send(BrokerClient broker) {
            HttpRequest.Builder request = HttpRequest.newBuilder(broker.uri(path)).method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return method.equals("GET")
                    ? broker.send(request, "Authorization", caller)
                    : broker.send(request, "Authorization", caller, "Content-Type", "application/json");
        }

        /** The expected status; under /api also the problem shape, so that nothing else is leaked. */
        boolean refusedBy(HttpResponse<String> response) {
            if (response.statusCode() != status) {
                return false;
            }
            if (!path.startsWith("api/")) {
                return true;
            }
            String slug = status == 404 ? "not-found" : "forbidden";
            return json(response).getString("type").equals(PROBLEM_TYPE + slug);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    JsonObject audit(String query) {
        HttpResponse<String> response = broker.get("api/v1/audit?" + query, ADMIN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    String metrics() {
        HttpResponse<String> response = broker.get(broker.root().resolve("/metrics?scope=application"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** One sample of the OpenMetrics text MP Metrics 5 serves (e.g. {@code name_total{mp_scope="application"} 3.0}). */
    static double metric(String body, String name) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)").matcher(body);
        assertThat(sample.find()).as(name + " in\n" + body).isTrue();
        return Double.parseDouble(sample.group(2));
    }

    static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).getString("type")).isEqualTo(PROBLEM_TYPE + slug);
    }
}
