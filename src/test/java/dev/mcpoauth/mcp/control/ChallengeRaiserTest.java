package dev.mcpoauth.mcp.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ChallengeRaiserTest {

    static HttpResponse.ResponseInfo response(int status, String... challenges) {
        HttpHeaders headers = HttpHeaders.of(Map.of("WWW-Authenticate", List.of(challenges)), (name, value) -> true);
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }

    static McpAuthorizationException raised(HttpResponse.ResponseInfo response) {
        Mono<Boolean> decision = Mono.from(new ChallengeRaiser().handle(null, response, McpTransportContext.EMPTY));
        try {
            decision.block();
        } catch (McpAuthorizationException e) {
            return e;
        }
        throw new AssertionError("no McpAuthorizationException");
    }

    @Test
    void raisesA401WithItsResourceMetadata() {
        McpAuthorizationException refused = raised(response(401,
                "Bearer error=\"invalid_token\", error_description=\"Token is not active\","
                        + " resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\""));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.isUnauthorized()).isTrue();
        assertThat(refused.isInsufficientScope()).isFalse();
        assertThat(refused.resourceMetadata()).contains("https://mcp.example.com/.well-known/oauth-protected-resource/mcp");
        assertThat(refused.getMessage()).isEqualTo("The MCP server answered 401 (invalid_token).");
    }

    @Test
    void raisesA403InsufficientScopeWithTheScopes() {
        McpAuthorizationException refused = raised(response(403,
                "Bearer error=\"insufficient_scope\", scope=\"mcp:read mcp:admin\", resource_metadata=\"https://m/prm\""));

        assertThat(refused.isInsufficientScope()).isTrue();
        assertThat(refused.challengedScopes()).containsExactly("mcp:read", "mcp:admin");
    }

    @Test
    void findsTheBearerChallengeAmongOthers() {
        McpAuthorizationException refused = raised(response(401, "Basic realm=\"x\"", "Bearer scope=\"files:read\""));

        assertThat(refused.challengedScopes()).containsExactly("files:read");
    }

    @Test
    void raisesWithoutAChallengeWhenNoneOrAMalformedOneIsSent() {
        assertThat(raised(response(401)).challenge()).isEmpty();
        assertThat(raised(response(403, "Bearer error=\"insufficient_scope")).challenge()).isEmpty();
        assertThat(raised(response(403)).isInsufficientScope()).isFalse();
    }

    @Test
    void neverAsksForAReplay() {
        assertThatThrownBy(() -> Mono.from(new ChallengeRaiser().handle(null, response(401), null)).block())
                .isInstanceOf(McpAuthorizationException.class);
    }
    static HttpResponse.ResponseInfo nonceChallenge(String nonce) {
        Map<String, List<String>> values = new java.util.HashMap<>();
        values.put("WWW-Authenticate", List.of("DPoP error=\"use_dpop_nonce\", error_description=\"nonce\""));
        if (nonce != null) {
            values.put("DPoP-Nonce", List.of(nonce));
        }
        HttpHeaders headers = HttpHeaders.of(values, (name, value) -> true);
        HttpResponse.ResponseInfo plain = response(401);
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return 401;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public HttpClient.Version version() {
                return plain.version();
            }
        };
    }

    static BearerHeader dpopHeader(dev.mcpoauth.dpop.control.DpopNonces nonces) {
        dev.mcpoauth.dpop.entity.DpopKey key = dev.mcpoauth.dpop.entity.DpopKey.generate();
        return new BearerHeader(TokenSource.of(() -> new dev.mcpoauth.token.entity.AccessToken("at-1", null, null, key)),
                java.net.URI.create("https://mcp.example.com/mcp?x=1"), nonces, java.time.Clock.systemUTC());
    }

    @Test
    void replaysADpopRequestOnceWithTheNonceOfAUseDpopNonceChallenge() {
        // RFC 9449 §9
        dev.mcpoauth.dpop.control.DpopNonces nonces = new dev.mcpoauth.dpop.control.DpopNonces();
        BearerHeader header = dpopHeader(nonces);
        ChallengeRaiser raiser = new ChallengeRaiser(header);

        Boolean replay = Mono.from(raiser.handle(null, nonceChallenge("rs-n-1"), header.capture())).block();

        assertThat(replay).isTrue();
        assertThat(raiser.maxRetries()).isEqualTo(1);
        assertThat(nonces.latest("https://mcp.example.com/mcp")).contains("rs-n-1");
        assertThat(raiser.stateless().handle(null, io.modelcontextprotocol.modern.client.transport.McpHttpResponseInfo
                .of(401, nonceChallenge("rs-n-2").headers()), header.capture()).block()).isTrue();
        assertThat(nonces.latest("https://mcp.example.com/mcp")).contains("rs-n-2");
    }

    @Test
    void neverReplaysWithoutANonceOrForABearerToken() {
        dev.mcpoauth.dpop.control.DpopNonces nonces = new dev.mcpoauth.dpop.control.DpopNonces();
        BearerHeader dpop = dpopHeader(nonces);
        assertThatThrownBy(() -> Mono.from(new ChallengeRaiser(dpop).handle(null, nonceChallenge(null), dpop.capture()))
                .block()).isInstanceOf(McpAuthorizationException.class);

        BearerHeader bearer = new BearerHeader(() -> "at-plain", java.net.URI.create("https://mcp.example.com/mcp"),
                nonces, java.time.Clock.systemUTC());
        assertThatThrownBy(() -> Mono.from(new ChallengeRaiser(bearer).handle(null, nonceChallenge("n"),
                bearer.capture())).block()).isInstanceOf(McpAuthorizationException.class);
        assertThat(new ChallengeRaiser(bearer).stateless().handle(null, io.modelcontextprotocol.modern.client.transport
                .McpHttpResponseInfo.of(401, nonceChallenge("n").headers()), bearer.capture()).block()).isFalse();
        assertThat(nonces.latest("https://mcp.example.com/mcp")).isEmpty();
    }

    @Test
    void anInvalidTokenIsRaisedEvenForADpopToken() {
        BearerHeader dpop = dpopHeader(new dev.mcpoauth.dpop.control.DpopNonces());
        assertThatThrownBy(() -> Mono.from(new ChallengeRaiser(dpop).handle(null,
                response(401, "DPoP error=\"invalid_token\""), dpop.capture())).block())
                .isInstanceOf(McpAuthorizationException.class);
    }
}
