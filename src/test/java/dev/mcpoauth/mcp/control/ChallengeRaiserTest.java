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
}
