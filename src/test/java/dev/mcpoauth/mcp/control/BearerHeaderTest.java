package dev.mcpoauth.mcp.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.common.McpTransportContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BearerHeaderTest {

    static final URI MCP = URI.create("https://mcp.example.com/mcp");

    final AtomicInteger asked = new AtomicInteger();

    BearerHeader header(String token) {
        return new BearerHeader(() -> {
            asked.incrementAndGet();
            return token;
        });
    }

    static String authorization(BearerHeader header, McpTransportContext context) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(MCP);
        header.customize(builder, "POST", MCP, "{}", context);
        return builder.build().headers().firstValue("Authorization").orElse(null);
    }

    @Test
    void setsTheTokenCapturedForTheOperation() {
        BearerHeader header = header("abc.DEF-123_~+/=");
        McpTransportContext context = header.capture();

        assertThat(authorization(header, context)).isEqualTo("Bearer abc.DEF-123_~+/=");
        assertThat(authorization(header, context)).isEqualTo("Bearer abc.DEF-123_~+/=");
        assertThat(asked).as("the customizer never asks the source").hasValue(1);
    }

    @Test
    void replacesAnAuthorizationHeaderAlreadyThere() {
        BearerHeader header = header("t1");
        HttpRequest.Builder builder = HttpRequest.newBuilder(MCP).header("Authorization", "Basic xyz");
        header.customize(builder, "POST", MCP, "{}", header.capture());

        assertThat(builder.build().headers().allValues("Authorization")).containsExactly("Bearer t1");
    }

    @Test
    void givesARequestWithoutContextTheLastCapturedToken() {
        BearerHeader header = header("t1");
        header.capture();

        assertThat(authorization(header, McpTransportContext.EMPTY)).isEqualTo("Bearer t1");
        assertThat(authorization(header, null)).isEqualTo("Bearer t1");
    }

    @Test
    void sendsNoHeaderBeforeAnyCapture() {
        assertThat(authorization(header("t1"), McpTransportContext.EMPTY)).isNull();
    }

    @Test
    void refusesUnusableTokensOnTheCallersThread() {
        for (String bad : new String[] {null, "", "a b", "a\r\nX-Injected: 1", "ünïcode"}) {
            assertThatThrownBy(() -> header(bad).capture()).as(String.valueOf(bad))
                    .isInstanceOf(BearerHeader.SourceFailure.class)
                    .hasRootCauseInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void neverShowsTheTokenInTheContext() {
        McpTransportContext context = header("s3cr3t-token").capture();

        assertThat(String.valueOf(context.get(BearerHeader.CONTEXT_KEY))).doesNotContain("s3cr3t-token");
        assertThat(context.toString()).doesNotContain("s3cr3t-token");
    }
}
