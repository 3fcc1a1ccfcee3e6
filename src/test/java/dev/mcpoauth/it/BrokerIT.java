package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.basic;
import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpoauth.Deployments;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged WAR seen from outside: health, OpenAPI, caller identity and the problem shape. */
@ArquillianTest
class BrokerIT {

    static final String PROBLEM_JSON = "application/problem+json";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @ArquillianResource
    URL deploymentUrl;

    BrokerClient broker;

    @BeforeEach
    void connect() {
        broker = new BrokerClient(deploymentUrl);
    }

    @Test
    void isReadyWithDatabaseSchemaAndSealingKey() {
        HttpResponse<String> ready = broker.get(broker.root().resolve("/health/ready"));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonObject check = json(ready).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("broker"))
                .findFirst().orElseThrow();
        assertThat(check.getString("status")).isEqualTo("UP");
        assertThat(check.getJsonObject("data").getString("database")).isEqualTo("reachable");
        assertThat(check.getJsonObject("data").getString("schema")).isEqualTo("applied");
        assertThat(check.getJsonObject("data").getString("sealing")).startsWith("key ").endsWith(" loaded");

        assertThat(broker.get(broker.root().resolve("/health/live")).statusCode()).isEqualTo(200);
    }

    @Test
    void publishesTheOpenApiDocument() {
        HttpResponse<String> openapi = broker.get(broker.root().resolve("/openapi"), "Accept", "application/json");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("MCP OAuth Broker").contains("/api/v1/me");

        JsonObject document = json(openapi);
        JsonObject paths = document.getJsonObject("paths");
        java.util.Set<String> operationIds = new java.util.HashSet<>();
        paths.forEach((path, item) -> item.asJsonObject().forEach((method, value) -> {
            if (!java.util.Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                return;
            }
            JsonObject operation = value.asJsonObject();
            assertThat(operation.getString("operationId", null)).as(method + " " + path + " operationId").isNotBlank();
            assertThat(operationIds.add(operation.getString("operationId"))).as("unique " + operation).isTrue();
            assertThat(operation.getString("summary", null)).as(method + " " + path + " summary").isNotBlank();
            assertThat(operation.getJsonObject("responses")).as(method + " " + path).containsKey("default");
            assertProblemResponse(operation, "default");
        }));

        JsonObject problem = document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Problem");
        assertThat(problem.getJsonObject("properties").keySet())
                .contains("type", "title", "status", "detail", "instance", "retryable", "requiresReauthorization", "error");
        assertThat(problem.getJsonObject("properties").getJsonObject("type").getJsonArray("enum")
                .getValuesAs(jakarta.json.JsonString::getString))
                .contains("tag:mcpoauth.dev,2026:not-found", "tag:mcpoauth.dev,2026:authorization-required",
                        "tag:mcpoauth.dev,2026:invalid-input");

        JsonObject createServer = paths.getJsonObject("/api/v1/servers").getJsonObject("post");
        for (String status : List.of("400", "401", "403", "500")) {
            assertProblemResponse(createServer, status);
        }
        JsonObject callTool = paths.getJsonObject("/api/v1/connections/{id}/tools/{name}").getJsonObject("post");
        assertThat(callTool.getString("operationId")).isEqualTo("callTool");
        for (String status : List.of("401", "403", "404", "409", "502", "503")) {
            assertProblemResponse(callTool, status);
        }
        assertProblemResponse(paths.getJsonObject("/api/v1/connections/{id}/refresh").getJsonObject("post"), "409");
    }

    static void assertProblemResponse(JsonObject operation, String status) {
        JsonObject response = operation.getJsonObject("responses").getJsonObject(status);
        assertThat(response).as(operation.getString("operationId") + " " + status).isNotNull();
        assertThat(response.getJsonObject("content").getJsonObject("application/problem+json")
                .getJsonObject("schema").getString("$ref"))
                .as(operation.getString("operationId") + " " + status)
                .isEqualTo("#/components/schemas/Problem");
    }

    @Test
    void refusesCallersWithoutCredentials() {
        HttpResponse<String> response = broker.get(broker.uri("api/v1/me"));
        assertProblem(response, 401, "unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().contains("Basic");
        assertThat(json(response).getBoolean("retryable")).as("the shape of every problem").isFalse();
        assertThat(json(response).getBoolean("requiresReauthorization")).isFalse();
    }

    @Test
    void throttlesGuessesAtOneUserNameWith429AndRetryAfter() {
        String nobody = "nobody-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertProblem(broker.get(broker.uri("api/v1/me"), "Authorization", basic(nobody, "guess-" + i)), 401,
                    "unauthenticated");
        }

        HttpResponse<String> throttled = broker.get(broker.uri("api/v1/me"), "Authorization", basic(nobody, "guess"));

        assertProblem(throttled, 429, "sign-in-throttled");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(json(broker.get(broker.uri("api/v1/me"), "Authorization", basic("alice", "alice-password")))
                .getString("id")).as("other users are not affected").isEqualTo("basic:alice");
    }

    @Test
    void refusesChangesFromAnotherSiteOrWithoutJson() {
        HttpResponse<String> evil = broker.send(HttpRequest.newBuilder(broker.uri("api/v1/servers"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")), "Authorization", BrokerClient.ADMIN,
                "Content-Type", "application/json", "Origin", "https://evil.example");
        assertProblem(evil, 403, "origin-not-allowed");
        HttpResponse<String> bodiless = broker.send(HttpRequest.newBuilder(broker.uri("api/v1/servers/none/validate"))
                .POST(HttpRequest.BodyPublishers.noBody()), "Authorization", BrokerClient.ADMIN);
        assertProblem(bodiless, 415, "unsupported-media-type");
        HttpResponse<String> plain = broker.send(HttpRequest.newBuilder(broker.uri("api/v1/servers/none"))
                .DELETE(), "Authorization", BrokerClient.ADMIN, "Content-Type", "text/plain");
        assertProblem(plain, 415, "unsupported-media-type");

        String own = broker.root().toString().replaceAll("/$", "");
        HttpResponse<String> ours = broker.send(HttpRequest.newBuilder(broker.uri("api/v1/servers"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")), "Authorization", BrokerClient.ADMIN,
                "Content-Type", "application/json", "Origin", own);
        assertProblem(ours, 400, "invalid-input");
    }

    @Test
    void asksABrowserAtTheStartLinkForNoCredentialsTheApiWouldTake() {
        HttpResponse<String> start = broker.get(broker.uri("oauth/start/" + UUID.randomUUID()));

        assertThat(start.statusCode()).as("sent to the sign-in page").isEqualTo(303);
        assertThat(start.headers().allValues("WWW-Authenticate")).isEmpty();
        assertThat(start.headers().firstValue("Location")).get().asString().contains("/signin?return=");
    }

    @Test
    void boundsBodiesAndJsonDepthBeforeParsing() {
        HttpResponse<String> large = broker.post("api/v1/servers", "{\"name\":\"" + "x".repeat(1_100_000) + "\"}",
                BrokerClient.ADMIN);
        assertProblem(large, 413, "body-too-large");
        HttpResponse<String> deep = broker.post("api/v1/servers", "[".repeat(100_000), BrokerClient.ADMIN);
        assertProblem(deep, 400, "json-too-deep");
    }

    @Test
    void marksApiAnswersNotToBeStoredAndKeepsOnlyPlainCorrelationIds() {
        HttpResponse<String> me = broker.get(broker.uri("api/v1/me"), "Authorization",
                basic("alice", "alice-password"), "X-Correlation-Id", "call-1");
        assertThat(me.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(me.headers().firstValue("X-Correlation-Id")).contains("call-1");
        assertThat(broker.get(broker.uri("api/v1/connections"), "Authorization", basic("alice", "alice-password"))
                .headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(broker.get(broker.uri("api/v1/me")).headers().firstValue("Cache-Control")).contains("no-store");

        String hostile = "a;b<script>" + "x".repeat(80);
        HttpResponse<String> refused = broker.get(broker.uri("api/v1/me"), "Authorization",
                basic("alice", "alice-password"), "X-Correlation-Id", hostile);
        assertThat(refused.headers().firstValue("X-Correlation-Id")).get().asString().isNotEqualTo(hostile)
                .matches("[A-Za-z0-9._-]{1,64}");
    }

    @Test
    void refusesAWrongPasswordAndAForgedToken() {
        assertProblem(broker.get(broker.uri("api/v1/me"), "Authorization", basic("alice", "wrong")), 401,
                "unauthenticated");
        assertProblem(broker.get(broker.uri("api/v1/me"), "Authorization", "Bearer not.a.jwt"), 401,
                "unauthenticated");
    }

    @Test
    void tellsUsersAndAdminsWhoTheyAre() {
        JsonObject alice = json(broker.get(broker.uri("api/v1/me"), "Authorization", basic("alice", "alice-password")));
        assertThat(alice.getString("name")).isEqualTo("alice");
        assertThat(alice.getString("id")).isEqualTo("basic:alice");
        assertThat(alice.getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("mcp-user");

        JsonObject root = json(broker.get(broker.uri("api/v1/me"), "Authorization", basic("root", "root-password")));
        assertThat(root.getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactlyInAnyOrder("mcp-user", "mcp-admin");
    }

    @Test
    void acceptsJwtCallersSignedByTheConfiguredIssuer() throws Exception {
        HttpResponse<String> response = broker.get(broker.uri("api/v1/me"), "Authorization", "Bearer " + jwt("carol"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).getString("name")).isEqualTo("carol");
        assertThat(json(response).getString("id")).startsWith("jwt:").doesNotContain("carol");
        assertThat(json(response).getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("mcp-user");
    }

    @Test
    void echoesAPlainCorrelationIdAndReplacesAHostileOne() {
        HttpResponse<String> plain = broker.get(broker.uri("api/v1/me"), "Authorization",
                basic("alice", "alice-password"), "X-Correlation-Id", "req-42");
        assertThat(plain.headers().firstValue("X-Correlation-Id")).contains("req-42");
        HttpResponse<String> hostile = broker.get(broker.uri("api/v1/me"), "Authorization",
                basic("alice", "alice-password"), "X-Correlation-Id", "<script>");
        assertThat(hostile.headers().firstValue("X-Correlation-Id")).get().asString().doesNotContain("<");
    }

    @Test
    void refusesCallersWithoutABrokerRole() {
        assertProblem(broker.get(broker.uri("api/v1/me"), "Authorization", basic("guest", "guest-password")), 403,
                "forbidden");
    }

    @Test
    void answersTheRuntimesOwnErrorsAsProblems() {
        String alice = basic("alice", "alice-password");
        assertProblem(broker.get(broker.uri("api/v1/no-such-thing"), "Authorization", alice), 404, "not-found");
        HttpResponse<String> post = broker.send(HttpRequest.newBuilder(broker.uri("api/v1/me"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")), "Authorization", alice, "Content-Type",
                "application/json");
        assertProblem(post, 405, "method-not-allowed");
        assertThat(post.headers().firstValue("Allow")).get().asString().contains("GET");
        assertProblem(broker.get(broker.uri("api/v1/me"), "Authorization", alice, "Accept", "text/csv"), 406,
                "not-acceptable");
    }

    @Test
    void letsAdminsDefineServersWithAWriteOnlySecret() {
        String name = "files-" + UUID.randomUUID();
        HttpResponse<String> created = broker.post("api/v1/servers", """
                {"name":"%s","url":"https://mcp.example.invalid/mcp","issuer":"https://as.example.invalid",
                 "scopes":"files:read","sendResource":false,"pkcePolicy":"ASSUME_SUPPORTED",
                 "clientId":"pre-1","clientSecret":"very-secret-value","clientAuthMethod":"client_secret_post"}
                """.formatted(name), BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject server = json(created);
        String id = server.getString("id");
        assertThat(created.headers().firstValue("Location")).get().asString().endsWith("/api/v1/servers/" + id);
        assertThat(server.getBoolean("clientSecretConfigured")).isTrue();
        assertThat(server.getBoolean("sendResource")).isFalse();
        assertThat(created.body()).doesNotContain("very-secret-value");
        assertThat(server.getString("validationWarning")).as("its hosts cannot be resolved here").startsWith("Not checked now");

        HttpResponse<String> updated = broker.put("api/v1/servers/" + id, """
                {"name":"%s","url":"https://mcp.example.invalid/mcp","issuer":"https://as.example.invalid","clientId":"pre-1"}
                """.formatted(name), BrokerClient.ADMIN);
        assertThat(json(updated).getBoolean("clientSecretConfigured")).as("an update without a secret keeps it").isTrue();
        assertThat(json(updated).getBoolean("sendResource")).isTrue();

        HttpResponse<String> all = broker.get("api/v1/servers", BrokerClient.ADMIN);
        assertThat(all.body()).contains(id).doesNotContain("very-secret-value");
        assertProblem(broker.post("api/v1/servers", """
                {"name":"%s","url":"https://mcp.example.invalid/other"}
                """.formatted(name), BrokerClient.ADMIN), 409, "conflict");
        assertThat(broker.delete("api/v1/servers/" + id, BrokerClient.ADMIN).statusCode()).isEqualTo(200);
        assertProblem(broker.get("api/v1/servers/" + id, BrokerClient.ADMIN), 404, "not-found");
    }

    @Test
    void refusesServerDefinitionsThatCannotWork() {
        HttpResponse<String> invalid = broker.post("api/v1/servers", """
                {"name":"","url":"ftp://files","connectionMode":"SHARED","metadataTtlSeconds":5,"clientId":"x"}
                """, BrokerClient.ADMIN);
        assertProblem(invalid, 400, "invalid-input");
        assertThat(json(invalid).getJsonArray("errors").toString())
                .contains("name", "url", "metadataTtlSeconds", "sharedRoleGivenWhenShared", "issuerGivenWithClientId");
        assertProblem(broker.post("api/v1/servers", "{not json", BrokerClient.ADMIN), 400, "bad-request");
        HttpResponse<String> form = broker.send(HttpRequest.newBuilder(broker.uri("api/v1/servers"))
                .POST(HttpRequest.BodyPublishers.ofString("name=x")), "Authorization", BrokerClient.ADMIN,
                "Content-Type", "application/x-www-form-urlencoded");
        assertProblem(form, 415, "unsupported-media-type");
        assertThat(json(form).getString("detail")).contains("Content-Type: application/json");
    }

    @Test
    void namesTheFieldsOfAWrongTypeOrValueAndWhatTheyAccept() {
        HttpResponse<String> wrong = broker.post("api/v1/servers", """
                {"name":"x","url":"https://mcp.example.invalid/x","authMode":"oauth","sendResource":"yes","metadataTtlSeconds":"3600"}
                """, BrokerClient.ADMIN);

        assertProblem(wrong, 400, "invalid-input");
        assertThat(json(wrong).getJsonArray("errors")).extracting(Object::toString).containsExactlyInAnyOrder(
                "{\"field\":\"authMode\",\"message\":\"must be one of OAUTH2, NONE\"}",
                "{\"field\":\"sendResource\",\"message\":\"must be true or false\"}",
                "{\"field\":\"metadataTtlSeconds\",\"message\":\"must be a whole number\"}");
        HttpResponse<String> array = broker.post("api/v1/servers", "[1]", BrokerClient.ADMIN);
        assertProblem(array, 400, "bad-request");
        assertThat(json(array).getString("detail")).isEqualTo("The request body must be a JSON object.");
    }

    @Test
    void keepsServerAdministrationToAdmins() {
        assertProblem(broker.get("api/v1/servers", BrokerClient.ALICE), 403, "forbidden");
        assertProblem(broker.post("api/v1/servers", "{\"name\":\"x\",\"url\":\"https://x/mcp\"}", BrokerClient.ALICE),
                403, "forbidden");
    }

    @Test
    void letsTheMembersOfATeamSeeAServerSharedWithTheTeam() throws Exception {
        HttpResponse<String> created = broker.post("api/v1/servers", """
                {"name":"team-%s","url":"https://mcp.example.invalid/team","connectionMode":"SHARED","sharedRole":"team-x"}
                """.formatted(UUID.randomUUID()), BrokerClient.ADMIN);
        String serverId = json(created).getString("id");
        String member = "Bearer " + jwt("carol", List.of("mcp-user", "team-x"));
        String outsider = "Bearer " + jwt("dave", List.of("mcp-user"));

        // a member sees the shared connection, but only an admin may give it its consent
        assertProblem(broker.post("api/v1/connections/" + serverId + "/authorize", "{}", member), 403, "forbidden");
        assertProblem(broker.post("api/v1/connections/" + serverId + "/authorize", "{}", outsider), 404, "not-found");
    }

    @Test
    void publishesItsSigningKeysAsAJwkSetWithoutPrivateMembers() {
        HttpResponse<String> response = broker.get(broker.uri("oauth/jwks.json"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString()
                .startsWith("application/jwk-set+json");
        JsonObject key = json(response).getJsonArray("keys").getJsonObject(0);
        assertThat(key).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e");
        assertThat(key.getString("alg")).isEqualTo("RS256");
        assertThat(json(broker.get(broker.uri("oauth/jwks.json")))).as("the same key at every start of its use")
                .isEqualTo(json(response));
    }

    @Test
    void publishesNoClientMetadataDocumentWithoutHttps() {
        assertProblem(broker.get(broker.uri("oauth/client-metadata.json")), 404, "not-found");
    }

    static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith(PROBLEM_JSON);
        JsonObject problem = json(response);
        assertThat(problem.getString("type")).isEqualTo("tag:mcpoauth.dev,2026:" + slug);
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.mcpoauth");
    }

    static String jwt(String user) throws Exception {
        return jwt(user, List.of("mcp-user"));
    }

    static String jwt(String user, List<String> groups) throws Exception {
        String pem = resource("/it/jwt-signing-key.pem").replaceAll("-----[A-Z ]+-----|\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("https://idp.it.mcpoauth.dev")
                .subject("subject-" + user)
                .claim("upn", user)
                .claim("groups", groups)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(java.util.UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = BrokerIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
