package dev.mcpoauth.mcp.control;

import dev.mcpoauth.dpop.control.DpopNonces;
import dev.mcpoauth.dpop.control.DpopProofs;
import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.dpop.entity.DpopProof;
import dev.mcpoauth.token.entity.AccessToken;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Puts the access token on every HTTP request of a session (RFC 6750 §2.1; MCP authorization: a
 * token on every request): {@code Authorization: Bearer}, or for a DPoP-bound token
 * {@code Authorization: DPoP} with a fresh proof in the {@code DPoP} header (RFC 9449 §7.1: new
 * {@code jti} per HTTP request, replays after a nonce challenge included; {@code htu} the MCP URL
 * as configured, not the vetted address the request goes to; {@code ath}; the server's latest
 * nonce). The SDK runs the customizer on its own and the JDK's threads, where request scopes and
 * ThreadLocals are gone, so {@link #capture()} asks the {@link TokenSource} on the caller's
 * thread and the token travels in the transport context. The DELETE sent on close carries no
 * context and gets the last captured token.
 */
final class BearerHeader implements McpSyncHttpClientRequestCustomizer {

    static final String CONTEXT_KEY = BearerHeader.class.getName();

    /** A token in transit; its {@code toString} never shows it (SDK debug logs print contexts). */
    record Bearer(String value, DpopKey dpop) {

        Bearer(String value) {
            this(value, null);
        }

        Bearer {
            if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
                throw new IllegalArgumentException("an access token must be non-empty visible ASCII");
            }
        }

        String header() {
            return (dpop == null ? "Bearer " : "DPoP ") + value;
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
    final URI mcpUrl;
    final DpopNonces nonces;
    final Clock clock;
    final AtomicReference<Bearer> latest = new AtomicReference<>();

    BearerHeader(TokenSource source) {
        this(source, null, new DpopNonces(), Clock.systemUTC());
    }

    /** @param mcpUrl the MCP URL as configured: the {@code htu} of every proof and the key of its nonces */
    BearerHeader(TokenSource source, URI mcpUrl, DpopNonces nonces, Clock clock) {
        this.source = source;
        this.mcpUrl = mcpUrl;
        this.nonces = nonces;
        this.clock = clock;
    }

    /** The transport context of one operation; runs on the caller's thread. */
    McpTransportContext capture() {
        Bearer bearer;
        try {
            AccessToken token = source.token();
            bearer = new Bearer(token.value(), token.dpopKey());
        } catch (RuntimeException e) {
            throw new SourceFailure(e);
        }
        latest.set(bearer);
        return McpTransportContext.create(Map.of(CONTEXT_KEY, bearer));
    }

    @Override
    public void customize(HttpRequest.Builder builder, String method, URI endpoint, String body,
            McpTransportContext context) {
        bearerOf(context).ifPresent(bearer -> {
            builder.setHeader("Authorization", bearer.header());
            proof(bearer, method).ifPresent(proof -> builder.setHeader(DpopProof.HEADER, proof.value()));
        });
    }

    /** The same for the 2026-07-28 transport, whose requests carry the operation's context too. */
    McpHttpRequestCustomizer stateless() {
        return (request, headers, context) -> {
            bearerOf(context).ifPresent(bearer -> {
                headers.set("Authorization", bearer.header());
                proof(bearer, request.httpMethod()).ifPresent(proof -> headers.set(DpopProof.HEADER, proof.value()));
            });
            return Mono.empty();
        };
    }

    Optional<DpopProof> proof(Bearer bearer, String method) {
        if (bearer.dpop() == null) {
            return Optional.empty();
        }
        return Optional.of(DpopProofs.create(bearer.dpop(), method, mcpUrl, nonceKey().flatMap(nonces::latest)
                .orElse(null), bearer.value(), clock.instant()));
    }

    /** The MCP server's nonces are remembered under its URL without query and fragment. */
    Optional<String> nonceKey() {
        return Optional.ofNullable(mcpUrl).map(DpopProofs::htu);
    }

    /** RFC 9449 §9: keeps the nonce a 401 {@code use_dpop_nonce} brought; true when the request may go again. */
    boolean rememberNonce(java.net.http.HttpHeaders headers, McpTransportContext context) {
        Optional<String> nonce = DpopNonces.nonceOf(headers);
        if (nonce.isEmpty() || nonceKey().isEmpty() || bearerOf(context).map(Bearer::dpop).isEmpty()) {
            return false;
        }
        nonces.remember(nonceKey().get(), nonce.get());
        return true;
    }

    Optional<Bearer> bearerOf(McpTransportContext context) {
        return Optional.ofNullable(
                context != null && context.get(CONTEXT_KEY) instanceof Bearer captured ? captured : latest.get());
    }
}
