package dev.mcpoauth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mcpoauth.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document as a newcomer's tools read it: fetched from {@code /openapi}, written to
 * {@code target/openapi/openapi.json}, validated by {@code @apidevtools/swagger-parser}
 * ({@code src/test/openapi/validate.mjs}) and turned into a typed client that a strict smoke
 * script drives against this broker ({@code client.mjs}). swagger-parser because it is the widely
 * used, maintained validator that checks both the official OpenAPI 3.0 JSON Schema and the rules
 * a schema cannot state (unique operationIds, declared path parameters, resolvable $refs);
 * openapi-typescript and openapi-fetch because a wrong schema, status or media type in the
 * document fails the smoke script's type check or its run.
 */
@ArquillianTest
class OpenApiIT {

    static final long TIMEOUT_MINUTES = 5;
    static final Path DOCUMENT = Path.of("target", "openapi", "openapi.json");
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    static JsonObject document;

    final BrokerClient broker = BrokerClient.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @BeforeAll
    static void fetch() throws IOException {
        assumeFalse("postgresql".equals(System.getProperty("it.database")),
                "the document does not depend on the database: checked in the H2 pass only");
        BrokerClient broker = BrokerClient.local();
        HttpResponse<String> response = broker.get(broker.root().resolve("/openapi"), "Accept", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Files.createDirectories(DOCUMENT.getParent());
        Files.writeString(DOCUMENT, response.body(), UTF_8);
        document = Json.createReader(new StringReader(response.body())).readObject();
    }

    @Test
    void isAValidOpenApiDocument() throws Exception {
        Run validation = node(Map.of(), "validate.mjs", DOCUMENT.toAbsolutePath().toString());
        assertThat(validation.exitCode()).as("swagger-parser: %s", validation.output()).isZero();
        assertThat(validation.output()).contains("valid: OpenAPI 3.");
    }

    @Test
    void aClientGeneratedFromItWorksAsAdminAndUser() throws Exception {
        Run smoke = node(Map.of("BROKER_URL", broker.root().toString().replaceAll("/$", ""),
                "BROKER_ADMIN", "root:root-password", "BROKER_USER", "alice:alice-password"),
                "client.mjs", DOCUMENT.toAbsolutePath().toString());
        assertThat(smoke.exitCode()).as("generated client smoke: %s", smoke.output()).isZero();
        assertThat(smoke.output()).contains("smoke: all checks passed");
    }

    @Test
    void everyOperationDocumentsItsSuccess() {
        List<String> without = new ArrayList<>();
        operations().forEach((name, operation) -> {
            JsonObject responses = operation.getJsonObject("responses");
            boolean documented = responses.keySet().stream()
                    .filter(status -> status.startsWith("2") || status.startsWith("3"))
                    .anyMatch(status -> status.equals("204") || status.startsWith("3")
                            || responses.getJsonObject(status).containsKey("content"));
            if (!documented) {
                without.add(name);
            }
        });
        assertThat(without).as("operations without a documented 2xx/3xx with content").isEmpty();

        JsonObject create = operation("/api/v1/servers", "post").getJsonObject("responses").getJsonObject("201");
        assertThat(create.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema")
                .getString("$ref")).isEqualTo("#/components/schemas/Server");
        assertThat(create.getJsonObject("headers")).containsKey("Location");
        assertThat(operation("/api/v1/events", "get").getJsonObject("responses").getJsonObject("200")
                .getJsonObject("content")).containsKey("text/event-stream");
        assertThat(operation("/oauth/start/{flowId}", "get").getJsonObject("responses").getJsonObject("303")
                .getJsonObject("headers")).containsKey("Location");
        assertThat(operation("/signout", "post").getJsonObject("responses")).containsKey("204");
    }

    @Test
    void inputSchemasListTheirPropertiesAndForbidNone() {
        List<String> zero = new ArrayList<>();
        collectMaxPropertiesZero("#", document, zero);
        assertThat(zero).as("schemas with maxProperties 0").isEmpty();

        JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
        JsonObject server = schemas.getJsonObject("ServerInput");
        assertThat(server.getJsonObject("properties").keySet()).contains("name", "url", "authMode", "connectionMode",
                "sharedRole", "issuer", "scopes", "sendScope", "sendResource", "pkcePolicy", "metadataTtlSeconds",
                "clientId", "clientSecret", "clientAuthMethod", "clientPrivateKey", "grant", "resource",
                "workloadToken", "workloadTokenFile", "idpTokenEndpoint", "idpClientId", "idpClientSecret");
        assertThat(strings(server, "required")).containsExactlyInAnyOrder("name", "url");
        assertThat(server.getJsonObject("properties").getJsonObject("authMode").getString("$ref"))
                .isEqualTo("#/components/schemas/AuthMode");
        assertThat(strings(schemas.getJsonObject("AuthMode"), "enum")).containsExactly("OAUTH2", "NONE");
        assertThat(schemas.getJsonObject("AuthMode").getString("type")).isEqualTo("string");
        assertThat(strings(server.getJsonObject("properties").getJsonObject("clientAuthMethod"), "enum"))
                .containsExactly("client_secret_basic", "client_secret_post", "private_key_jwt", "none");
        assertThat(schemas.getJsonObject("GrantInput").getJsonObject("properties").keySet())
                .containsExactly("identityAssertion");
        assertThat(schemas.getJsonObject("AuthorizeInput").getJsonObject("properties").keySet())
                .containsExactlyInAnyOrder("returnUrl", "scope");
    }

    @Test
    void namesEachTagOnceWithADescriptionAndServesTheConfiguredBaseUrl() {
        List<JsonObject> tags = document.getJsonArray("tags").getValuesAs(JsonObject.class);
        List<String> names = tags.stream().map(tag -> tag.getString("name")).toList();
        assertThat(names).doesNotHaveDuplicates().contains("oauth", "servers", "connections");
        assertThat(tags).allSatisfy(tag -> assertThat(tag.getString("description", "")).isNotBlank());
        Set<String> used = new java.util.HashSet<>();
        operations().values().forEach(operation -> used.addAll(strings(operation, "tags")));
        assertThat(names).containsAll(used);

        assertThat(document.getJsonArray("servers").getValuesAs(JsonObject.class))
                .extracting(server -> server.getString("url"))
                .containsExactly("http://127.0.0.1:" + System.getProperty("it.http.port"));
        assertThat(document).doesNotContainKey("endpoints");
    }

    @Test
    void problemResponsesListWhatEachOperationCanAnswer() {
        JsonObject create = operation("/api/v1/servers", "post").getJsonObject("responses");
        assertThat(strings(create.getJsonObject("422"), "x-problem-types"))
                .containsExactly(type("server-configuration-refused"));
        assertThat(strings(create.getJsonObject("422"), "x-problem-causes"))
                .contains(type("url-forbidden"), type("not-protected"), type("registration-rejected"),
                        type("issuer-mismatch"), type("configuration-mismatch"))
                .hasSizeGreaterThan(1);
        assertThat(strings(create.getJsonObject("409"), "x-problem-types")).containsExactly(type("conflict"));
        assertThat(strings(create.getJsonObject("400"), "x-problem-types"))
                .contains(type("bad-request"), type("invalid-input"));
        assertThat(strings(create.getJsonObject("415"), "x-problem-types"))
                .containsExactly(type("unsupported-media-type"));
        assertThat(strings(create.getJsonObject("403"), "x-problem-types"))
                .contains(type("forbidden"), type("origin-not-allowed"));

        JsonObject update = operation("/api/v1/servers/{id}", "put").getJsonObject("responses");
        assertThat(update.keySet()).contains("404", "409", "422");

        JsonObject validate = operation("/api/v1/servers/{id}/validate", "post").getJsonObject("responses");
        assertThat(validate.keySet()).as("validation reports failed steps in its 200").doesNotContain("422", "502");

        JsonObject authorize = operation("/api/v1/connections/{serverId}/authorize", "post").getJsonObject("responses");
        assertThat(strings(authorize.getJsonObject("409"), "x-problem-types")).contains(type("server-not-set-up"));
        assertThat(strings(authorize.getJsonObject("400"), "x-problem-types")).contains(type("return-url-not-allowed"));
        assertThat(strings(authorize.getJsonObject("429"), "x-problem-types")).contains(type("limit-reached"));
        assertThat(strings(authorize.getJsonObject("503"), "x-problem-types")).contains(type("upstream-unavailable"));

        Set<String> catalogue = Set.copyOf(strings(document.getJsonObject("components").getJsonObject("schemas")
                .getJsonObject("Problem").getJsonObject("properties").getJsonObject("type"), "enum"));
        operations().forEach((name, operation) -> operation.getJsonObject("responses").forEach((status, response) -> {
            List<String> types = strings(response.asJsonObject(), "x-problem-types");
            assertThat(catalogue).as(name + " " + status).containsAll(types);
            types.forEach(type -> assertThat(status).as(name + " " + type).isIn(statusOf(type), "default"));
        }));
    }

    /** The status the catalogue gives a type, from the Problem schema's table. */
    static String statusOf(String type) {
        String table = document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Problem")
                .getString("description");
        String row = table.lines().filter(line -> line.startsWith("| `" + type + "` |")).findFirst().orElseThrow();
        return row.split("\\|")[2].trim();
    }

    static String type(String slug) {
        return "tag:mcpoauth.dev,2026:" + slug;
    }

    static Map<String, JsonObject> operations() {
        Map<String, JsonObject> operations = new java.util.LinkedHashMap<>();
        document.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, value) -> {
            if (METHODS.contains(method)) {
                operations.put(method.toUpperCase() + " " + path, value.asJsonObject());
            }
        }));
        return operations;
    }

    static JsonObject operation(String path, String method) {
        return document.getJsonObject("paths").getJsonObject(path).getJsonObject(method);
    }

    static List<String> strings(JsonObject object, String name) {
        return object.containsKey(name)
                ? object.getJsonArray(name).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList()
                : List.of();
    }

    static void collectMaxPropertiesZero(String at, JsonValue value, List<String> found) {
        if (value instanceof JsonObject object) {
            if (object.containsKey("maxProperties") && object.getInt("maxProperties") == 0) {
                found.add(at);
            }
            object.forEach((key, member) -> collectMaxPropertiesZero(at + "/" + key, member, found));
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            List<JsonValue> items = value.asJsonArray();
            for (int i = 0; i < items.size(); i++) {
                collectMaxPropertiesZero(at + "/" + i, items.get(i), found);
            }
        }
    }

    record Run(int exitCode, String output) {
    }

    /** Runs a script of src/test/openapi with Node; its output goes to the test log and comes back. */
    static Run node(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getenv().getOrDefault("NODE_BINARY", "node"));
        command.add(Path.of("src", "test", "openapi", arguments[0]).toAbsolutePath().toString());
        command.addAll(List.of(arguments).subList(1, arguments.length));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process run = builder.start();
        StringBuilder output = new StringBuilder();
        // through System.out, not inherited: the forked JVM's own stdout is failsafe's channel
        Thread echo = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(run.getInputStream(), UTF_8))) {
                lines.lines().forEach(line -> {
                    System.out.println("[openapi] " + line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "openapi-output");
        echo.start();
        if (!run.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            run.destroyForcibly();
            run.waitFor(30, TimeUnit.SECONDS);
        }
        echo.join(TimeUnit.SECONDS.toMillis(20));
        synchronized (output) {
            return new Run(run.isAlive() ? -1 : run.exitValue(), output.toString());
        }
    }
}
