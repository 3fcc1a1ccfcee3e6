package dev.mcpoauth.token.control;

import static dev.mcpoauth.testing.OAuthWire.basicCredentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.oauth.control.FormServer;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Rejected;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Transient;
import dev.mcpoauth.token.entity.TokenResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

    static final String CODE = "SplxlOBeZQQYbYS6WxSbIA";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String REDIRECT_URI = "https://broker.example.com/oauth/callback";
    static final String RESOURCE = "https://mcp.example.com/mcp";
    static final String CLIENT_ID = "urn:client:1";
    static final String SECRET = "p%ss wörd:+";
    static final String TOKENS = """
            {"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600,
             "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA","scope":"mcp:read"}""";
    static final int LIMIT = 4096;
    static final Duration READ_TIMEOUT = Duration.ofMillis(1500);

    FormServer server;
    TokenEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        server = new FormServer();
        endpoint = new TokenEndpoint(FormServer.formPost(READ_TIMEOUT, LIMIT));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    TokenResponse exchange(ClientAuthentication client) {
        return endpoint.exchangeCode(server.url("/token"), client, CODE, VERIFIER, REDIRECT_URI, RESOURCE, Map.of());
    }

    Throwable exchangeFailure() {
        return catchThrowable(() -> exchange(ClientAuthentication.of("client_secret_basic", CLIENT_ID, SECRET)));
    }

    FormServer.Received onlyRequest() {
        assertThat(server.received).hasSize(1);
        return server.received.get(0);
    }

    @Test
    void exchangesACodeWithBasicAuthentication() {
        server.json("/token", 200, TOKENS);

        TokenResponse tokens = exchange(ClientAuthentication.of("client_secret_basic", CLIENT_ID, SECRET));

        assertThat(tokens.accessToken()).isEqualTo("2YotnFZFEjr1zCsicMWpAA");
        assertThat(tokens.refreshToken()).isEqualTo("tGzv3JOkF0XG5Qx2TlKWIA");
        FormServer.Received request = onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).contains("application/x-www-form-urlencoded");
        assertThat(request.header("Accept")).contains("application/json");
        assertThat(basicCredentials(request.header("Authorization").orElseThrow())).containsExactly(CLIENT_ID, SECRET);
        assertThat(request.form()).containsExactly(
                Map.entry("grant_type", "authorization_code"),
                Map.entry("code", CODE),
                Map.entry("redirect_uri", REDIRECT_URI),
                Map.entry("code_verifier", VERIFIER),
                Map.entry("resource", RESOURCE));
    }

    @Test
    void exchangesACodeWithPostAuthentication() {
        server.json("/token", 200, TOKENS);

        exchange(ClientAuthentication.of("client_secret_post", CLIENT_ID, SECRET));

        FormServer.Received request = onlyRequest();
        assertThat(request.header("Authorization")).isEmpty();
        assertThat(request.form()).containsEntry("client_id", CLIENT_ID).containsEntry("client_secret", SECRET);
    }

    @Test
    void exchangesACodeAsAPublicClient() {
        server.json("/token", 200, TOKENS);

        exchange(ClientAuthentication.none(CLIENT_ID));

        FormServer.Received request = onlyRequest();
        assertThat(request.header("Authorization")).isEmpty();
        assertThat(request.form()).containsEntry("client_id", CLIENT_ID).doesNotContainKey("client_secret");
    }

    @Test
    void sendsTheResourceByteForByteAndLeavesItOutWhenOptedOut() {
        server.json("/token", 200, TOKENS);
        ClientAuthentication client = ClientAuthentication.none(CLIENT_ID);

        endpoint.exchangeCode(server.url("/token"), client, CODE, VERIFIER, REDIRECT_URI, "https://mcp.example.com/a%2Fb?x=1", Map.of());
        endpoint.exchangeCode(server.url("/token"), client, CODE, VERIFIER, REDIRECT_URI, null, Map.of());

        assertThat(server.received.get(0).form()).containsEntry("resource", "https://mcp.example.com/a%2Fb?x=1");
        assertThat(server.received.get(1).form()).doesNotContainKey("resource");
    }

    @Test
    void refreshesWithScopeAndResource() {
        server.json("/token", 200, TOKENS);

        TokenResponse tokens = endpoint.refresh(server.url("/token"),
                ClientAuthentication.of("client_secret_post", CLIENT_ID, SECRET), "tGzv3JOkF0XG5Qx2TlKWIA", RESOURCE, "mcp:read", Map.of());

        assertThat(tokens.expiresIn()).isEqualTo(3600);
        assertThat(onlyRequest().form()).containsExactly(
                Map.entry("grant_type", "refresh_token"),
                Map.entry("refresh_token", "tGzv3JOkF0XG5Qx2TlKWIA"),
                Map.entry("scope", "mcp:read"),
                Map.entry("resource", RESOURCE),
                Map.entry("client_id", CLIENT_ID),
                Map.entry("client_secret", SECRET));
    }

    @Test
    void addsTheIdentityProvidersExtraParametersButNeverInPlaceOfTheProtocolsOwn() {
        server.json("/token", 200, TOKENS);

        endpoint.exchangeCode(server.url("/token"), ClientAuthentication.none(CLIENT_ID), CODE, VERIFIER, REDIRECT_URI,
                RESOURCE, Map.of("audience", "https://api.example.com", "redirect_uri", "https://evil.example/cb"));
        endpoint.refresh(server.url("/token"), ClientAuthentication.none(CLIENT_ID), "rt", null, null,
                Map.of("audience", "https://api.example.com"));

        List<Map<String, String>> forms = server.received("/token").stream().map(FormServer.Received::form).toList();
        assertThat(forms).allSatisfy(form -> assertThat(form).containsEntry("audience", "https://api.example.com"));
        assertThat(forms.get(0)).containsEntry("redirect_uri", REDIRECT_URI);
    }

    @Test
    void refreshesWithoutScopeOrResourceWhenNotGiven() {
        server.json("/token", 200, TOKENS);

        endpoint.refresh(server.url("/token"), ClientAuthentication.none(CLIENT_ID), "rt", null, null, Map.of());

        assertThat(onlyRequest().form()).containsOnlyKeys("grant_type", "refresh_token", "client_id");
    }

    @Test
    void reportsInvalidGrantAsARejectionThatRequiresReauthorization() {
        server.json("/token", 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Code expired\"}");

        Rejected rejected = catchThrowableOfType(Rejected.class, () -> exchange(ClientAuthentication.none(CLIENT_ID)));

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.error().requiresReauthorization()).isTrue();
        assertThat(rejected.error().errorDescription()).as("upstream free text is not kept").isNull();
    }

    @Test
    void reportsInvalidClientWithItsChallenge() {
        server.json("/token", 401, "{\"error\":\"invalid_client\"}", "WWW-Authenticate", "Basic realm=\"as.example.com\"");

        Rejected rejected = catchThrowableOfType(Rejected.class,
                () -> exchange(ClientAuthentication.of("client_secret_basic", CLIENT_ID, SECRET)));

        assertThat(rejected.status()).isEqualTo(401);
        assertThat(rejected.error().isInvalidClient()).isTrue();
    }

    @Test
    void reportsAnErrorSentWithHttp200AsARejection() {
        server.json("/token", 200, "{\"error\":\"bad_verification_code\",\"error_description\":\"The code is incorrect\"}");

        assertThat(exchangeFailure()).isInstanceOf(Rejected.class);
    }

    @Test
    void reportsServiceUnavailableAsTransient() {
        server.answer("/token", 503, null, "", "Retry-After", "30");

        assertThat(exchangeFailure()).isInstanceOf(Transient.class).hasMessageContaining("HTTP 503");
    }

    @Test
    void reportsTemporarilyUnavailableAsTransient() {
        server.json("/token", 503, "{\"error\":\"temporarily_unavailable\"}");

        Transient failure = catchThrowableOfType(Transient.class, () -> exchange(ClientAuthentication.none(CLIENT_ID)));

        assertThat(failure.error()).hasValueSatisfying(error -> assertThat(error.error()).isEqualTo("temporarily_unavailable"));
    }

    @Test
    void reportsAnHtmlServerErrorPageAsTransient() {
        server.answer("/token", 500, "text/html", "<html><body><h1>Internal Server Error</h1></body></html>");

        assertThat(exchangeFailure()).isInstanceOf(Transient.class).hasMessageContaining("HTTP 500");
    }

    @Test
    void neverFollowsARedirect() {
        server.answer("/token", 302, null, "", "Location", server.url("/elsewhere"));
        server.json("/elsewhere", 200, TOKENS);

        assertThat(exchangeFailure()).isInstanceOf(BadResponse.class).hasMessageContaining("redirect");
        assertThat(server.received("/elsewhere")).isEmpty();
    }

    @Test
    void refusesASuccessThatIsNotJson() {
        server.answer("/token", 200, "application/x-www-form-urlencoded", "access_token=abc&token_type=bearer");

        assertThat(exchangeFailure()).isInstanceOf(BadResponse.class).hasMessageContaining("JSON object");
    }

    @Test
    void refusesASuccessWithoutAccessToken() {
        server.json("/token", 200, "{\"token_type\":\"Bearer\",\"expires_in\":60}");

        assertThat(exchangeFailure()).isInstanceOf(BadResponse.class).hasMessageContaining("access_token");
    }

    @Test
    void refusesATokenThatIsNotBearer() {
        server.json("/token", 200, "{\"access_token\":\"abc\",\"token_type\":\"mac\"}");

        assertThat(exchangeFailure()).isInstanceOf(BadResponse.class).hasMessageContaining("Bearer");
    }

    @Test
    void refusesAnOversizedBody() {
        server.streamLarge("/token", 100 * 1024);

        assertThat(exchangeFailure()).isInstanceOf(BadResponse.class).hasMessageContaining("limit");
    }

    @Test
    void givesUpAfterTheReadTimeoutAndCallsThatTransient() {
        server.stall("/token");

        Throwable failure = exchangeFailure();

        // 'timed out', not 'could not be reached': the server only closes after a minute
        assertThat(failure).isInstanceOf(Transient.class).hasMessageContaining("timed out");
        assertThat(server.received("/token")).hasSize(1);
    }

    @Test
    void tellsAServerErrorFromNoAnswerInPlainWordsBothStayingTransient() throws IOException {
        server.answer("/token", 500, "text/html", "<h1>Internal Server Error</h1>");
        Transient failed = catchThrowableOfType(Transient.class, () -> exchange(ClientAuthentication.none(CLIENT_ID)));
        assertThat(failed.answered()).isTrue();
        assertThat(failed.plainReason()).isEqualTo("failed (HTTP 500)");

        server.json("/token", 503, "{\"error\":\"temporarily_unavailable\"}");
        assertThat(catchThrowableOfType(Transient.class, () -> exchange(ClientAuthentication.none(CLIENT_ID)))
                .plainReason()).isEqualTo("is temporarily unavailable (temporarily_unavailable, HTTP 503)");

        server.stall("/token");
        Transient silent = catchThrowableOfType(Transient.class, () -> exchange(ClientAuthentication.none(CLIENT_ID)));
        assertThat(silent.answered()).isFalse();
        assertThat(silent.plainReason()).isEqualTo("did not answer in time");

        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        int closed = port;
        assertThat(catchThrowableOfType(Transient.class, () -> endpoint.exchangeCode("http://127.0.0.1:" + closed
                + "/token", ClientAuthentication.none(CLIENT_ID), CODE, VERIFIER, REDIRECT_URI, null, Map.of())).plainReason())
                .isEqualTo("could not be reached");
    }

    @Test
    void attemptsACodeExchangeExactlyOnceWhenItFailsTransiently() throws InterruptedException {
        server.answer("/token", 503, null, "");

        assertThat(exchangeFailure()).isInstanceOf(Transient.class);
        Thread.sleep(200);

        assertThat(server.received("/token")).hasSize(1);
    }

    @Test
    void neverPutsTheCodeVerifierSecretOrTokensInMessages() {
        server.json("/token", 400, "{\"error\":\"invalid_grant\",\"error_description\":\"bad\"}");
        Throwable rejected = exchangeFailure();
        server.json("/token", 200, "{\"access_token\":\"2YotnFZFEjr1zCsicMWpAA\",\"token_type\":\"mac\"}");
        Throwable bad = exchangeFailure();
        server.json("/token", 400, "{\"error\":\"invalid_grant\"}");
        Throwable refreshRejected = catchThrowable(() -> endpoint.refresh(server.url("/token"),
                ClientAuthentication.of("client_secret_post", CLIENT_ID, SECRET), "tGzv3JOkF0XG5Qx2TlKWIA", null, null, Map.of()));

        for (Throwable failure : List.of(rejected, bad, refreshRejected)) {
            assertThat(failure.getMessage()).doesNotContain(CODE).doesNotContain(VERIFIER).doesNotContain(SECRET)
                    .doesNotContain("2YotnFZFEjr1zCsicMWpAA").doesNotContain("tGzv3JOkF0XG5Qx2TlKWIA");
        }
    }
}
