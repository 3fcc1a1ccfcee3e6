package dev.mcpoauth.mcp.boundary;

import static dev.mcpoauth.discovery.StubServer.parseJson;
import static dev.mcpoauth.discovery.StubServer.sendJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import dev.mcpoauth.authorization.boundary.Authorizations;
import dev.mcpoauth.authorization.entity.AuthorizationRequiredException;
import dev.mcpoauth.authorization.entity.FlowStart;
import dev.mcpoauth.discovery.StubServer;
import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.McpRequestCompleted;
import dev.mcpoauth.events.entity.Outcome;
import dev.mcpoauth.events.entity.RecordedEvents;
import dev.mcpoauth.mcp.control.McpConnector;
import dev.mcpoauth.mcp.control.WireMemory;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import dev.mcpoauth.mcp.control.McpSession;
import dev.mcpoauth.mcp.control.StepUpAttempts;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.testing.SettableClock;
import dev.mcpoauth.token.boundary.AccessTokens;
import dev.mcpoauth.token.entity.AccessToken;
import dev.mcpoauth.token.entity.RefreshOutcome;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MCP calls for a person, against an MCP server on loopback: only a connection the caller may use
 * sends its token; a 401 earns one rediscovery and one forced refresh; a 403 insufficient_scope a
 * step-up consent, up to the limit; and every operation the caller may see is audited with how it ended.
 */
