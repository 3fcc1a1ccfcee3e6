package dev.mcpoauth.discovery.control;

import dev.mcpoauth.discovery.entity.Probe;
import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.oauth.control.ChallengeParser;
import dev.mcpoauth.oauth.entity.UpstreamUnavailableException;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.OutboundFailure.Kind;
import dev.mcpoauth.outbound.entity.OutboundReply;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends an MCP server the request a client without a token would send (a Streamable HTTP
 * {@code initialize}) and reads the answer's status and {@code WWW-Authenticate} challenge
 * (MCP authorization: the 401 starts discovery, RFC 9728 §5.1), through {@link Outbound}. The
 * body is never read: an MCP server may answer with an event stream that does not end.
 */
@Dependent
public class ResourceProbe {

    static final String PROTOCOL_VERSION = "2025-11-25";
    static final String INITIALIZE = JsonBuilders.object()
            .add("jsonrpc", "2.0")
            .add("id", "probe")
            .add("method", "initialize")
            .add("params", JsonBuilders.object()
                    .add("protocolVersion", PROTOCOL_VERSION)
                    .add("capabilities", JsonBuilders.object())
                    .add("clientInfo", JsonBuilders.object().add("name", "mcp-oauth-broker").add("version", "1")))
            .build()
            .toString();

    static final String TOOLS_LIST = JsonBuilders.object()
            .add("jsonrpc", "2.0")
            .add("id", "probe-tools")
            .add("method", "tools/list")
            .build()
            .toString();
    static final String STATELESS_REVISION = "2026-07-28";
    static final String STATELESS_TOOLS_LIST = JsonBuilders.object()
            .add("jsonrpc", "2.0")
            .add("id", "probe-stateless")
            .add("method", "tools/list")
            .add("params", JsonBuilders.object().add("_meta", JsonBuilders.object()
                    .add("io.modelcontextprotocol/protocolVersion", STATELESS_REVISION)
                    .add("io.modelcontextprotocol/clientCapabilities", JsonBuilders.object())
                    .add("io.modelcontextprotocol/clientInfo",
                            JsonBuilders.object().add("name", "mcp-oauth-broker").add("version", "1"))))
            .build()
            .toString();
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String PROTOCOL_HEADER = "MCP-Protocol-Version";

    final Outbound outbound;

    @Inject
    public ResourceProbe(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.discovery.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.read-timeout", defaultValue = "PT10S") Duration readTimeout) {
        this(new Outbound(guard, connectTimeout, readTimeout, 0));
    }

    public ResourceProbe(Outbound outbound) {
        this.outbound = outbound;
    }

    /**
     * Some servers let {@code initialize} (and the notifications after it) through without a
     * token and ask for one only on the first real request: then a {@code tools/list} in the
     * session they opened gets the 401 and its challenge. A 2026-07-28 server may check the
     * revision before the token and refuse both with 400: a stateless {@code tools/list} at that
     * revision is the last try.
     */
    public Probe probe(URI mcpUrl) {
        OutboundReply initialize = post(mcpUrl, INITIALIZE, Optional.empty());
        Probe answer = probeOf(initialize);
        if (answer.demandsAuthorization()) {
            return answer;
        }
        Optional<String> session = initialize.headers().firstValue(SESSION_HEADER);
        Probe listing = probeOf(post(mcpUrl, TOOLS_LIST, session));
        session.ifPresent(id -> end(mcpUrl, id));
        if (listing.demandsAuthorization() || listing.status() == 403) {
            return listing;
        }
        if (session.isPresent()) {
            return answer;
        }
        Probe stateless = probeOf(postStateless(mcpUrl));
        return stateless.demandsAuthorization() || stateless.status() == 403 ? stateless : answer;
    }

    OutboundReply postStateless(URI mcpUrl) {
        return send(HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header(PROTOCOL_HEADER, STATELESS_REVISION)
                .header("Mcp-Method", "tools/list")
                .POST(HttpRequest.BodyPublishers.ofString(STATELESS_TOOLS_LIST)), mcpUrl);
    }

    static Probe probeOf(OutboundReply reply) {
        List<String> challenges = reply.headers().allValues("WWW-Authenticate");
        return new Probe(reply.status(), ChallengeParser.bearerChallenge(challenges),
                ChallengeParser.anyMalformed(challenges));
    }

    OutboundReply post(URI mcpUrl, String message, Optional<String> session) {
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header(PROTOCOL_HEADER, PROTOCOL_VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(message));
        session.ifPresent(id -> request.header(SESSION_HEADER, id));
        return send(request, mcpUrl);
    }

    /** Ends the unauthenticated session the probe opened (Streamable HTTP: DELETE with its id); best effort. */
    void end(URI mcpUrl, String session) {
        try {
            send(HttpRequest.newBuilder().header(SESSION_HEADER, session)
                    .header(PROTOCOL_HEADER, PROTOCOL_VERSION).DELETE(), mcpUrl);
        } catch (ProblemException ignored) {
            // the server forgets idle sessions by itself
        }
    }

    OutboundReply send(HttpRequest.Builder request, URI mcpUrl) {
        try {
            return outbound.send(mcpUrl, request, info -> false);
        } catch (UrlForbiddenException e) {
            if (e.rule() == UrlForbiddenException.Rule.UNRESOLVABLE) {
                throw new UpstreamUnavailableException(e.getMessage(), e);
            }
            throw new ProblemException(Problem.URL_FORBIDDEN, e.getMessage(), e);
        } catch (OutboundFailure e) {
            if (e.kind() == Kind.INTERRUPTED) {
                throw new UpstreamUnavailableException("Probing the MCP server was interrupted.", e);
            }
            throw new UpstreamUnavailableException("The MCP server at " + mcpUrl.getHost() + " could not be reached.", e);
        }
    }
}
