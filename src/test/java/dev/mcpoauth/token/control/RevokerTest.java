package dev.mcpoauth.token.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.oauth.control.FormServer;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Rejected;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Transient;
import dev.mcpoauth.token.entity.Revocation;
import dev.mcpoauth.token.entity.TokenRevocation;
import dev.mcpoauth.token.entity.TokenTypeHint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RevokerTest {

    static final String REFRESH_TOKEN = "tGzv3JOkF0XG5Qx2TlKWIA";
    static final ClientAuthentication CLIENT = ClientAuthentication.of("client_secret_post", "client-1", "secret-1");

    FormServer server;
    Revoker revoker;

    @BeforeEach
    void start() throws IOException {
        server = new FormServer();
        revoker = new Revoker(FormServer.formPost(Duration.ofMillis(1500), 4096));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Revocation revoke(TokenTypeHint hint) {
        return revoker.revoke(server.url("/revoke"), CLIENT, REFRESH_TOKEN, hint);
    }

    TokenRevocation attempt(TokenTypeHint hint) {
        return revoker.attempt(server.url("/revoke"), CLIENT, REFRESH_TOKEN, hint);
    }

    @Test
    void revokesARefreshTokenWithTheHintAndTheRegisteredClientAuthentication() {
        server.answer("/revoke", 200, null, "");

        assertThat(revoke(TokenTypeHint.REFRESH_TOKEN)).isEqualTo(Revocation.REVOKED);

        assertThat(server.received).singleElement().satisfies(request -> assertThat(request.form()).containsExactly(
                Map.entry("token", REFRESH_TOKEN),
                Map.entry("token_type_hint", "refresh_token"),
                Map.entry("client_id", "client-1"),
                Map.entry("client_secret", "secret-1")));
    }

    @Test
    void authenticatesWithBasicWhenRegisteredSo() {
        server.answer("/revoke", 200, null, "");

        revoker.revoke(server.url("/revoke"), ClientAuthentication.of("client_secret_basic", "client-1", "secret-1"),
                "at", TokenTypeHint.ACCESS_TOKEN);

        FormServer.Received request = server.received.get(0);
        assertThat(request.header("Authorization")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic "));
        assertThat(request.form()).containsOnlyKeys("token", "token_type_hint")
                .containsEntry("token_type_hint", "access_token");
    }

    @Test
    void countsHttp200AsRevokedEvenWithABodyForAnUnknownToken() {
        server.json("/revoke", 200, "{}");

        assertThat(revoke(TokenTypeHint.ACCESS_TOKEN)).isEqualTo(Revocation.REVOKED);
    }

    @Test
    void countsHttp200WithAnInvalidTokenBodyAsRevokedAsRfc7009Says() {
        // Keycloak's answer for an access token that is already dead (RFC 7009 §2.2: still 200)
        server.json("/revoke", 200, "{\"error\":\"invalid_token\",\"error_description\":\"Token is not active\"}");

        assertThat(revoke(TokenTypeHint.ACCESS_TOKEN)).isEqualTo(Revocation.REVOKED);
        assertThat(attempt(TokenTypeHint.ACCESS_TOKEN)).isEqualTo(TokenRevocation.REVOKED);
    }

    @Test
    void anAttemptReportsARefusalAsFailedWithTheCodeAndStatusOnly() {
        server.json("/revoke", 401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret-1\"}");

        TokenRevocation result = attempt(TokenTypeHint.REFRESH_TOKEN);

        assertThat(result.result()).isEqualTo(TokenRevocation.Result.FAILED);
        assertThat(result.detail()).contains("refused", "invalid_client", "HTTP 401")
                .doesNotContain("secret-1").doesNotContain(REFRESH_TOKEN);
    }

    @Test
    void anAttemptTellsAServerFailureFromNoAnswer() throws IOException {
        server.answer("/revoke", 500, "text/html", "<h1>oops</h1>");
        assertThat(attempt(TokenTypeHint.REFRESH_TOKEN))
                .isEqualTo(TokenRevocation.failed("the authorization server failed (HTTP 500)"));

        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        assertThat(revoker.attempt("http://127.0.0.1:" + port + "/revoke", CLIENT, REFRESH_TOKEN,
                TokenTypeHint.REFRESH_TOKEN))
                .isEqualTo(TokenRevocation.failed("the authorization server could not be reached"));
    }

    @Test
    void anAttemptReportsAnUnsupportedTokenTypeAsSuch() {
        server.json("/revoke", 400, "{\"error\":\"unsupported_token_type\"}");

        assertThat(attempt(TokenTypeHint.ACCESS_TOKEN)).isEqualTo(TokenRevocation.UNSUPPORTED);
    }

    @Test
    void reportsServiceUnavailableAsTransient() {
        server.answer("/revoke", 503, null, "", "Retry-After", "60");

        assertThat(catchThrowable(() -> revoke(TokenTypeHint.REFRESH_TOKEN))).isInstanceOf(Transient.class);
    }

    @Test
    void reportsUnsupportedTokenTypeAsSuch() {
        server.json("/revoke", 400, "{\"error\":\"unsupported_token_type\"}");

        assertThat(revoke(TokenTypeHint.ACCESS_TOKEN)).isEqualTo(Revocation.UNSUPPORTED_TOKEN_TYPE);
    }

    @Test
    void reportsOtherErrorsAsRejections() {
        server.json("/revoke", 401, "{\"error\":\"invalid_client\"}");

        Rejected rejected = catchThrowableOfType(Rejected.class, () -> revoke(TokenTypeHint.REFRESH_TOKEN));

        assertThat(rejected.error().isInvalidClient()).isTrue();
        assertThat(rejected.getMessage()).doesNotContain(REFRESH_TOKEN).doesNotContain("secret-1");
    }

    @Test
    void neverFollowsARedirect() {
        server.answer("/revoke", 307, null, "", "Location", server.url("/elsewhere"));

        assertThat(catchThrowable(() -> revoke(TokenTypeHint.REFRESH_TOKEN))).isInstanceOf(BadResponse.class);
        assertThat(server.received("/elsewhere")).isEmpty();
    }
}
