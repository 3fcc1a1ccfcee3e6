package dev.mcpoauth.mcp.control;

import dev.mcpoauth.dpop.control.DpopNonces;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import dev.mcpoauth.mcp.entity.McpWire;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.OutboundTarget;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.JacksonJsonSchemaValidatorSupplier;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import reactor.core.publisher.Mono;

/**
 * Opens MCP sessions over Streamable HTTP with the official MCP Java SDK, on behalf of a caller
 * whose tokens come from a {@link TokenSource}, in the revision the server speaks: 2026-07-28
 * first ({@code server/discover}), else an {@code initialize} session (2025-11-25, 2025-06-18,
 * 2025-03-26, the SDK negotiating among them). The wire that worked is remembered per server
 * ({@link WireMemory}) and negotiated again after a protocol error. An MCP server URL is user
 * input, so the session goes through {@link Outbound}: the URL policy first, then every request
 * (the SDK builds them) to the address vetted when it was opened, redirects never followed.
 */
@Dependent
public class McpConnector {

    static final String NAME = "mcp-oauth-broker";
    static final String TITLE = "MCP OAuth Broker";
    static final String VERSION = "0.1.0";
    static final Implementation CLIENT_INFO = new Implementation(NAME, TITLE, VERSION);
    static final McpSchema.Implementation STATELESS_CLIENT_INFO = new McpSchema.Implementation(NAME, TITLE,
            VERSION, null, null, null);
    // built here, not found by ServiceLoader: the SDK's lookup depends on the thread's class loader
    static final McpJsonMapper MAPPER = new JacksonMcpJsonMapperSupplier().get();
    static final JsonSchemaValidator VALIDATOR = new JacksonJsonSchemaValidatorSupplier().get();

    final Outbound outbound;
    final WireMemory wires;
    final DpopNonces nonces;
    final Clock clock;
    final Duration requestTimeout;
    final Duration connectTimeout;

    public McpConnector(UrlGuard guard, WireMemory wires, Duration requestTimeout, Duration connectTimeout) {
        this(guard, wires, new DpopNonces(), Clock.systemUTC(), requestTimeout, connectTimeout);
    }

    @Inject
    public McpConnector(UrlGuard guard, WireMemory wires, DpopNonces nonces, Clock clock,
            @ConfigProperty(name = "mcpoauth.mcp.request-timeout", defaultValue = "PT30S") Duration requestTimeout,
            @ConfigProperty(name = "mcpoauth.mcp.connect-timeout", defaultValue = "PT5S") Duration connectTimeout) {
        this.outbound = new Outbound(guard, connectTimeout, requestTimeout, 0);
        this.wires = wires;
        this.nonces = nonces;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.connectTimeout = connectTimeout;
    }

    /**
     * Connects in the server's revision; call from a container thread.
     *
     * @throws dev.mcpoauth.outbound.entity.UrlForbiddenException before any connection
     * @throws dev.mcpoauth.mcp.entity.McpAuthorizationException on 401 or 403, with the challenge
     * @throws McpSessionException when the server cannot be used
     */
    public McpSession open(URI mcpUrl, TokenSource tokens) {
        OutboundTarget target = outbound.vet(mcpUrl);
        String server = mcpUrl.toString();
        McpWire remembered = wires.spoken(server).orElse(null);
        McpWire first = remembered == null ? McpWire.STATELESS : remembered;
        try {
            McpSession session = open(first, target, mcpUrl, tokens, remembered == null);
            wires.remember(server, first);
            return session;
        } catch (McpSessionException e) {
            if (!e.isProtocolMismatch()) {
                throw e;
            }
            McpSession session = openOther(first.other(), target, mcpUrl, tokens, e);
            wires.remember(server, first.other());
            return session;
        }
    }

    /**
     * After an operation failed on a remembered 2026-07-28 wire: whether the server has stopped
     * speaking it ({@code server/discover} no longer answers). Then the wire is forgotten and the
     * next {@link #open} negotiates again. An initialize session negotiates at every open anyway.
     */
    public boolean revisionChanged(URI mcpUrl, TokenSource tokens) {
        String server = mcpUrl.toString();
        if (wires.spoken(server).orElse(null) != McpWire.STATELESS) {
            return false;
        }
        try {
            stateless(outbound.vet(mcpUrl), mcpUrl, tokens, true);
            return false;
        } catch (McpSessionException e) {
            if (!e.isProtocolMismatch()) {
                return false;
            }
            wires.forget(server);
            return true;
        }
    }

