package dev.mcpoauth.mcp.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpTransportException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureTranslatorTest {

    @Test
    void findsAnAuthorizationRefusalInsideTheInitializeWrapper() {
        McpAuthorizationException refused = new McpAuthorizationException(401, java.util.Optional.empty());

        assertThat(FailureTranslator.translate(new RuntimeException("Client failed to initialize", refused)))
                .isSameAs(refused);
    }

    @Test
    void convertsTheSdksOwnRefusalWithoutKeepingItsRequestSnapshot() {
        HttpHeaders sent = HttpHeaders.of(Map.of("Authorization", List.of("Bearer secret")), (n, v) -> true);
        McpHttpClientTransportAuthorizationException sdk = new McpHttpClientTransportAuthorizationException("refused",
                new HttpRequestSnapshot(URI.create("https://m/mcp"), "POST", sent),
                ChallengeRaiserTest.response(403, "Bearer error=\"insufficient_scope\", scope=\"a b\""));

        RuntimeException translated = FailureTranslator.translate(new RuntimeException(sdk));

        assertThat(translated).isInstanceOfSatisfying(McpAuthorizationException.class, refused -> {
            assertThat(refused.isInsufficientScope()).isTrue();
            assertThat(refused.challengedScopes()).containsExactly("a", "b");
        });
        assertThat(translated.getCause()).isNull();
    }

    @Test
    void rethrowsWhatTheTokenSourceThrew() {
        IllegalStateException original = new IllegalStateException("authorization required");

        assertThat(FailureTranslator.translate(new RuntimeException(new BearerHeader.SourceFailure(original))))
                .isSameAs(original);
    }

    @Test
    void namesTheReasonOfOtherFailures() {
        McpError unknownTool = McpError.builder(-32602).message("Unknown tool: x").build();

        assertThat(reason(unknownTool)).isEqualTo(Reason.INVALID_PARAMS);
        assertThat(((McpSessionException) FailureTranslator.translate(unknownTool)).jsonRpcCode()).isEqualTo(-32602);
        assertThat(reason(new RuntimeException(new TimeoutException()))).isEqualTo(Reason.TIMED_OUT);
        assertThat(reason(new RuntimeException(new HttpTimeoutException("slow")))).isEqualTo(Reason.TIMED_OUT);
        assertThat(reason(new McpTransportException(new ConnectException("refused")))).isEqualTo(Reason.UNREACHABLE);
        assertThat(reason(new McpTransportException("Server Not Found. Status code:404"))).isEqualTo(Reason.PROTOCOL_ERROR);
    }

    static Reason reason(RuntimeException thrown) {
        return ((McpSessionException) FailureTranslator.translate(thrown)).reason();
    }
}
