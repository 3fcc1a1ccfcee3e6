package dev.mcpoauth.mcp.control;

import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Puts {@code Authorization: Bearer} on every HTTP request of a session (RFC 6750 §2.1; MCP
 * authorization: a token on every request). The SDK runs the customizer on its own and the JDK's
 * threads, where request scopes and ThreadLocals are gone, so {@link #capture()} asks the
 * {@link TokenSource} on the caller's thread and the token travels in the transport context.
 * The DELETE sent on close carries no context and gets the last captured token.
 */
final class BearerHeader implements McpSyncHttpClientRequestCustomizer {

    static final String CONTEXT_KEY = BearerHeader.class.getName();

    /** A token in transit; its {@code toString} never shows it (SDK debug logs print contexts). */
    record Bearer(String value) {

        Bearer {
            if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new IllegalArgumentException("an access token must be non-empty visible ASCII");
            }
        }

        String header() {
            return "Bearer " + value;
        }

        @Override
        public String toString() {
            return "Bearer[redacted]";
        }
    }

    /** What the token source threw, carried through the SDK to be rethrown unchanged. */
    static final class SourceFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SourceFailure(RuntimeException cause) {
            super("the token source failed", cause, false, false);
        }

        RuntimeException original() {
            return (RuntimeException) getCause();
        }
    }

    final TokenSource source;
    final AtomicReference<Bearer> latest = new AtomicReference<>();

    BearerHeader(TokenSource source) {
        this.source = source;
    }

    /** The transport context of one operation; runs on the caller's thread. */
    McpTransportContext capture() {
        Bearer bearer;
        try {
            bearer = new Bearer(source.accessToken());
        } catch (RuntimeException e) {
            throw new SourceFailure(e);
        }
        latest.set(bearer);
        return McpTransportContext.create(Map.of(CONTEXT_KEY, bearer));
    }

    @Override
    public void customize(HttpRequest.Builder builder, String method, URI endpoint, String body,
            McpTransportContext context) {
        bearerOf(context).ifPresent(bearer -> builder.setHeader("Authorization", bearer.header()));
    }

    /** The same for the 2026-07-28 transport, whose requests carry the operation's context too. */
    McpHttpRequestCustomizer stateless() {
        return (request, headers, context) -> {
            bearerOf(context).ifPresent(bearer -> headers.set("Authorization", bearer.header()));
            return Mono.empty();
        };
    }

    Optional<Bearer> bearerOf(McpTransportContext context) {
        return Optional.ofNullable(
                context != null && context.get(CONTEXT_KEY) instanceof Bearer captured ? captured : latest.get());
    }
}
