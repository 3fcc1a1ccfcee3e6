package dev.mcpoauth.token.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mcpoauth.dpop.control.DpopNonces;
import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.oauth.control.FormServer;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Rejected;
import dev.mcpoauth.token.entity.TokenResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 9449 §5 and §8 at the token endpoint: a proof per request, one replay after use_dpop_nonce. */
class TokenEndpointDpopTest {

    static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    static final String BOUND = "{\"access_token\":\"at-bound\",\"token_type\":\"DPoP\",\"expires_in\":300,"
            + "\"refresh_token\":\"rt-1\"}";
    static final String NONCE_PLEASE = "{\"error\":\"use_dpop_nonce\",\"error_description\":\"nonce required\"}";
    static final ClientAuthentication CLIENT = ClientAuthentication.none("client-1");
    static final DpopKey KEY = DpopKey.generate();

    FormServer server;
    DpopNonces nonces;
    TokenEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        server = new FormServer();
        nonces = new DpopNonces();
        endpoint = new TokenEndpoint(FormServer.formPost(Duration.ofSeconds(2), 4096), nonces,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    TokenResponse exchange(DpopKey key) {
        return endpoint.exchangeCode(server.url("/token"), CLIENT, "code-1", "verifier-1",
                "https://broker.example.com/oauth/callback", null, Map.of(), key);
    }

    static JsonObject claims(FormServer.Received request) {
        String proof = request.header("DPoP").orElseThrow();
        byte[] json = Base64.getUrlDecoder().decode(proof.split("\\.")[1]);
        return Json.createReader(new StringReader(new String(json, StandardCharsets.UTF_8))).readObject();
    }

    /** Answers use_dpop_nonce until a proof carries the nonce, as oidc-provider with requireNonce does. */
    void requireNonce(String nonce) {
        AtomicInteger asked = new AtomicInteger();
        server.handle("/token", exchange -> {
            asked.incrementAndGet();
            String proof = exchange.getRequestHeaders().getFirst("DPoP");
            byte[] json = Base64.getUrlDecoder().decode(proof.split("\\.")[1]);
            boolean carries = new String(json, StandardCharsets.UTF_8).contains("\"nonce\":\"" + nonce + "\"");
            byte[] body = (carries ? BOUND : NONCE_PLEASE).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("DPoP-Nonce", nonce);
            exchange.sendResponseHeaders(carries ? 200 : 400, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @Test
    void sendsAProofOfTheKeyAndAcceptsTheBoundToken() {
        server.json("/token", 200, BOUND);

        TokenResponse tokens = exchange(KEY);

        assertThat(tokens.isDpopBound()).isTrue();
        FormServer.Received request = server.received("/token").get(0);
        JsonObject claims = claims(request);
        assertThat(claims.getString("htm")).isEqualTo("POST");
        assertThat(claims.getString("htu")).isEqualTo(server.url("/token"));
        assertThat(claims.getJsonNumber("iat").longValueExact()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims).doesNotContainKeys("ath", "nonce");
        assertThat(request.form()).doesNotContainKey("DPoP").as("the proof is a header, never a parameter");
    }

    @Test
    void sendsACodeExchangeOnceMoreWithTheNonceOfAUseDpopNonceRefusal() {
        requireNonce("n-1");

        TokenResponse tokens = exchange(KEY);

        assertThat(tokens.accessToken()).isEqualTo("at-bound");
        List<FormServer.Received> requests = server.received("/token");
        assertThat(requests).hasSize(2);
        assertThat(claims(requests.get(0))).doesNotContainKey("nonce");
        assertThat(claims(requests.get(1)).getString("nonce")).isEqualTo("n-1");
        assertThat(claims(requests.get(1)).getString("jti")).isNotEqualTo(claims(requests.get(0)).getString("jti"));
        assertThat(requests.get(1).form()).isEqualTo(requests.get(0).form());
    }

    @Test
    void remembersTheNonceForTheNextRequest() {
        requireNonce("n-2");
        exchange(KEY);

        endpoint.refresh(server.url("/token"), CLIENT, "rt-1", null, null, Map.of(), KEY);

        assertThat(server.received("/token")).hasSize(3);
        assertThat(claims(server.received("/token").get(2)).getString("nonce")).isEqualTo("n-2");
        assertThat(nonces.latest(server.url("/token"))).contains("n-2");
    }

    @Test
    void replaysOnlyOnce() {
        server.json("/token", 400, NONCE_PLEASE, "DPoP-Nonce", "always-new");

        Throwable refused = catchThrowable(() -> exchange(KEY));

        assertThat(refused).isInstanceOf(Rejected.class);
        assertThat(((Rejected) refused).error().error()).isEqualTo("use_dpop_nonce");
        assertThat(server.received("/token")).hasSize(2);
    }

    @Test
    void neverReplaysABearerRequestNorOneWithoutANonce() {
        server.json("/token", 400, NONCE_PLEASE, "DPoP-Nonce", "n-3");
        catchThrowable(() -> exchange(null));
        assertThat(server.received("/token")).hasSize(1);
        assertThat(server.received("/token").get(0).header("DPoP")).isEmpty();

        server.json("/token", 400, NONCE_PLEASE);
        catchThrowable(() -> exchange(KEY));
        assertThat(server.received("/token")).hasSize(2);
    }

    @Test
    void refusesADpopTokenTypeForARequestWithoutProof() {
        server.json("/token", 200, BOUND);

        Throwable refused = catchThrowable(() -> exchange(null));

        assertThat(refused).isInstanceOf(BadResponse.class).hasMessageContaining("DPoP-bound token")
                .hasMessageNotContaining("at-bound");
    }

    @Test
    void takesABearerAnswerToAProof() {
        // the authorization server may ignore the proof (RFC 9449 §5): the token is then a bearer token
        server.json("/token", 200, "{\"access_token\":\"at-plain\",\"token_type\":\"Bearer\"}");

        assertThat(exchange(KEY).isDpopBound()).isFalse();
    }

    @Test
    void neverPutsTheProofInAMessage() {
        server.json("/token", 400, "{\"error\":\"invalid_dpop_proof\"}");

        Throwable refused = catchThrowable(() -> exchange(KEY));

        String proof = server.received("/token").get(0).header("DPoP").orElseThrow();
        assertThat(refused.getMessage()).doesNotContain(proof).doesNotContain(proof.split("\\.")[2]);
    }
}
