package dev.mcpoauth.mcp.control;

import dev.mcpoauth.discovery.control.CappedBody;
import dev.mcpoauth.discovery.entity.DiscoveryException;
import dev.mcpoauth.discovery.entity.DiscoveryException.Reason;
import dev.mcpoauth.discovery.entity.UpstreamUnavailableException;
import dev.mcpoauth.mcp.entity.Probe;
import dev.mcpoauth.security.control.OutboundHttpClient;
import dev.mcpoauth.security.control.UrlGuard;
import dev.mcpoauth.security.entity.UrlForbiddenException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends an MCP server the request a client without a token would send (a Streamable HTTP
 * {@code initialize}) and reads the answer's status and {@code WWW-Authenticate} challenge
 * (MCP authorization: the 401 starts discovery, RFC 9728 §5.1). The body is never read: the
 * request timeout ends with the response headers, so draining an endless body would never end.
 * HTTP/1.1 only, as in {@code MetadataFetcher}: cancelling an HTTP/2 body can fail the exchange.
 */
@Dependent
public class ResourceProbe {

    static final String INITIALIZE = Json.createObjectBuilder()
            .add("jsonrpc", "2.0")
            .add("id", "probe")
            .add("method", "initialize")
            .add("params", Json.createObjectBuilder()
                    .add("protocolVersion", "2025-11-25")
                    .add("capabilities", Json.createObjectBuilder())
                    .add("clientInfo", Json.createObjectBuilder().add("name", "mcp-oauth-broker").add("version", "1")))
            .build()
            .toString();

    final HttpClient client;
    final UrlGuard guard;
    final Duration readTimeout;

    @Inject
    public ResourceProbe(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.discovery.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.read-timeout", defaultValue = "PT10S") Duration readTimeout) {
        this(OutboundHttpClient.create(connectTimeout), guard, readTimeout);
    }

    public ResourceProbe(HttpClient client, UrlGuard guard, Duration readTimeout) {
        this.client = client;
        this.guard = guard;
        this.readTimeout = readTimeout;
    }

    public Probe probe(URI mcpUrl) {
        try {
            guard.check(mcpUrl);
        } catch (UrlForbiddenException e) {
            throw new DiscoveryException(Reason.URL_FORBIDDEN, e.getMessage(), e);
        }
        HttpRequest request = HttpRequest.newBuilder(mcpUrl)
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, info -> CappedBody.ignored());
            List<String> challenges = response.headers().allValues("WWW-Authenticate");
            return new Probe(response.statusCode(), ChallengeParser.bearerChallenge(challenges),
                    ChallengeParser.anyMalformed(challenges));
        } catch (IOException e) {
            throw new UpstreamUnavailableException("The MCP server at " + mcpUrl.getHost() + " could not be reached.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException("Probing the MCP server was interrupted.", e);
        }
    }
}
