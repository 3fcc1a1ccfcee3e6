package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ADMIN;
import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service connections against the real oidc-provider and MCP server: the client credentials
 * grant (RFC 6749 §4.4) with a client secret and with private_key_jwt (RFC 7523 §2.2) signed by
 * the client's own key, no browser, shared by a role; renewed by asking again, once however many
 * callers ask at the same moment.
 */
@ArquillianTest
class ServiceConnectionsIT {

    static final String SECRET = "service-secret-" + UUID.randomUUID();
    static final String ROLE = "mcp-user";
    static final Duration TOKEN_TTL = Duration.ofSeconds(12);

    static Peers peers;
    static ECKey clientKey;

    final BrokerClient broker = BrokerClient.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @BeforeAll
    static void startPeers() throws Exception {
        clientKey = new ECKeyGenerator(Curve.P_256).keyID("svc-key-1").generate();
        peers = Peers.builder().logNamePrefix("service-").accessTokenTtl(TOKEN_TTL).extraClients("""
                [{"client_id":"svc-basic","client_secret":"%s","grant_types":["client_credentials"],
                  "response_types":[],"redirect_uris":[],"token_endpoint_auth_method":"client_secret_basic"},
                 {"client_id":"svc-key","grant_types":["client_credentials"],"response_types":[],"redirect_uris":[],
                  "token_endpoint_auth_method":"private_key_jwt","token_endpoint_auth_signing_alg":"ES256",
                  "jwks":{"keys":[%s]}}]
                """.formatted(SECRET, clientKey.toPublicJWK().toJSONString())).start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    String createService(String clientMembers) {
        HttpResponse<String> created = broker.post("api/v1/servers?validate=false", """
                {"name":"service-%s","url":"%s","issuer":"%s","grant":"CLIENT_CREDENTIALS",
                 "connectionMode":"SHARED","sharedRole":"%s",%s}
                """.formatted(UUID.randomUUID(), peers.mcpUrl(), peers.asIssuer(), ROLE, clientMembers), ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).getString("id");
    }

    String connect(String serverId) {
        HttpResponse<String> granted = broker.post("api/v1/connections/" + serverId + "/grant", "{}", ALICE);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        JsonObject connection = json(granted);
        assertThat(connection.getString("status")).isEqualTo("CONNECTED");
        return connection.getString("id");
    }

    HttpResponse<String> callTool(String connectionId) {
        return broker.post("api/v1/connections/" + connectionId + "/tools/test-tool", "{}", ALICE);
    }

    static String pem(ECKey key) throws Exception {
        return "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder().encodeToString(key.toPrivateKey().getEncoded())
                + "\\n-----END PRIVATE KEY-----";
    }

    @Test
    void connectsWithAClientSecretAndCallsATool() {
        long before = peers.asCounter("tokenSuccess.client_credentials");
        String serverId = createService("""
                "clientId":"svc-basic","clientSecret":"%s","clientAuthMethod":"client_secret_basic\"""".formatted(SECRET));

        String connectionId = connect(serverId);
        HttpResponse<String> called = callTool(connectionId);

        assertThat(called.statusCode()).as(called.body()).isEqualTo(200);
        assertThat(called.body()).contains("ok");
        assertThat(peers.asCounter("tokenSuccess.client_credentials") - before).isEqualTo(1);
        JsonObject view = json(broker.get("api/v1/connections/" + connectionId, ALICE));
        assertThat(view.toString()).doesNotContain(SECRET);
        assertThat(broker.get("api/v1/servers/" + serverId, ADMIN).body()).doesNotContain(SECRET);
    }

    @Test
    void connectsWithPrivateKeyJwtSignedByTheClientsOwnKey() throws Exception {
        String key = pem(clientKey);
        String serverId = createService("""
                "clientId":"svc-key","clientAuthMethod":"private_key_jwt","clientPrivateKey":"%s\"""".formatted(key));

        HttpResponse<String> called = callTool(connect(serverId));

        assertThat(called.statusCode()).as(called.body()).isEqualTo(200);
        String server = broker.get("api/v1/servers/" + serverId, ADMIN).body();
        assertThat(server).contains("\"clientPrivateKeyConfigured\":true").doesNotContain("PRIVATE KEY");
    }

    @Test
    void needsNoSignInPageAndServesOnlyItsRole() {
        String serverId = createService("""
                "clientId":"svc-basic","clientSecret":"%s\"""".formatted(SECRET));

        HttpResponse<String> started = broker.post("api/v1/connections/" + serverId + "/authorize", "{}", ALICE);
        HttpResponse<String> opsOnly = broker.post("api/v1/connections/" + createServiceFor("ops") + "/grant", "{}",
                ALICE);

        assertThat(started.statusCode()).as("no sign-in page for a service: " + started.body()).isEqualTo(409);
        assertThat(started.body()).contains("/grant");
        assertThat(opsOnly.statusCode()).as("alice lacks the role: " + opsOnly.body()).isEqualTo(404);
    }

    String createServiceFor(String role) {
        HttpResponse<String> created = broker.post("api/v1/servers?validate=false", """
                {"name":"service-%s","url":"%s","issuer":"%s","grant":"CLIENT_CREDENTIALS",
                 "connectionMode":"SHARED","sharedRole":"%s","clientId":"svc-basic","clientSecret":"%s"}
                """.formatted(UUID.randomUUID(), peers.mcpUrl(), peers.asIssuer(), role, SECRET), ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).getString("id");
    }

    @Test
    void asksTheAuthorizationServerOnceWhenManyFindTheTokenDue() throws Exception {
        String connectionId = connect(createService("""
                "clientId":"svc-basic","clientSecret":"%s\"""".formatted(SECRET)));
        assertThat(callTool(connectionId).statusCode()).isEqualTo(200); // warm: the session and its paths
        Instant expiresAt = expiresAt(connectionId);
        // due once less than the refresh window (PT5S in broker-it.properties) remains
        Duration untilDue = Duration.between(Instant.now(), expiresAt.minusSeconds(3));
        if (!untilDue.isNegative()) {
            Thread.sleep(untilDue.toMillis());
        }
        long before = peers.asCounter("token.client_credentials");

        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(() -> callTool(connectionId).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            assertThat(statuses).containsOnly(200);
        } finally {
            pool.shutdownNow();
        }

        // renewed (a later expiry) by one request: a caller's, or the refresh sweep's just before them
        assertThat(expiresAt(connectionId)).isAfter(expiresAt);
        assertThat(peers.asCounter("token.client_credentials") - before)
                .as("client_credentials requests for %d concurrent callers on a due token", callers)
                .isLessThanOrEqualTo(1);
    }

    Instant expiresAt(String connectionId) {
        return Instant.parse(json(broker.get("api/v1/connections/" + connectionId, ALICE)).getString("expiresAt"));
    }
}
