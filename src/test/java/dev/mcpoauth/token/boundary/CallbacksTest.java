package dev.mcpoauth.token.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.authorization.boundary.Authorizations;
import dev.mcpoauth.authorization.boundary.FlowStore;
import dev.mcpoauth.authorization.entity.AuthorizationResponse;
import dev.mcpoauth.authorization.entity.AuthorizationStatus;
import dev.mcpoauth.authorization.entity.PendingAuthorization;
import dev.mcpoauth.authorization.entity.StateToken;
import dev.mcpoauth.discovery.StubServer;
import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.events.entity.AuthorizationFailed;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.RecordedEvents;
import dev.mcpoauth.oauth.control.FormPost;
import dev.mcpoauth.oauth.entity.OAuthError;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.registration.boundary.Registrations;
import dev.mcpoauth.registration.control.BrokerClient;
import dev.mcpoauth.registration.entity.OAuthClient;
import dev.mcpoauth.registration.entity.RegistrationMethod;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ConnectionStatus;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.testing.SettableClock;
import dev.mcpoauth.token.control.TokenEndpoint;
import dev.mcpoauth.token.entity.CallbackOutcome;
import dev.mcpoauth.token.entity.TokenResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The callback's token request: only to the token endpoint and with the client the flow started
 * with, none at all when the resource has moved to another authorization server, and nothing the
 * token endpoint says in free text reaches a person, the flow, the connection or the audit.
 */
class CallbacksTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final String SECRET = "cl1ent-s3cret-value";
    static final String CODE = "auth-c0de-value";
    static final String STATE = "st4te-value";

    final StubServer as1 = new StubServer();
    final String issuer = as1.origin();
    final McpServer server = new McpServer("files", "https://mcp.example.com/mcp", NOW);
    final Connection connection = Connection.ofUser(server, "alice", NOW);
    final SecretSealer sealer = new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));
    final RecordedEvents events = new RecordedEvents();
    final List<BrokerEvent> fired = events.fired;
    final List<String> statusDetails = new ArrayList<>();
    final List<String> tokenRequests = new ArrayList<>();
    Optional<String> lastNamedIssuer = Optional.empty();
    PendingAuthorization flow;
    String verifier;
    Callbacks callbacks;

    CallbacksTest() throws IOException {
    }

    @BeforeEach
    void wire() {
        verifier = "v3rifier-" + "x".repeat(40);
        flow = new PendingAuthorization("flow-1", connection, "alice", StateToken.hash(STATE),
                verifier, sealer, issuer,
                server.url(), "mcp:read mcp:write", NOW, NOW.plusSeconds(300));
        flow.bindTo(issuer + "/token", true, "registration-1", "client-1", "client_secret_post");
        callbacks = new Callbacks();
        callbacks.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        callbacks.sealer = sealer;
        callbacks.broker = new BrokerClient("https://broker.example.com", "broker", Optional.empty());
        callbacks.defaultTokenLifetime = Duration.ofHours(1);
        callbacks.tokenEndpoint = new TokenEndpoint(new FormPost(new Outbound(
                new UrlGuard(true, List.of(), InetAddress::getAllByName), Duration.ofSeconds(5), Duration.ofSeconds(5), 65536)));
        callbacks.flows = new FlowStore() {
            @Override
            public boolean claim(PendingAuthorization claimed, Instant now) {
                return true;
            }

            @Override
            public void update(String flowId, Consumer<PendingAuthorization> change) {
                change.accept(flow);
            }
        };
        callbacks.discovery = new Discovery() {
            @Override
            public Optional<String> lastKnownIssuer(McpServer target) {
                return lastNamedIssuer;
            }
        };
        callbacks.authorizations = new Authorizations() {
            @Override
            public Optional<OAuthClient> boundClient(PendingAuthorization bound) {
                return Optional.of(new OAuthClient(bound.issuer(), RegistrationMethod.DYNAMIC,
                        bound.clientId().orElseThrow(), SECRET, bound.clientAuthMethod().orElseThrow(),
                        bound.clientRegistrationId().orElseThrow()));
            }
        };
        callbacks.registrations = new Registrations();
        callbacks.connections = new Connections() {
            @Override
            public void changeStatus(String connectionId, ConnectionStatus status, String detail) {
                statusDetails.add(detail);
            }
        };
        callbacks.events = events;
    }

    @AfterEach
    void stop() {
        as1.close();
    }

    /** An authorization server that echoes every parameter it received in its error_description. */
    void tokenEndpointEchoes(String code) {
        as1.handle("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            tokenRequests.add(URLDecoder.decode(body, StandardCharsets.UTF_8));
            byte[] answer = ("{\"error\":\"" + code + "\",\"error_description\":\"received "
                    + URLDecoder.decode(body, StandardCharsets.UTF_8).replace("\"", "'") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
    }

    CallbackOutcome answer() {
        return callbacks.finish(flow, new AuthorizationResponse(CODE, STATE, issuer, null));
    }

    @Test
    void sendsNoTokenRequestWhenTheResourceNowNamesAnotherAuthorizationServer() {
        tokenEndpointEchoes("invalid_grant");
        lastNamedIssuer = Optional.of("https://as2.example.com");

        CallbackOutcome outcome = answer();

        assertThat(outcome.code()).isEqualTo("issuer_changed");
        assertThat(outcome.message()).contains("another authorization server", "Start connecting again");
        assertThat(as1.requests()).isEmpty();
        assertThat(flow.errorCode()).contains("issuer_changed");
        assertThat(fired).singleElement().isInstanceOfSatisfying(AuthorizationFailed.class,
                failed -> assertThat(failed.errorCode()).isEqualTo("issuer_changed"));
    }

    @Test
    void exchangesAtTheFlowsOwnTokenEndpointWithItsClientWithoutAskingDiscovery() {
        tokenEndpointEchoes("invalid_grant");
        lastNamedIssuer = Optional.of(issuer);

        answer();

        assertThat(as1.requests()).containsExactly("/token");
        assertThat(tokenRequests).singleElement().asString().contains("client_id=client-1", "code=" + CODE);
    }

    @Test
    void showsAndStoresNoneOfTheValuesATokenEndpointEchoesInItsDescription() {
        tokenEndpointEchoes("vendor_error");

        CallbackOutcome outcome = answer();

        assertThat(tokenRequests).singleElement().asString().contains(SECRET, CODE, verifier);
        List<String> shownOrStored = new ArrayList<>(List.of(outcome.message(), flow.errorMessage().orElseThrow(),
                fired.get(0).details()));
        shownOrStored.addAll(statusDetails);
        assertThat(shownOrStored).hasSize(4).allSatisfy(text -> assertThat(text)
                .doesNotContain(SECRET, CODE, verifier, "received")
                .contains("vendor_error"));
    }

    @Test
    void anInvalidScopeNamesTheScopesAndIsNotWorthRetrying() {
        tokenEndpointEchoes("invalid_scope");

        CallbackOutcome outcome = answer();

        assertThat(outcome.message()).contains("\u201cmcp:read mcp:write\u201d", "will not help", "scopes override");
        assertThat(flow.toJSON(NOW).getBoolean("retryable")).isFalse();
    }

    @Test
    void labelsAnAuthorizationEndpointsOwnWordsAndRedactsTheStateFromThem() {
        CallbackOutcome outcome = callbacks.finish(flow, new AuthorizationResponse(null, STATE, issuer,
                new OAuthError("access_denied", "User said no to " + STATE, null)));

        assertThat(outcome.message()).isEqualTo("The sign-in was cancelled or access was denied. The authorization"
                + " server said: \u201cUser said no to [redacted]\u201d");
        assertThat(as1.requests()).isEmpty();
    }

    /** An authorization server whose token endpoint grants the given JSON. */
    void tokenEndpointGrants(String json) {
        as1.handle("/token", exchange -> {
            tokenRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
    }

    @Test
    void refusesAnAnswerThatArrivesOnceTheFlowExpiredAndSendsNoTokenRequest() {
        tokenEndpointGrants("{\"access_token\":\"at\",\"token_type\":\"Bearer\"}");
        SettableClock clock = new SettableClock(NOW);
        callbacks.clock = clock;
        FlowStore claims = callbacks.flows;
        callbacks.flows = new FlowStore() {
            @Override
            public Optional<PendingAuthorization> byStateHash(String stateHash) {
                return Optional.of(flow).filter(known -> stateHash.equals(StateToken.hash(STATE)));
            }

            @Override
            public void update(String flowId, Consumer<PendingAuthorization> change) {
                claims.update(flowId, change);
            }
        };
        clock.advance(Duration.ofSeconds(300));

        CallbackOutcome outcome = callbacks.callback(Map.of("code", List.of(CODE), "state", List.of(STATE),
                "iss", List.of(issuer)), cookie -> Optional.empty());

        assertThat(outcome.code()).isEqualTo("state_expired");
        assertThat(flow.status()).isEqualTo(AuthorizationStatus.EXPIRED);
        assertThat(as1.requests()).isEmpty();
    }

    @Test
    void storesTheGrantWithTheLifetimeCountedFromTheAnswerOrTheDefaultWhenTheServerNamesNone() {
        SettableClock clock = new SettableClock(NOW);
        callbacks.clock = clock;
        List<Instant> stored = new ArrayList<>();
        callbacks.tokens = new TokenStore() {
            @Override
            public void save(String connectionId, String savedIssuer, TokenResponse tokens, DpopKey dpop,
                    String scopes, Instant now, Instant expiresAt) {
                assertThat(now).isEqualTo(clock.instant());
                assertThat(dpop).as("the flow did not start with DPoP").isNull();
                stored.add(expiresAt);
            }
        };
        callbacks.connections = new Connections() {
            @Override
            public void connected(String connectionId, String connectedIssuer, String grantedScopes) {
                statusDetails.add("connected");
            }
        };
        clock.advance(Duration.ofSeconds(42));
        tokenEndpointGrants("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":120}");

        CallbackOutcome outcome = answer();

        assertThat(outcome.connected()).as(outcome.message()).isTrue();
        assertThat(stored).containsExactly(NOW.plusSeconds(42 + 120));
        assertThat(flow.status()).isEqualTo(AuthorizationStatus.COMPLETED);
        assertThat(outcome.message()).contains(NOW.plusSeconds(162).toString());
    }

    @Test
    void aDpopFlowExchangesTheCodeWithAProofOfANewKeyAndStoresTheKey() {
        flow.useDpop(true);
        List<DpopKey> keys = new ArrayList<>();
        callbacks.tokens = new TokenStore() {
            @Override
            public void save(String connectionId, String savedIssuer, TokenResponse tokens, DpopKey dpop,
                    String scopes, Instant now, Instant expiresAt) {
                assertThat(tokens.isDpopBound()).isTrue();
                keys.add(dpop);
            }
        };
        callbacks.connections = new Connections() {
            @Override
            public void connected(String connectionId, String connectedIssuer, String grantedScopes) {
                statusDetails.add("connected");
            }
        };
        List<String> proofs = new ArrayList<>();
        as1.handle("/token", exchange -> {
            proofs.add(exchange.getRequestHeaders().getFirst("DPoP"));
            byte[] answer = "{\"access_token\":\"at\",\"token_type\":\"DPoP\",\"expires_in\":120}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });

        CallbackOutcome outcome = answer();

        assertThat(outcome.connected()).as(outcome.message()).isTrue();
        assertThat(keys).singleElement().isNotNull();
        assertThat(proofs).singleElement().isNotNull();
        String header = new String(java.util.Base64.getUrlDecoder().decode(proofs.get(0).split("\\.")[0]),
                StandardCharsets.UTF_8);
        assertThat(header).contains(keys.get(0).publicJwk().getString("x")).doesNotContain("\"d\"");
    }
}
