package dev.mcpoauth.mcp.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpInputHandlerMissingException;
import io.modelcontextprotocol.modern.client.transport.McpHttpStatusException;
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
        assertThat(reason(new McpTransportException("Server Not Found. Status code:404")))
                .isEqualTo(Reason.PROTOCOL_MISMATCH);
        assertThat(reason(new McpTransportException("Received unexpected status code: 410, response body: over")))
                .isEqualTo(Reason.REJECTED);
        assertThat(reason(new McpTransportException("Received unexpected status code: 503"))).isEqualTo(Reason.UNREACHABLE);
        assertThat(reason(new McpTransportException("Error parsing JSON-RPC message: x"))).isEqualTo(Reason.PROTOCOL_ERROR);
        assertThat(FailureTranslator.translate(new McpTransportException("Received unexpected status code: 410,"
                + " response body: secret upstream text")).getMessage()).isEqualTo("The MCP server answered HTTP 410.");
    }

    @Test
    void namesWhatEachJsonRpcErrorCodeMeans() {
        assertThat(FailureTranslator.jsonRpc(-32602, "bad", null).reason()).isEqualTo(Reason.INVALID_PARAMS);
        assertThat(FailureTranslator.jsonRpc(-32601, "no", null).reason()).isEqualTo(Reason.NOT_SUPPORTED);
        assertThat(FailureTranslator.jsonRpc(-32002, "gone", null).reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(FailureTranslator.jsonRpc(-32603, "boom", null).reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(FailureTranslator.jsonRpc(-32000, "custom", null).reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(FailureTranslator.jsonRpc(-32022, "version", null).reason()).isEqualTo(Reason.PROTOCOL_MISMATCH);
        assertThat(FailureTranslator.jsonRpc(-32020, "headers", null).reason()).isEqualTo(Reason.PROTOCOL_MISMATCH);
        assertThat(FailureTranslator.jsonRpc(-32021, "capability", null).reason()).isEqualTo(Reason.INPUT_DECLINED);
        assertThat(FailureTranslator.jsonRpc(42, "odd", null).reason()).isEqualTo(Reason.REJECTED);
        assertThat(FailureTranslator.jsonRpc(-32602, "Unknown tool: x", null))
                .hasMessage("The MCP server refused the request's parameters (an unknown name or bad arguments):"
                        + " Unknown tool: x")
                .extracting(McpSessionException::jsonRpcCode).isEqualTo(-32602);
    }

    @Test
    void readsTheCurrentRevisionsRefusalsAndDeclines() {
        HttpHeaders challenge = HttpHeaders.of(Map.of("WWW-Authenticate",
                List.of("Bearer error=\"insufficient_scope\", scope=\"a b\"")), (n, v) -> true);
        RuntimeException forbidden = FailureTranslator.translate(
                new McpHttpStatusException(URI.create("https://m/mcp"), 403, challenge, "body"));
        assertThat(forbidden).isInstanceOfSatisfying(McpAuthorizationException.class,
                refused -> assertThat(refused.challengedScopes()).containsExactly("a", "b"));

        HttpHeaders none = HttpHeaders.of(Map.of(), (n, v) -> true);
        assertThat(reason(new McpHttpStatusException(URI.create("https://m/mcp"), 400, none, ""))).isEqualTo(
                Reason.PROTOCOL_MISMATCH);
        assertThat(reason(new McpException(-32602, "Unknown resource"))).isEqualTo(Reason.INVALID_PARAMS);
        assertThat(reason(new McpInputHandlerMissingException("k", new McpSchema.ListRootsInputRequest())))
                .isEqualTo(Reason.INPUT_DECLINED);
    }

    static Reason reason(RuntimeException thrown) {
        return ((McpSessionException) FailureTranslator.translate(thrown)).reason();
    }
}
