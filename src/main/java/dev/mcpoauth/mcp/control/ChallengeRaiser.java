package dev.mcpoauth.mcp.control;

import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.oauth.control.ChallengeParser;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.client.transport.McpHttpAuthorizationErrorHandler;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Ends a request answered 401 or 403 with {@link McpAuthorizationException}, its challenge parsed
 * (RFC 6750 §3, RFC 9728 §5.1). It asks the SDK to replay in one case only: a DPoP-bound request
 * answered 401 {@code use_dpop_nonce} with a {@code DPoP-Nonce} (RFC 9449 §9), once (the SDK's
 * {@code maxRetries} is 1), where the replay gets a fresh proof with that nonce from the
 * {@link BearerHeader}. Any other replay would carry the same token, since the transport context
 * is fixed for the whole operation: re-authorizing or stepping up is the caller's decision, with a
 * fresh token on the next operation.
 */
final class ChallengeRaiser implements McpHttpClientTransportAuthorizationErrorHandler {

    final BearerHeader bearer;

    /** Never replays. */
    ChallengeRaiser() {
        this(null);
    }

    /** @param bearer where a nonce challenge's nonce goes for the replay's proof */
    ChallengeRaiser(BearerHeader bearer) {
        this.bearer = bearer;
    }

    @Override
    public Publisher<Boolean> handle(HttpRequestSnapshot request, HttpResponse.ResponseInfo response,
            McpTransportContext context) {
        if (replaysWithNonce(response.statusCode(), response.headers(), context)) {
            return Mono.just(true);
        }
        return Mono.error(refusal(response));
    }

    /** The 2026-07-28 transport's handler: false lets the transport raise the status as it does without one. */
    McpHttpAuthorizationErrorHandler stateless() {
        return (request, response, context) -> Mono.just(replaysWithNonce(response.statusCode(), response.headers(),
                context));
    }

    boolean replaysWithNonce(int status, HttpHeaders headers, McpTransportContext context) {
        return bearer != null && isNonceChallenge(status, headers) && bearer.rememberNonce(headers, context);
    }

    static boolean isNonceChallenge(int status, HttpHeaders headers) {
        return status == 401 && ChallengeParser.asksForDpopNonce(headers.allValues("WWW-Authenticate"));
    }

    static McpAuthorizationException refusal(HttpResponse.ResponseInfo response) {
        return new McpAuthorizationException(response.statusCode(),
                ChallengeParser.bearerChallenge(response.headers().allValues("WWW-Authenticate")));
    }
}