@Timeout(30)
class McpCallsTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final Identity ALICE = new Identity("alice", false, Set.of("mcp-user")::contains);
    static final Identity OPERATOR = new Identity("olga", false, Set.of("mcp-user", "operators")::contains);
    static final Identity ADMIN = new Identity("root", true, Set.of("mcp-user", "mcp-admin")::contains);
    static final Identity BOB = new Identity("bob", false, Set.of("mcp-user")::contains);

    final SettableClock clock = new SettableClock(NOW);
    final RecordedEvents events = new RecordedEvents();
    final McpEndpoint mcp = new McpEndpoint();
    final McpServer server;
    final Connection alices;
    final Connection operators;
    /** Connection id → the access token the broker holds for it. */
    final Map<String, String> tokens = new ConcurrentHashMap<>();
    final List<String> tokensAsked = new CopyOnWriteArrayList<>();
    final List<String> rediscovered = new ArrayList<>();
    final List<String> forcedRefreshes = new ArrayList<>();
    final List<Optional<String>> consentsAsked = new ArrayList<>();
    Function<String, RefreshOutcome> refresh = connectionId -> new RefreshOutcome.GrantLost("invalid_grant", "gone");
    McpCalls tools;

    McpCallsTest() throws IOException {
        server = new McpServer("files", mcp.url(), NOW);
        alices = Connection.ofUser(server, "alice", NOW);
        operators = Connection.sharedBy(server, "operators", NOW);
    }

    @BeforeEach
    void wire() {
        Map<String, Connection> stored = Map.of(alices.id(), alices, operators.id(), operators);
        tools = new McpCalls();
        tools.clock = clock;
        tools.events = events;
        tools.stepUps = new StepUpAttempts();
        tools.connector = new McpConnector(new UrlGuard(true, List.of(),
                host -> new InetAddress[] {InetAddress.getLoopbackAddress()}), new WireMemory(), Duration.ofSeconds(10),
                Duration.ofSeconds(2));
        tools.connections = new Connections() {
            @Override
            public Optional<Connection> find(String connectionId) {
                return Optional.ofNullable(stored.get(connectionId));
            }

            @Override
            public Connection forUse(String serverId, Identity identity) {
                return identity.hasRole("operators") ? operators : alices;
            }
        };
        tools.accessTokens = new AccessTokens() {
            @Override
            public AccessToken forConnection(String connectionId) {
                tokensAsked.add(connectionId);
                clock.advance(Duration.ofMillis(100));
                return new AccessToken(tokens.get(connectionId), NOW.plusSeconds(3600), null);
            }

            @Override
            public boolean refreshedAfterRejection(Connection connection, AccessToken rejected, EventSubject subject) {
                forcedRefreshes.add(connection.id() + " forced, " + rejected.value() + " refused");
                return McpCallsTest.this.refresh.apply(connection.id()) instanceof RefreshOutcome.Refreshed;
            }
        };
        tools.discovery = new Discovery() {
            @Override
            public ServerDiscovery discover(McpServer target, boolean refresh) {
                rediscovered.add(target.url() + (refresh ? " refreshed" : ""));
                return null;
            }

            @Override
            public ServerDiscovery rediscover(McpServer target, Instant refusedAt) {
                return discover(target, true);
            }
        };
        tools.authorizations = new Authorizations() {
            @Override
            public FlowStart start(Connection connection, Identity identity, Optional<String> challengedScope,
                    Optional<String> returnUrl) {
                consentsAsked.add(challengedScope);
                return new FlowStart("flow-" + consentsAsked.size(), connection.id(),
                        URI.create("https://broker.example.com/authorize/flow-" + consentsAsked.size()),
                        NOW.plusSeconds(300));
            }
        };
        tokens.put(alices.id(), "alices-token");
        tokens.put(operators.id(), "operators-token");
        mcp.accepted.addAll(List.of("alices-token", "operators-token"));
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    static JsonObject text(String text) {
        return Json.createObjectBuilder().add("text", text).build();
    }

    static String firstText(JsonObject result) {
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    McpRequestCompleted onlyAuditEvent() {
        assertThat(events.fired).hasSize(1);
        return (McpRequestCompleted) events.fired.get(0);
    }

    @Test
    void theOwnerListsToolsWithTheConnectionsToken() {
        JsonArray listed = tools.allTools(ALICE, alices.id());

        assertThat(listed.getValuesAs(JsonObject.class)).extracting(tool -> tool.getString("name"))
                .containsExactly("echo", "admin");
        assertThat(mcp.bearers()).isNotEmpty().containsOnly("Bearer alices-token");
    }

    @Test
    void readsTheTokenOnceForEveryHttpRequestOfOneCall() {
        JsonObject result = tools.callTool(ALICE, alices.id(), "echo", text("once"));

        assertThat(firstText(result)).isEqualTo("once");
        assertThat(mcp.bearers()).as("server/discover, tools/list, tools/call").hasSizeGreaterThanOrEqualTo(3)
                .containsOnly("Bearer alices-token");
        assertThat(tokensAsked).containsExactly(alices.id());
    }

    @Test
    void aMemberOfTheSharedRoleCallsWithTheRolesToken() {
        JsonObject result = tools.callTool(OPERATOR, operators.id(), "echo", text("hello"));

        assertThat(firstText(result)).isEqualTo("hello");
        assertThat(mcp.bearers()).isNotEmpty().containsOnly("Bearer operators-token");
    }

    @Test
    void anAdminWhoSeesSomeoneElsesConnectionIsRefusedAndItsTokenIsNeverTaken() {
        for (Connection connection : List.of(alices, operators)) {
            ProblemException refused = catchThrowableOfType(ProblemException.class,
                    () -> tools.callTool(ADMIN, connection.id(), "echo", text("hello")));

            assertThat(refused.problem()).isEqualTo(Problem.FORBIDDEN);
            assertThat(refused.problem().status()).isEqualTo(403);
        }
        assertThat(tokensAsked).isEmpty();
        assertThat(mcp.received).isEmpty();
        assertThat(events.fired).as("a refusal is audited too").hasSize(2)
                .allSatisfy(event -> assertThat(((McpRequestCompleted) event).failure()).contains("FORBIDDEN"));
    }

    @Test
    void aConnectionTheCallerMayNotSeeDoesNotExistForThemAndIsNotAudited() {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> tools.allTools(BOB, alices.id()));

        assertThat(refused.problem()).isEqualTo(Problem.NOT_FOUND);
        assertThat(tokensAsked).isEmpty();
        assertThat(events.fired).isEmpty();
    }

    @Test
    void callsByServerOnTheConnectionThePersonUsesForIt() {
        JsonObject result = tools.callOnServer(OPERATOR, server.id(), "echo", text("by server"));

        assertThat(firstText(result)).isEqualTo("by server");
        assertThat(mcp.bearers()).isNotEmpty().containsOnly("Bearer operators-token");
        assertThat(onlyAuditEvent().subject().connectionId()).isEqualTo(operators.id());
    }

    @Test
    void aRefusedTokenIsRefreshedOnceAfterRediscoveryAndTheOperationRepeatedWithTheNewOne() {
        tokens.put(alices.id(), "revoked-token");
        refresh = connectionId -> {
            tokens.put(connectionId, "fresh-token");
            return new RefreshOutcome.Refreshed(new AccessToken("fresh-token", NOW.plusSeconds(3600), null), true);
        };
        mcp.accepted.add("fresh-token");

        JsonObject result = tools.callTool(ALICE, alices.id(), "echo", text("again"));

        assertThat(firstText(result)).isEqualTo("again");
        assertThat(rediscovered).containsExactly(server.url() + " refreshed");
        assertThat(forcedRefreshes).containsExactly(alices.id() + " forced, revoked-token refused");
        assertThat(mcp.bearers()).startsWith("Bearer revoked-token").endsWith("Bearer fresh-token");
        assertThat(onlyAuditEvent().outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void aTokenRefusedAgainAfterTheRefreshAsksTheOwnerToConnectAgain() {
        tokens.put(alices.id(), "revoked-token");
        refresh = connectionId -> new RefreshOutcome.Refreshed(
                new AccessToken("revoked-token", NOW.plusSeconds(3600), null), false);

        AuthorizationRequiredException required = catchThrowableOfType(AuthorizationRequiredException.class,
                () -> tools.allTools(ALICE, alices.id()));

        assertThat(forcedRefreshes).as("one forced refresh, not a loop").hasSize(1);
        assertThat(mcp.requests("server/discover")).as("refused at the first request, twice").hasSize(2);
        assertThat(required.getMessage()).contains("no longer accepts your access to files");
        assertThat(required.flow()).map(FlowStart::flowId).contains("flow-1");
        assertThat(consentsAsked).containsExactly(Optional.empty());
        assertThat(onlyAuditEvent().failure()).contains("AUTHORIZATION_REQUIRED");
    }

    @Test
    void aLostGrantOnASharedConnectionTellsAMemberThatItsOwnerMustConnectAgain() {
        tokens.put(operators.id(), "revoked-token");

        AuthorizationRequiredException required = catchThrowableOfType(AuthorizationRequiredException.class,
                () -> tools.allTools(OPERATOR, operators.id()));

        assertThat(forcedRefreshes).hasSize(1);
        assertThat(required.getMessage()).endsWith("Its owner must connect again.");
        assertThat(required.flow()).isEmpty();
        assertThat(consentsAsked).as("a member may not consent for the role").isEmpty();
    }

    @Test
    void insufficientScopeAsksForConsentToTheChallengedScopes() {
        AuthorizationRequiredException required = catchThrowableOfType(AuthorizationRequiredException.class,
                () -> tools.callTool(ALICE, alices.id(), "admin", null));

        assertThat(required.getMessage()).contains("needs more permissions for tools/call admin: mcp:read mcp:admin");
        assertThat(required.flow()).map(FlowStart::connectionId).contains(alices.id());
        assertThat(consentsAsked).containsExactly(Optional.of("mcp:read mcp:admin"));
        assertThat(forcedRefreshes).as("a 403 is not a 401").isEmpty();
    }

    @Test
    void stopsAskingForConsentAfterTheLimitOfAuthorizationsAndSaysWhichScopeIsMissing() {
        for (int stepUp = 1; stepUp < StepUpAttempts.LIMIT; stepUp++) {
            catchThrowableOfType(AuthorizationRequiredException.class,
                    () -> tools.callTool(ALICE, alices.id(), "admin", null));
        }

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> tools.callTool(ALICE, alices.id(), "admin", null));

        assertThat(refused).isNotInstanceOf(AuthorizationRequiredException.class);
        assertThat(refused.problem()).isEqualTo(Problem.INSUFFICIENT_SCOPE);
        assertThat(refused.getMessage()).contains("still refuses tools/call admin after 3 consents");
        assertThat(refused.extensions()).containsEntry("scope", "mcp:read mcp:admin");
        assertThat(consentsAsked).hasSize(StepUpAttempts.LIMIT - 1);

        catchThrowableOfType(AuthorizationRequiredException.class, () -> tools.callTool(ALICE, alices.id(), "admin", null));
        assertThat(consentsAsked).as("the refusal starts the count again").hasSize(StepUpAttempts.LIMIT);
    }

    @Test
    void aSuccessClearsTheStepUpCountOfThatOperation() {
        catchThrowableOfType(AuthorizationRequiredException.class, () -> tools.callTool(ALICE, alices.id(), "admin", null));
        mcp.admins.add("alices-token");
        tools.callTool(ALICE, alices.id(), "admin", null);
        mcp.admins.clear();

        for (int stepUp = 1; stepUp < StepUpAttempts.LIMIT; stepUp++) {
            catchThrowableOfType(AuthorizationRequiredException.class,
                    () -> tools.callTool(ALICE, alices.id(), "admin", null));
        }

        assertThat(consentsAsked).hasSize(StepUpAttempts.LIMIT);
    }

    @Test
    void auditsWhoCalledWhichToolOnWhoseConnectionAndHowLongItTookByTheBrokersClock() {
        tools.callTool(OPERATOR, operators.id(), "echo", text("private words"));

        McpRequestCompleted completed = onlyAuditEvent();
        assertThat(completed.subject()).isEqualTo(new EventSubject(NOW, "olga", null, server.id(), operators.id(),
                null));
        assertThat(completed.method()).isEqualTo("tools/call");
        assertThat(completed.tool()).contains("echo");
        assertThat(completed.took()).isEqualTo(Duration.ofMillis(100L * tokensAsked.size()));
        assertThat(completed.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(completed.details()).doesNotContain("private words");
    }

    @Test
    void auditsAFailureWithItsProblemNeverTheServersWords() {
        mcp.close();

        ProblemException failed = catchThrowableOfType(ProblemException.class, () -> tools.allTools(ALICE, alices.id()));

        assertThat(failed.problem()).isEqualTo(Problem.MCP_UNAVAILABLE);
        McpRequestCompleted completed = onlyAuditEvent();
        assertThat(completed.method()).isEqualTo("tools/list");
        assertThat(completed.tool()).isEmpty();
        assertThat(completed.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(completed.failure()).contains("MCP_UNAVAILABLE");
    }

    @Test
    void refusesACursorOrUriThatCannotBeOneBeforeTakingAToken() {
        for (Runnable call : List.<Runnable>of(() -> tools.tools(ALICE, alices.id(), ""),
                () -> tools.prompts(ALICE, alices.id(), "c".repeat(McpCalls.MAX_CURSOR + 1)),
                () -> tools.readResource(ALICE, alices.id(), " "))) {
            assertThat(catchThrowableOfType(ProblemException.class, call::run).problem()).isEqualTo(Problem.INVALID_INPUT);
        }
        assertThat(mcp.received).isEmpty();
        assertThat(tokensAsked).isEmpty();
    }

    @Test
    void saysWhatTheServerRefusedWithItsJsonRpcCode() {
        ProblemException invalid = McpCalls.problem(new McpSessionException(Reason.INVALID_PARAMS, "bad", -32602, null));
        ProblemException mismatch = McpCalls.problem(new McpSessionException(Reason.PROTOCOL_MISMATCH, "neither", null));

        assertThat(invalid.problem()).isEqualTo(Problem.MCP_INVALID_PARAMS);
        assertThat(invalid.extensions()).containsEntry("jsonRpcCode", -32602);
        assertThat(mismatch.problem()).isEqualTo(Problem.MCP_PROTOCOL_MISMATCH);
        assertThat(mismatch.extensions()).doesNotContainKey("jsonRpcCode");
        assertThat(McpCalls.problem(new McpSessionException(Reason.NOT_FOUND, "gone", -32002, null)).problem())
                .isEqualTo(Problem.MCP_NOT_FOUND);
        assertThat(McpCalls.problem(new McpSessionException(Reason.INPUT_DECLINED, "ask", null)).problem())
                .isEqualTo(Problem.MCP_INPUT_DECLINED);
        assertThat(McpCalls.problem(new McpSessionException(Reason.TIMED_OUT, "slow", null)).problem().isRetryable())
                .isTrue();
    }

    @Test
    void aSessionOfItsOwnAuditsItsConnectAndEachOperation() {
        try (McpSession session = tools.session(ALICE, alices.id())) {
            session.listTools();
            session.callTool("echo", text("long"));
        }

        assertThat(events.fired).extracting(event -> ((McpRequestCompleted) event).method())
                .containsExactly("connect", "tools/list", "tools/call");
        assertThat(events.fired).allSatisfy(event -> assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS));
    }

    /**
     * A Streamable HTTP MCP endpoint on a {@link StubServer}, answering in JSON: a token must be
     * accepted (else 401 invalid_token); the {@code admin} tool needs an admin token (else 403
     * insufficient_scope for {@code mcp:read mcp:admin}).
     */
    static final class McpEndpoint implements AutoCloseable {

        record Received(String httpMethod, String rpc, String authorization) {}

        final StubServer stub = new StubServer();
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final Set<String> admins = ConcurrentHashMap.newKeySet();
        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicBoolean open = new AtomicBoolean(true);

        McpEndpoint() throws IOException {
            stub.handle("/mcp", this::answer);
        }

        String url() {
            return stub.origin() + "/mcp";
        }

        List<String> bearers() {
            return received.stream().map(Received::authorization).toList();
        }

        List<Received> requests(String rpc) {
            return received.stream().filter(request -> rpc.equals(request.rpc())).toList();
        }

        void answer(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonObject message = body.isBlank() ? null : parseJson(body);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            received.add(new Received(exchange.getRequestMethod(),
                    message == null ? null : message.getString("method", null), authorization));
            String token = authorization == null ? "" : authorization.substring("Bearer ".length());
            if (!accepted.contains(token)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                sendJson(exchange, 401, null);
            } else if (!exchange.getRequestMethod().equals("POST")) {
                sendJson(exchange, exchange.getRequestMethod().equals("DELETE") ? 200 : 405, null);
            } else if (!message.containsKey("id")) {
                sendJson(exchange, 202, null);
            } else {
                rpc(exchange, message, token);
            }
        }

        void rpc(HttpExchange exchange, JsonObject message, String token) throws IOException {
            JsonObject params = message.getJsonObject("params");
            JsonObjectBuilder result = Json.createObjectBuilder();
            switch (message.getString("method")) {
                case "initialize" -> {
                    exchange.getResponseHeaders().add("Mcp-Session-Id", "session-1");
                    result.add("protocolVersion", params.getString("protocolVersion"))
                            .add("capabilities", Json.createObjectBuilder().add("tools", Json.createObjectBuilder()))
                            .add("serverInfo", Json.createObjectBuilder().add("name", "stub").add("version", "1"));
                }
                case "tools/list" -> result.add("tools", Json.createArrayBuilder().add(tool("echo")).add(tool("admin")));
                case "tools/call" -> {
                    String name = params.getString("name");
                    if (name.equals("admin") && !admins.contains(token)) {
                        exchange.getResponseHeaders().add("WWW-Authenticate",
                                "Bearer error=\"insufficient_scope\", scope=\"mcp:read mcp:admin\"");
                        sendJson(exchange, 403, null);
                        return;
                    }
                    String text = name.equals("echo") ? params.getJsonObject("arguments").getString("text") : "done";
                    result.add("content", Json.createArrayBuilder()
                            .add(Json.createObjectBuilder().add("type", "text").add("text", text)));
                }
                default -> {
                    // an initialize-only server: server/discover is no method of its revision
                    sendJson(exchange, 200, Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", message.get("id"))
                            .add("error", Json.createObjectBuilder().add("code", -32601).add("message", "Method not found"))
                            .build().toString());
                    return;
                }
            }
            sendJson(exchange, 200, Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", message.get("id"))
                    .add("result", result).build().toString());
        }

        static JsonObject tool(String name) {
            return Json.createObjectBuilder().add("name", name)
                    .add("inputSchema", Json.createObjectBuilder().add("type", "object")).build();
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                stub.close();
            }
        }
    }
}
