package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ADMIN;
import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.json;
import static dev.mcpoauth.testing.OAuthWire.query;
import static dev.mcpoauth.testing.OAuthWire.random;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.AsBrowser;
import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secret scan: one whole life of two connections (dynamic registration and a pre-registered
 * client with a secret chosen here; sign-in through the real login and consent pages, tools, a
 * refresh that rotates, a step-up, a disconnect), collecting every secret value that passed through
 * the broker on the way: authorization codes, states and browser-binding cookies as the browser saw
 * them, and the access tokens, refresh tokens, PKCE verifiers, client secret, registration access
 * token and DPoP keys (stored form and private {@code d}) opened in the container from their sealed
 * columns; every token is DPoP-bound (RFC 9449, with the servers' nonces). Then none of them, raw or URL-encoded, may
 * appear in the server log, in any response the broker gave, in the audit trail or in a dump of every
 * row of every table.
 */
@ArquillianTest
class SecretScanIT {

    static final String PRE_REGISTERED_CLIENT = "secretscan-preregistered";
    static final String PRE_REGISTERED_SECRET = "preregistered-" + random();
    static final Pattern BINDING_COOKIE = Pattern.compile("mcpoauth_flow_[^=;\\s]+=\"?([^\";\\s]+)");
    static final String SERVICE_CLIENT = "secretscan-service";
    static final String WORKLOAD_TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ3b3JrbG9hZC0" + random() + "In0.c2ln";
    static final String IDP_SECRET = "idp-secret-" + random();
    static ECKey serviceKey;
    static final List<String> SEALED_COLUMNS = List.of("mcp_server.client_secret_sealed",
            "mcp_server.client_private_key_sealed", "mcp_server.workload_token_sealed",
            "mcp_server.idp_client_secret_sealed",
            "client_registration.client_secret_sealed", "client_registration.registration_access_token_sealed",
            "authorization_flow.code_verifier_sealed", "token_set.access_token_sealed", "token_set.refresh_token_sealed",
            "token_set.dpop_key_sealed");

    static Peers peers;

    final BrokerClient broker = BrokerClient.local();
    /** Every response of the broker (API, start link, callback pages), never the test-only resource's. */
    final List<HttpResponse<String>> received = new ArrayList<>();
    /** Kind → the values of that kind seen during the run. */
    final Map<String, Set<String>> secrets = new LinkedHashMap<>();
    final List<JsonObject> dumps = new ArrayList<>();
    final Set<String> serverIds = new LinkedHashSet<>();
    final Set<String> connectionIds = new LinkedHashSet<>();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker().addClasses(SecretScanResource.class);
    }

    @BeforeAll
    static void startPeers() throws Exception {
        serviceKey = new ECKeyGenerator(Curve.P_256).generate();
        String callback = "http://127.0.0.1:" + System.getProperty("it.http.port") + "/oauth/callback";
        peers = Peers.builder().logNamePrefix("secretscan-").dpop("nonce", "nonce")
                // long-lived access tokens: no refresh the test did not ask for, so every token is seen
                .accessTokenTtl(Duration.ofMinutes(10))
                .extraClients("""
                        [{"client_id":"%s","client_secret":"%s","redirect_uris":["%s"],
                          "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
                          "token_endpoint_auth_method":"client_secret_basic"},
                         {"client_id":"%s","grant_types":["client_credentials"],"response_types":[],
                          "redirect_uris":[],"token_endpoint_auth_method":"private_key_jwt","jwks":{"keys":[%s]}}]
                        """.formatted(PRE_REGISTERED_CLIENT, PRE_REGISTERED_SECRET, callback, SERVICE_CLIENT,
                        serviceKey.toPublicJWK().toJSONString()))
                .start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    void noSecretReachesTheLogTheResponsesTheAuditTrailOrTheDatabase() throws Exception {
        // an admin defines the server twice: found by discovery (DCR), and with a pre-registered client
        String dynamic = createServer("{\"name\":\"secretscan-dcr\",\"url\":\"%s\"}".formatted(peers.mcpUrl()));
        String preRegistered = createServer("""
                {"name":"secretscan-pre","url":"%s","issuer":"%s","clientId":"%s","clientSecret":"%s",
                 "clientAuthMethod":"client_secret_basic"}""".formatted(peers.mcpUrl(), peers.asIssuer(),
                PRE_REGISTERED_CLIENT, PRE_REGISTERED_SECRET));
        ok(get("api/v1/servers", ADMIN));
        assertThat(json(ok(get("api/v1/servers/" + preRegistered, ADMIN))).getBoolean("clientSecretConfigured")).isTrue();
        harvest();
        assertThat(secrets.get("serverClientSecret")).containsExactly(PRE_REGISTERED_SECRET);

        // alice connects (dynamic registration at the AS, login and consent)
        String connection = connect(dynamic);
        dump();

        // tools, then a refresh that rotates both tokens
        assertThat(json(ok(get("api/v1/connections/" + connection + "/tools", ALICE))).getJsonArray("tools")).isNotEmpty();
        assertThat(ok(post("api/v1/connections/" + connection + "/tools/echo", "{\"text\":\"scan one\"}", ALICE))
                .body()).contains("scan one");
        Set<String> accessBefore = Set.copyOf(secrets.get("accessToken"));
        Set<String> refreshBefore = Set.copyOf(secrets.get("refreshToken"));
        ok(post("api/v1/connections/" + connection + "/refresh", "", ALICE));
        harvest();
        assertThat(secrets.get("accessToken")).as("a new access token").hasSizeGreaterThan(accessBefore.size());
        assertThat(secrets.get("refreshToken")).as("the refresh token rotated").hasSizeGreaterThan(refreshBefore.size());
        ok(post("api/v1/connections/" + connection + "/tools/echo", "{\"text\":\"scan two\"}", ALICE));

        // step-up for admin-action: a second flow, new tokens with the wider scope
        HttpResponse<String> refused = post("api/v1/connections/" + connection + "/tools/admin-action", "{}", ALICE);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        String stepUpLink = json(refused).getString("authorizationUrl");
        signIn(stepUpLink);
        assertThat(ok(post("api/v1/connections/" + connection + "/tools/admin-action", "{}", ALICE)).body())
                .contains("admin action done");
        ok(get("api/v1/flows/" + stepUpLink.substring(stepUpLink.lastIndexOf('/') + 1), ALICE));
        harvest();
        dump();

        // alice connects with the pre-registered client too, uses and refreshes it (it stays connected)
        String second = connect(preRegistered);
        ok(post("api/v1/connections/" + second + "/tools/echo", "{\"text\":\"scan three\"}", ALICE));
        ok(post("api/v1/connections/" + second + "/refresh", "", ALICE));
        harvest();

        // a front end replaying a used code and state through the exchange endpoint: refused, never echoed
        String code = secrets.get("code").iterator().next();
        String state = secrets.get("state").iterator().next();
        HttpResponse<String> replayed = post("api/v1/flows/exchange",
                "{\"code\":\"%s\",\"state\":\"%s\",\"iss\":\"%s\"}".formatted(code, state, peers.asIssuer()), ALICE);
        assertThat(replayed.statusCode() != 200 || !json(replayed).getBoolean("connected")).as(replayed.body()).isTrue();

        // a service connection with the client's own private key (private_key_jwt), and the settings of
        // a workload and an enterprise-managed server: their secrets are sealed and never shown
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString(serviceKey.toPrivateKey().getEncoded()) + "\n-----END PRIVATE KEY-----";
        String service = createServer("""
                {"name":"secretscan-service","url":"%s","issuer":"%s","grant":"CLIENT_CREDENTIALS",
                 "connectionMode":"SHARED","sharedRole":"mcp-user","clientId":"%s","clientAuthMethod":"private_key_jwt",
                 "clientPrivateKey":"%s"}""".formatted(peers.mcpUrl(), peers.asIssuer(), SERVICE_CLIENT,
                pem.replace("\n", "\\n")));
        String serviceConnection = json(ok(post("api/v1/connections/" + service + "/grant", "{}", ALICE)))
                .getString("id");
        connectionIds.add(serviceConnection);
        ok(post("api/v1/connections/" + serviceConnection + "/tools/echo", "{\"text\":\"scan four\"}", ALICE));
        createServer("""
                {"name":"secretscan-workload","url":"%s","grant":"WORKLOAD_IDENTITY","connectionMode":"SHARED",
                 "sharedRole":"mcp-user","workloadToken":"%s"}""".formatted(peers.mcpUrl(), WORKLOAD_TOKEN),
                "?validate=false");
        createServer("""
                {"name":"secretscan-enterprise","url":"%s","issuer":"%s","grant":"ENTERPRISE_MANAGED",
                 "clientId":"secretscan-ema","idpTokenEndpoint":"%s/token","idpClientId":"broker-at-idp",
                 "idpClientSecret":"%s"}""".formatted(peers.mcpUrl(), peers.asIssuer(), peers.asIssuer(), IDP_SECRET),
                "?validate=false");
        ok(get("api/v1/servers", ADMIN));
        harvest();
        collect("serverClientPrivateKey", pem.lines().filter(line -> !line.startsWith("-----")).findFirst()
                .orElseThrow());

        ok(get("api/v1/connections", ALICE));
        ok(get("api/v1/connections/" + connection, ALICE));
        ok(get("api/v1/connections/" + second, ALICE));
        ok(get("api/v1/me", ALICE));
        harvest();
        dump();

        // disconnect the first connection: revoked at the AS, tokens deleted
        assertThat(json(ok(delete("api/v1/connections/" + connection, ALICE))).getBoolean("revokedAtServer")).isTrue();
        ok(get("api/v1/connections/" + connection, ALICE));
        harvest();
        dump();
        String marker = "marker-" + UUID.randomUUID();
        ok(broker.post("test/secretscan/marker?text=" + marker, "", null));

        assertTheScanIsNotVacuous(dynamic, preRegistered, connection, second, marker);
        assertThat(leaks()).as("secret values found in plaintext").isEmpty();
    }

    void assertTheScanIsNotVacuous(String dynamic, String preRegistered, String connection, String second,
            String marker) throws IOException {
        assertThat(secrets.get("code")).hasSize(3);
        assertThat(secrets.get("state")).hasSize(3);
        assertThat(secrets.get("browserBinding")).hasSize(3);
        assertThat(secrets.get("codeVerifier")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(secrets.get("registrationClientSecret")).hasSize(1);
        assertThat(secrets.get("registrationAccessToken")).hasSize(1);
        assertThat(secrets.get("serverClientSecret")).containsExactly(PRE_REGISTERED_SECRET);
        assertThat(secrets.get("serverClientPrivateKey")).hasSize(2);
        assertThat(secrets.get("workloadToken")).containsExactly(WORKLOAD_TOKEN);
        assertThat(secrets.get("idpClientSecret")).containsExactly(IDP_SECRET);
        // every token the AS issued (to the broker, its only client here) was collected
        long issued = peers.asCounter("tokenSuccess.authorization_code") + peers.asCounter("tokenSuccess.refresh_token")
                + peers.asCounter("tokenSuccess.client_credentials");
        assertThat(issued).isEqualTo(6);
        assertThat(secrets.get("accessToken")).hasSize((int) issued);
        assertThat(secrets.get("refreshToken")).as("no refresh token for the service's client credentials")
                .hasSize((int) issued - 1);
        assertThat(peers.asCounter("registrations")).isEqualTo(1);
        // one key per grant: the first sign-in, the step-up, the pre-registered client's sign-in
        assertThat(secrets.get("dpopKey")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(secrets.get("dpopPrivateKey")).hasSameSizeAs(secrets.get("dpopKey"));
        assertThat(peers.asCounter("dpop.noProof.authorization_code") + peers.asCounter("dpop.noProof.refresh_token"))
                .isZero();
        assertThat(peers.mcpCounter("dpop.bearer") + peers.mcpCounter("dpop.rejected")).isZero();

        assertThat(received).hasSizeGreaterThan(25);
        assertThat(dumps).hasSize(4);
        JsonObject last = dumps.get(dumps.size() - 1);
        JsonObject tables = last.getJsonObject("tables");
        assertThat(tables.keySet()).contains("mcp_server", "mcp_connection", "discovery_document",
                "client_registration", "authorization_flow", "token_set", "audit_event");
        Set<String> sealedColumns = new LinkedHashSet<>();
        tables.forEach((table, rows) -> ((JsonArray) rows).getValuesAs(JsonObject.class).forEach(row -> row.keySet()
                .stream().filter(column -> column.endsWith("_sealed")).forEach(column -> sealedColumns.add(table + "." + column))));
        assertThat(sealedColumns).as("the sealed columns (a new one needs its plaintext collected here too)")
                .containsExactlyInAnyOrderElementsOf(SEALED_COLUMNS);
        String sealedPrefix = last.getString("keyId") + ":";
        for (String qualified : SEALED_COLUMNS) {
            String table = qualified.substring(0, qualified.indexOf('.'));
            String column = qualified.substring(qualified.indexOf('.') + 1);
            // this run's rows only: other suites store placeholders in sealed columns of their own rows
            List<String> values = rows(last, table).stream()
                    .filter(row -> table.equals("mcp_server") ? serverIds.contains(text(row.get("id")))
                            : table.equals("client_registration") ? peers.asIssuer().equals(text(row.get("issuer")))
                            : connectionIds.contains(text(row.get("connection_id"))))
                    .map(row -> row.get(column))
                    .filter(value -> value instanceof JsonString)
                    .map(value -> ((JsonString) value).getString())
                    .toList();
            assertThat(values).as(qualified).isNotEmpty().allMatch(value -> value.startsWith(sealedPrefix));
        }
        String lastDump = render(last);
        assertThat(lastDump).contains(dynamic, preRegistered, connection, second);
        assertThat(rows(last, "token_set")).anyMatch(row -> row.getString("connection_id").equals(second))
                .noneMatch(row -> row.getString("connection_id").equals(connection));

        Set<String> types = audit(last).stream().map(row -> row.getString("type")).collect(Collectors.toSet());
        assertThat(types).contains("AuthorizationRequired", "AuthorizationCompleted", "TokenRefreshed",
                "CredentialsRevoked");

        assertThat(serverLog()).as("the scanned log is this server's live log").contains(marker);
    }

    /** Where each collected value (raw or URL-encoded) shows up; empty when nowhere. */
    List<String> leaks() throws IOException {
        Map<String, String> haystacks = new LinkedHashMap<>();
        haystacks.put("server log", serverLog());
        for (int i = 0; i < received.size(); i++) {
            HttpResponse<String> response = received.get(i);
            String where = "response " + i + " (" + response.request().method() + " " + response.uri().getPath() + " "
                    + response.statusCode() + ")";
            haystacks.put(where + " body", response.body());
            haystacks.put(where + " headers", scannedHeaders(response));
        }
        JsonObject last = dumps.get(dumps.size() - 1);
        haystacks.put("audit_event rows", audit(last).stream().map(JsonObject::toString)
                .collect(Collectors.joining("\n")));
        for (int i = 0; i < dumps.size(); i++) {
            haystacks.put("database dump " + i, render(dumps.get(i)));
        }
        List<String> leaks = new ArrayList<>();
        secrets.forEach((kind, values) -> values.forEach(value -> {
            for (String form : new LinkedHashSet<>(List.of(value, URLEncoder.encode(value, StandardCharsets.UTF_8)))) {
                haystacks.forEach((where, text) -> {
                    int at = text.indexOf(form);
                    if (at >= 0) {
                        leaks.add(kind + " in " + where + ": ..."
                                + text.substring(Math.max(0, at - 80), at) + "<" + kind + ">"
                                + text.substring(at + form.length(), Math.min(text.length(), at + form.length() + 80))
                                + "...");
                    }
                });
            }
        }));
        return leaks;
    }

    /**
     * The headers of a response, except the two that carry a secret by design: the start link's
     * redirect to the AS (the state) and its browser-binding cookie.
     */
    static String scannedHeaders(HttpResponse<String> response) {
        boolean startLink = response.uri().getPath().startsWith("/oauth/start/");
        return response.headers().map().entrySet().stream()
                .filter(header -> !(startLink && (header.getKey().equalsIgnoreCase("Location")
                        || header.getKey().equalsIgnoreCase("Set-Cookie"))))
                .map(header -> header.getKey() + ": " + header.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** Every file of the Payara log this failsafe execution writes (with rotated generations). */
    static String serverLog() throws IOException {
        Path log = Path.of(System.getProperty("payara.logfile"));
        String name = log.getFileName().toString();
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(log.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(name)
                    && !f.getFileName().toString().endsWith(".lck")).sorted().toList()) {
                text.append(Files.readString(file, StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        assertThat(text).as("the server log " + log).isNotEmpty();
        return text.toString();
    }

    String createServer(String body) {
        return createServer(body, "");
    }

    String createServer(String body, String query) {
        HttpResponse<String> created = post("api/v1/servers" + query, body, ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).getString("id");
        serverIds.add(id);
        return id;
    }

    /** Starts a flow for alice and completes it in her browser; returns the connection id. */
    String connect(String serverId) {
        JsonObject flow = json(ok(post("api/v1/connections/" + serverId + "/authorize", "{}", ALICE)));
        connectionIds.add(flow.getString("connectionId"));
        signIn(flow.getString("authorizationUrl"));
        assertThat(json(ok(get("api/v1/flows/" + flow.getString("flowId"), ALICE))).getString("status"))
                .isEqualTo("completed");
        harvest();
        return flow.getString("connectionId");
    }

    /** The browser's part: start link (binding cookie), AS login and consent, callback, and a replay of it. */
    void signIn(String startLink) {
        BrokerBrowser browser = new BrokerBrowser(broker);
        HttpResponse<String> start = record(browser.open(startLink, ALICE));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        List<String> cookies = start.headers().allValues("Set-Cookie");
        String binding = cookies.stream().map(BINDING_COOKIE::matcher).filter(Matcher::find)
                .map(matcher -> matcher.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("no browser-binding cookie in " + cookies.size() + " Set-Cookie"));
        collect("browserBinding", binding);
        URI callback = new AsBrowser().authorize(URI.create(start.headers().firstValue("Location").orElseThrow()),
                "alice", broker.uri("oauth/callback").toString());
        Map<String, String> answer = query(callback);
        collect("code", answer.get("code"));
        collect("state", answer.get("state"));
        HttpResponse<String> page = record(browser.visit(callback));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("You are connected to");
        assertThat(record(browser.visit(callback)).statusCode()).as("a replayed answer").isEqualTo(400);
    }

    /** Opens the sealed columns of this test's rows in the container and adds the plaintexts. */
    void harvest() {
        StringBuilder query = new StringBuilder("test/secretscan/secrets?issuer=")
                .append(URLEncoder.encode(peers.asIssuer(), StandardCharsets.UTF_8));
        serverIds.forEach(id -> query.append("&server=").append(id));
        connectionIds.forEach(id -> query.append("&connection=").append(id));
        HttpResponse<String> opened = broker.get(broker.uri(query.toString()));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        json(opened).forEach((kind, values) -> ((JsonArray) values).getValuesAs(JsonString.class)
                .forEach(value -> collect(kind, value.getString())));
    }

    void dump() {
        HttpResponse<String> dump = broker.get(broker.uri("test/secretscan/dump"));
        assertThat(dump.statusCode()).as(dump.body()).isEqualTo(200);
        dumps.add(json(dump));
    }

    void collect(String kind, String value) {
        assertThat(value).as(kind).isNotBlank().hasSizeGreaterThanOrEqualTo(16);
        secrets.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(value);
    }

    List<JsonObject> audit(JsonObject dump) {
        List<JsonObject> rows = rows(dump, "audit_event").stream()
                .filter(row -> connectionIds.contains(text(row.get("connection_id")))
                        || serverIds.contains(text(row.get("server_id"))))
                .toList();
        assertThat(rows).as("audit rows of this run").hasSizeGreaterThan(8);
        return rows;
    }

    static List<JsonObject> rows(JsonObject dump, String table) {
        return dump.getJsonObject("tables").getJsonArray(table).getValuesAs(JsonObject.class);
    }

    /** A dump as text: one line per row, {@code table: column=value, ...}. */
    static String render(JsonObject dump) {
        StringBuilder text = new StringBuilder();
        dump.getJsonObject("tables").forEach((table, rows) -> ((JsonArray) rows).getValuesAs(JsonObject.class)
                .forEach(row -> {
                    text.append(table).append(':');
                    row.forEach((column, value) -> text.append(' ').append(column).append('=').append(text(value)));
                    text.append('\n');
                }));
        return text.toString();
    }

    static String text(JsonValue value) {
        return value instanceof JsonString string ? string.getString() : String.valueOf(value);
    }

    HttpResponse<String> get(String path, String authorization) {
        return record(broker.get(path, authorization));
    }

    HttpResponse<String> post(String path, String body, String authorization) {
        return record(broker.post(path, body, authorization));
    }

    HttpResponse<String> delete(String path, String authorization) {
        return record(broker.delete(path, authorization));
    }

    HttpResponse<String> record(HttpResponse<String> response) {
        received.add(response);
        return response;
    }

    static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": " + response.body())
                .isEqualTo(200);
        return response;
    }
}