    McpSession openOther(McpWire wire, OutboundTarget target, URI mcpUrl, TokenSource tokens,
            McpSessionException first) {
        try {
            return open(wire, target, mcpUrl, tokens, true);
        } catch (McpSessionException e) {
            if (!e.isProtocolMismatch()) {
                throw e;
            }
            McpSessionException neither = new McpSessionException(Reason.PROTOCOL_MISMATCH, "The MCP server speaks"
                    + " neither 2026-07-28 nor 2025-11-25, 2025-06-18 or 2025-03-26 as the broker does.",
                    e.jsonRpcCode() == null ? first.jsonRpcCode() : e.jsonRpcCode(), e);
            neither.addSuppressed(first);
            throw neither;
        }
    }

    McpSession open(McpWire wire, OutboundTarget target, URI mcpUrl, TokenSource tokens, boolean negotiating) {
        return wire == McpWire.STATELESS ? stateless(target, mcpUrl, tokens, negotiating)
                : initialized(target, mcpUrl, tokens);
    }

    StatelessSession stateless(OutboundTarget target, URI mcpUrl, TokenSource tokens, boolean negotiating) {
        BearerHeader bearer = new BearerHeader(tokens, mcpUrl, nonces, clock);
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(target.pinnedUrl())
                .jsonMapper(MAPPER)
                .clientBuilder(outbound.clientFor(target))
                .connectTimeout(connectTimeout)
                .requestCustomizer(bearer.stateless())
                .requestCustomizer((request, headers, context) -> {
                    Outbound.hostHeader(target).ifPresent(host -> headers.set("Host", host));
                    return Mono.empty();
                })
                .authorizationErrorHandler(new ChallengeRaiser(bearer).stateless())
                .build();
        io.modelcontextprotocol.modern.client.McpSyncClient client = io.modelcontextprotocol.modern.client.McpClient
                .sync(transport)
                .clientInfo(STATELESS_CLIENT_INFO)
                .jsonMapper(MAPPER)
                .roundTimeout(requestTimeout)
                .callTimeout(requestTimeout.multipliedBy(2))
                .transportContextProvider(bearer::capture)
                .build();
        StatelessSession session = new StatelessSession(client, new JsonTranslator(MAPPER));
        if (negotiating) {
            session.discover();
        }
        return session;
    }

    InitializedSession initialized(OutboundTarget target, URI mcpUrl, TokenSource tokens) {
        BearerHeader bearer = new BearerHeader(tokens, mcpUrl, nonces, clock);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(origin(target.pinnedUrl()))
                .endpoint(endpoint(mcpUrl))
                .jsonMapper(MAPPER)
                .clientBuilder(outbound.clientFor(target))
                .connectTimeout(connectTimeout) // the SDK sets its own on the client builder otherwise
                .httpRequestCustomizer(bearer)
                .addHttpRequestCustomizer((request, method, uri, body, context) -> Outbound.nameHost(request, target))
                .authorizationErrorHandler(new ChallengeRaiser(bearer))
                .build();
        io.modelcontextprotocol.client.McpSyncClient client = McpClient.sync(transport)
                .clientInfo(CLIENT_INFO)
                .requestTimeout(requestTimeout)
                .initializationTimeout(requestTimeout)
                .jsonSchemaValidator(VALIDATOR)
                .transportContextProvider(bearer::capture)
                .build();
        InitializedSession session = new InitializedSession(client, new JsonTranslator(MAPPER));
        try {
            session.initialize();
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    static String origin(URI mcpUrl) {
        return mcpUrl.getScheme() + "://" + mcpUrl.getRawAuthority();
    }

    static String endpoint(URI mcpUrl) {
        String path = mcpUrl.getRawPath() == null || mcpUrl.getRawPath().isEmpty() ? "/" : mcpUrl.getRawPath();
        return mcpUrl.getRawQuery() == null ? path : path + "?" + mcpUrl.getRawQuery();
    }
}
