package dev.mcpoauth.registration.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import dev.mcpoauth.discovery.StubServer;
import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.events.entity.ClientRegistered;
import dev.mcpoauth.events.entity.ClientRegistrationFailed;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.RecordedEvents;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.registration.control.BrokerClient;
import dev.mcpoauth.registration.control.ClientRegistrar;
import dev.mcpoauth.registration.entity.ClientRegistration;
import dev.mcpoauth.registration.entity.OAuthClient;
import dev.mcpoauth.registration.entity.RegistrationMethod;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.server.entity.AuthMode;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.PkcePolicy;
import dev.mcpoauth.testing.SettableClock;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's client at an authorization server, in the MCP spec's order (pre-registered, Client
 * ID Metadata Document, dynamic registration) against an authorization server on loopback: one
 * registration per issuer, reused until it is dropped or its secret expires, and a flow only ever
 * gets back the very client it started with.
 */
class RegistrationsTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final String HTTPS_BROKER = "https://broker.example.com";
    static final String LOCAL_BROKER = "http://127.0.0.1:8080";
    static final String PRE_REGISTERED_SECRET = "pre-registered-s3cret";

    final StubServer as = new StubServer();
    final String issuer = as.origin();
    final SettableClock clock = new SettableClock(NOW);
    final RecordedEvents events = new RecordedEvents();
    final StoredRegistrations store = new StoredRegistrations();
    final SecretSealer sealer = new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));
    final List<JsonObject> registrationRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger issued = new AtomicInteger();
    final McpServer server = new McpServer("files", "https://mcp.example.com/mcp", NOW);
    final EventSubject subject = new EventSubject(NOW, "alice", "alice", server.id(), "connection-1", null);
    Long secretLifetimeSeconds;
    Registrations registrations;

    RegistrationsTest() throws IOException {
    }

    @BeforeEach
    void wire() {
        server.describe("files", server.url(), AuthMode.OAUTH2, NOW);
        as.handle("/register", this::register);
        registrations = registrationsFor(LOCAL_BROKER);
    }

    @AfterEach
    void stop() {
        as.close();
    }

    Registrations registrationsFor(String publicBaseUrl) {
        Registrations built = new Registrations();
        built.store = store;
        built.registrar = new ClientRegistrar(new UrlGuard(true, List.of(), InetAddress::getAllByName),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 65536);
        built.broker = new BrokerClient(publicBaseUrl, "MCP OAuth Broker", Optional.empty());
        built.sealer = sealer;
        built.events = events;
        built.clock = clock;
        return built;
    }

    /** RFC 7591 §3.2.1: a new client id and secret for every registration. */
    void register(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            registrationRequests.add(reader.readObject());
        }
        int n = issued.incrementAndGet();
        JsonObjectBuilder client = Json.createObjectBuilder().add("client_id", "dcr-client-" + n)
                .add("client_secret", "dcr-s3cret-" + n).add("token_endpoint_auth_method", "client_secret_basic");
        if (secretLifetimeSeconds != null) {
            client.add("client_secret_expires_at", NOW.getEpochSecond() + secretLifetimeSeconds);
        }
        byte[] answer = client.build().toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(201, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    AuthorizationServerMetadata metadata(boolean dynamicRegistration, boolean metadataDocuments) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("issuer", issuer)
                .add("authorization_endpoint", issuer + "/authorize")
                .add("token_endpoint", issuer + "/token")
                .add("token_endpoint_auth_methods_supported", Json.createArrayBuilder()
                        .add("client_secret_basic").add("client_secret_post").add("none"))
                .add("client_id_metadata_document_supported", metadataDocuments);
        if (dynamicRegistration) {
            json.add("registration_endpoint", issuer + "/register");
        }
        return AuthorizationServerMetadata.fromJSON(json.build(), issuer, true);
    }

    AuthorizationServerMetadata everyWay() {
        return metadata(true, true);
    }

    void preRegister(String atIssuer) {
        server.overrideOAuth(atIssuer, null, true, PkcePolicy.REQUIRE_ADVERTISED, Duration.ofHours(1), NOW);
        server.preRegister("pre-client", PRE_REGISTERED_SECRET, null, sealer, NOW);
    }

    List<String> registrationsSent() {
        return as.requests().stream().filter("/register"::equals).toList();
    }

    @Test
    void usesThePreRegisteredClientFirstAndRegistersNothing() {
        preRegister(issuer);

        OAuthClient client = registrations.clientFor(server, everyWay(), subject);

        assertThat(client.method()).isEqualTo(RegistrationMethod.PRE_REGISTERED);
        assertThat(client.clientId()).isEqualTo("pre-client");
        assertThat(client.clientSecret()).isEqualTo(PRE_REGISTERED_SECRET);
        assertThat(client.tokenEndpointAuthMethod()).as("negotiated: a secret goes in the header")
                .isEqualTo("client_secret_basic");
        assertThat(client.registration()).isEmpty();
        assertThat(as.requests()).isEmpty();
        assertThat(store.rows).isEmpty();
        assertThat(events.fired).isEmpty();
    }

    @Test
    void neverPresentsAPreRegisteredClientToAnotherIssuer() {
        preRegister("https://as.elsewhere.example.com");

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> registrations.clientFor(server, everyWay(), subject));

        assertThat(refused.problem()).isEqualTo(Problem.CONFIGURATION_MISMATCH);
        assertThat(refused.getMessage()).contains("pre-client", "https://as.elsewhere.example.com", issuer);
        assertThat(as.requests()).isEmpty();
        assertThat(events.fired).singleElement().isInstanceOfSatisfying(ClientRegistrationFailed.class,
                failed -> assertThat(failed.errorCode()).isEqualTo("CONFIGURATION_MISMATCH"));
    }

    @Test
    void prefersTheClientIdMetadataDocumentToDynamicRegistration() {
        registrations = registrationsFor(HTTPS_BROKER);

        OAuthClient client = registrations.clientFor(server, everyWay(), subject);

        assertThat(client.method()).isEqualTo(RegistrationMethod.CLIENT_ID_METADATA_DOCUMENT);
        assertThat(client.clientId()).isEqualTo(HTTPS_BROKER + BrokerClient.METADATA_DOCUMENT_PATH);
        assertThat(client.tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(client.secret()).isEmpty();
        assertThat(as.requests()).isEmpty();
        assertThat(events.fired).singleElement().isInstanceOfSatisfying(ClientRegistered.class,
                registered -> assertThat(registered.method()).isEqualTo("CLIENT_ID_METADATA_DOCUMENT"));
    }

    @Test
    void registersDynamicallyWhenTheBrokerHasNoMetadataDocumentUrl() {
        OAuthClient client = registrations.clientFor(server, everyWay(), subject);

        assertThat(client.method()).isEqualTo(RegistrationMethod.DYNAMIC);
        assertThat(client.clientId()).isEqualTo("dcr-client-1");
        assertThat(client.clientSecret()).isEqualTo("dcr-s3cret-1");
        assertThat(client.registration()).contains(store.rows.get(0).id());
        assertThat(registrationsSent()).hasSize(1);
        JsonObject metadata = registrationRequests.get(0);
        assertThat(metadata.getJsonArray("redirect_uris").getString(0)).isEqualTo(LOCAL_BROKER + "/oauth/callback");
        assertThat(metadata.getString("token_endpoint_auth_method")).isEqualTo("client_secret_basic");
        assertThat(events.fired).singleElement().isInstanceOfSatisfying(ClientRegistered.class, registered -> {
            assertThat(registered.clientId()).isEqualTo("dcr-client-1");
            assertThat(registered.details()).doesNotContain("dcr-s3cret-1");
        });
    }

    @Test
    void decidesByWhatTheServerOffersAndWhetherTheBrokerServesAMetadataDocument() {
        assertThat(registrationsFor(HTTPS_BROKER).method(server, metadata(false, true)))
                .isEqualTo(RegistrationMethod.CLIENT_ID_METADATA_DOCUMENT);
        assertThat(registrations.method(server, metadata(true, true))).isEqualTo(RegistrationMethod.DYNAMIC);
        assertThat(registrationsFor(HTTPS_BROKER).method(server, metadata(true, false)))
                .isEqualTo(RegistrationMethod.DYNAMIC);
        assertThat(as.requests()).as("deciding registers nothing").isEmpty();
    }

    @Test
    void tellsTheAdminWhatToRegisterWhenTheServerOffersNeitherWay() {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> registrations.clientFor(server, metadata(false, true), subject));

        assertThat(refused.problem()).isEqualTo(Problem.CLIENT_NOT_CONFIGURED);
        assertThat(refused.getMessage()).contains(LOCAL_BROKER + "/oauth/callback", "issuer " + issuer);
        assertThat(events.fired).singleElement().isInstanceOf(ClientRegistrationFailed.class);
    }

    @Test
    void reusesTheRegistrationAtAnIssuerForEveryConnection() {
        OAuthClient first = registrations.clientFor(server, everyWay(), subject);
        McpServer another = new McpServer("notes", "https://notes.example.com/mcp", NOW);

        OAuthClient again = registrations.clientFor(another, everyWay(), subject);

        assertThat(registrationsSent()).hasSize(1);
        assertThat(again).isEqualTo(first);
        assertThat(again.clientSecret()).as("opened from the stored registration").isEqualTo("dcr-s3cret-1");
        assertThat(events.fired).hasSize(1);
    }

    @Test
    void registersAgainOnceTheSecretHasExpired() {
        secretLifetimeSeconds = 60L;
        registrations.clientFor(server, everyWay(), subject);
        clock.advance(Duration.ofSeconds(59));
        assertThat(registrations.clientFor(server, everyWay(), subject).clientId()).isEqualTo("dcr-client-1");

        clock.advance(Duration.ofSeconds(1));
        OAuthClient renewed = registrations.clientFor(server, everyWay(), subject);

        assertThat(renewed.clientId()).isEqualTo("dcr-client-2");
        assertThat(registrationsSent()).hasSize(2);
        assertThat(store.rows).singleElement().extracting(ClientRegistration::clientId).isEqualTo("dcr-client-2");
    }

    @Test
    void afterInvalidClientDropsTheRegistrationTheNextFlowRegistersOnceMore() {
        OAuthClient rejected = registrations.clientFor(server, everyWay(), subject);

        assertThat(registrations.drop(issuer)).isTrue();
        OAuthClient renewed = registrations.clientFor(server, everyWay(), subject);
        OAuthClient reused = registrations.clientFor(server, everyWay(), subject);

        assertThat(renewed.clientId()).isNotEqualTo(rejected.clientId()).isEqualTo("dcr-client-2");
        assertThat(reused).isEqualTo(renewed);
        assertThat(registrationsSent()).hasSize(2);
        assertThat(registrations.drop(issuer)).isTrue();
        assertThat(registrations.drop(issuer)).as("nothing left to drop").isFalse();
    }

    @Test
    void concurrentFirstUsersCauseOneRegistrationAndAllUseItsClient() throws Exception {
        ExecutorService users = Executors.newFixedThreadPool(8);
        List<Future<OAuthClient>> clients = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int i = 0; i < 8; i++) {
                clients.add(users.submit(() -> {
                    start.await();
                    return registrations.clientFor(server, metadata(true, false), subject);
                }));
            }
            start.countDown();
            for (Future<OAuthClient> client : clients) {
                assertThat(client.get(30, TimeUnit.SECONDS).clientId()).isEqualTo("dcr-client-1");
            }
        } finally {
            users.shutdownNow();
        }
        assertThat(registrationsSent()).hasSize(1);
        assertThat(store.rows).hasSize(1);
        assertThat(store.lockHolders).as("whoever waited looked again under the lock").hasValueLessThanOrEqualTo(8);
    }

    @Test
    void usesTheClientAnotherNodeRegisteredFirst() {
        ClientRegistration theirs = new ClientRegistration(issuer, LOCAL_BROKER + "/oauth/callback",
                RegistrationMethod.DYNAMIC, "their-client", "none", NOW);
        store.storedFirstByAnotherNode = theirs;

        OAuthClient client = registrations.clientFor(server, everyWay(), subject);

        assertThat(client.clientId()).isEqualTo("their-client");
        assertThat(client.registration()).contains(theirs.id());
        assertThat(events.fired).as("this node registered nothing that is kept").isEmpty();
    }

    @Test
    void theRegistrationMadeWhenAServerIsSavedIsTheOneItsFirstFlowUses() {
        McpServer candidate = new McpServer("files", "https://mcp.example.com/mcp", NOW);
        EventSubject saving = new EventSubject(NOW, "root", null, null, null, null);

        OAuthClient atSave = registrations.clientFor(candidate, everyWay(), saving);
        OAuthClient atFirstFlow = registrations.clientFor(server, everyWay(), subject);

        assertThat(atFirstFlow).isEqualTo(atSave);
        assertThat(registrationsSent()).hasSize(1);
        assertThat(events.fired).singleElement().isInstanceOfSatisfying(ClientRegistered.class,
                registered -> assertThat(registered.subject()).isEqualTo(saving));
    }

    @Test
    void givesAFlowBackTheRegistrationItStartedWith() {
        OAuthClient started = registrations.clientFor(server, everyWay(), subject);

        Optional<OAuthClient> bound = registrations.boundClient(server, issuer, started.registration(),
                started.clientId(), started.tokenEndpointAuthMethod());

        assertThat(bound).contains(started);
    }

    @Test
    void givesAFlowNoClientOnceItsRegistrationWasReplaced() {
        OAuthClient started = registrations.clientFor(server, everyWay(), subject);
        registrations.drop(issuer);
        registrations.clientFor(server, everyWay(), subject);

        assertThat(registrations.boundClient(server, issuer, started.registration(), started.clientId(),
                started.tokenEndpointAuthMethod())).isEmpty();
    }

    @Test
    void givesAFlowNoClientWhenItsRegistrationNamesAnotherIssuerOrClient() {
        OAuthClient started = registrations.clientFor(server, everyWay(), subject);

        assertThat(registrations.boundClient(server, "https://as.elsewhere.example.com", started.registration(),
                started.clientId(), started.tokenEndpointAuthMethod())).isEmpty();
        assertThat(registrations.boundClient(server, issuer, started.registration(), "another-client",
                started.tokenEndpointAuthMethod())).isEmpty();
    }

    @Test
    void givesAFlowThePreRegisteredClientOnlyWhileItIsUnchanged() {
        preRegister(issuer);

        assertThat(registrations.boundClient(server, issuer, Optional.empty(), "pre-client", "client_secret_post"))
                .contains(new OAuthClient(issuer, RegistrationMethod.PRE_REGISTERED, "pre-client",
                        PRE_REGISTERED_SECRET, "client_secret_post"));

        server.preRegister("new-client", null, null, sealer, NOW);
        assertThat(registrations.boundClient(server, issuer, Optional.empty(), "pre-client", "client_secret_post"))
                .as("the admin changed the client").isEmpty();

        preRegister("https://as.elsewhere.example.com");
        assertThat(registrations.boundClient(server, issuer, Optional.empty(), "pre-client", "client_secret_post"))
                .as("the admin changed the issuer").isEmpty();
    }

    /** The registrations table, one row per issuer and redirect URI as its unique constraint demands. */
    static final class StoredRegistrations extends RegistrationStore {

        final List<ClientRegistration> rows = new CopyOnWriteArrayList<>();
        ClientRegistration storedFirstByAnotherNode;

        @Override
        public Optional<ClientRegistration> find(String issuer, String redirectUri) {
            return rows.stream().filter(row -> row.issuer().equals(issuer) && row.redirectUri().equals(redirectUri))
                    .findFirst();
        }

        @Override
        public Optional<ClientRegistration> byId(String id) {
            return rows.stream().filter(row -> row.id().equals(id)).findFirst();
        }

        @Override
        public void add(ClientRegistration registration) {
            if (storedFirstByAnotherNode != null) {
                rows.add(storedFirstByAnotherNode);
                storedFirstByAnotherNode = null;
            }
            if (find(registration.issuer(), registration.redirectUri()).isPresent()) {
                throw new IllegalStateException("unique constraint (issuer, redirect_uri) violated");
            }
            rows.add(registration);
        }

        /** The database's row lock: one holder at a time, whichever node it is on. */
        final Object rowLock = new Object();
        final AtomicInteger lockHolders = new AtomicInteger();

        @Override
        public void ensureLock(String issuer, String redirectUri) {}

        @Override
        public <T> T underLock(String issuer, String redirectUri, Supplier<T> work) {
            synchronized (rowLock) {
                lockHolders.incrementAndGet();
                return work.get();
            }
        }

        @Override
        public boolean remove(String issuer, String redirectUri) {
            return rows.removeIf(row -> row.issuer().equals(issuer) && row.redirectUri().equals(redirectUri));
        }
    }
}
