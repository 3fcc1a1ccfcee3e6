package dev.mcpoauth.mcp.control;

import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.oauth.control.ChallengeParser;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.http.HttpResponse;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Ends a request answered 401 or 403 with {@link McpAuthorizationException}, its challenge parsed
 * (RFC 6750 §3, RFC 9728 §5.1). It never asks the SDK to replay: the replay would carry the same
 * token, since the transport context is fixed for the whole operation. Re-authorizing or stepping
 * up is the caller's decision, with a fresh token on the next operation.
 */
final class ChallengeRaiser implements McpHttpClientTransportAuthorizationErrorHandler {

    @Override
    public Publisher<Boolean> handle(HttpRequestSnapshot request, HttpResponse.ResponseInfo response,
            McpTransportContext context) {
        return Mono.error(refusal(response));
    }

    static McpAuthorizationException refusal(HttpResponse.ResponseInfo response) {
        return new McpAuthorizationException(response.statusCode(),
                ChallengeParser.bearerChallenge(response.headers().allValues("WWW-Authenticate")));
    }
}
