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
    @Test
    void sendsADpopBoundTokenWithTheDpopSchemeAndAFreshProofPerRequest() {
        dev.mcpoauth.dpop.control.DpopNonces nonces = new dev.mcpoauth.dpop.control.DpopNonces();
        dev.mcpoauth.dpop.entity.DpopKey key = dev.mcpoauth.dpop.entity.DpopKey.generate();
        BearerHeader header = new BearerHeader(TokenSource.of(() -> new dev.mcpoauth.token.entity.AccessToken(
                "at-1", null, null, key)), URI.create("https://mcp.example.com/mcp"), nonces,
                java.time.Clock.systemUTC());
        McpTransportContext context = header.capture();
        URI pinned = URI.create("https://203.0.113.7/mcp");

        HttpRequest.Builder first = HttpRequest.newBuilder(pinned);
        header.customize(first, "POST", pinned, "{}", context);
        nonces.remember("https://mcp.example.com/mcp", "n-1");
        HttpRequest.Builder second = HttpRequest.newBuilder(pinned);
        header.customize(second, "GET", pinned, null, context);

        assertThat(first.build().headers().firstValue("Authorization")).contains("DPoP at-1");
        jakarta.json.JsonObject one = claims(first.build().headers().firstValue("DPoP").orElseThrow());
        jakarta.json.JsonObject two = claims(second.build().headers().firstValue("DPoP").orElseThrow());
        assertThat(one.getString("htu")).as("the MCP URL as configured, not the pinned address")
                .isEqualTo("https://mcp.example.com/mcp");
        assertThat(one.getString("htm")).isEqualTo("POST");
        assertThat(one.getString("ath")).isEqualTo(dev.mcpoauth.dpop.control.DpopProofs.ath("at-1"));
        assertThat(one).doesNotContainKey("nonce");
        assertThat(two.getString("htm")).isEqualTo("GET");
        assertThat(two.getString("nonce")).isEqualTo("n-1");
        assertThat(two.getString("jti")).isNotEqualTo(one.getString("jti"));
    }

    @Test
    void sendsNoProofWithABearerToken() {
        BearerHeader header = header("t1");
        HttpRequest.Builder builder = HttpRequest.newBuilder(MCP);
        header.customize(builder, "POST", MCP, "{}", header.capture());

        assertThat(builder.build().headers().firstValue("DPoP")).isEmpty();
    }

    static jakarta.json.JsonObject claims(String proof) {
        byte[] json = java.util.Base64.getUrlDecoder().decode(proof.split("\\.")[1]);
        return jakarta.json.Json.createReader(new java.io.StringReader(new String(json,
                java.nio.charset.StandardCharsets.UTF_8))).readObject();
    }
}
