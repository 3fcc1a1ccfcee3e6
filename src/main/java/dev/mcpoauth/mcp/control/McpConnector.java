package dev.mcpoauth.mcp.control;

import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.OutboundTarget;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.JacksonJsonSchemaValidatorSupplier;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens MCP sessions over Streamable HTTP with the official MCP Java SDK, on behalf of a caller
 * whose tokens come from a {@link TokenSource}. An MCP server URL is user input, so the session
 * goes through {@link Outbound}: the URL policy first, then every request of the session (the
 * SDK builds them) to the address vetted when it was opened, redirects never followed. The SDK
 * reads bodies itself: the outbound size cap does not apply to them.
 */
@Dependent
public class McpConnector {

    static final Implementation CLIENT_INFO = new Implementation("mcp-oauth-broker", "MCP OAuth Broker", "0.1.0");
    // built here, not found by ServiceLoader: the SDK's lookup depends on the thread's class loader
    static final McpJsonMapper MAPPER = new JacksonMcpJsonMapperSupplier().get();
    static final JsonSchemaValidator VALIDATOR = new JacksonJsonSchemaValidatorSupplier().get();

    final Outbound outbound;
    final Duration requestTimeout;
    final Duration connectTimeout;

    @Inject
    public McpConnector(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.mcp.request-timeout", defaultValue = "PT30S") Duration requestTimeout,
            @ConfigProperty(name = "mcpoauth.mcp.connect-timeout", defaultValue = "PT5S") Duration connectTimeout) {
        this.outbound = new Outbound(guard, connectTimeout, requestTimeout, 0);
        this.requestTimeout = requestTimeout;
        this.connectTimeout = connectTimeout;
    }

    /**
     * Connects and initializes; call from a container thread.
     *
     * @throws dev.mcpoauth.outbound.entity.UrlForbiddenException before any connection
     * @throws dev.mcpoauth.mcp.entity.McpAuthorizationException on 401 or 403, with the challenge
     * @throws dev.mcpoauth.mcp.entity.McpSessionException when the server cannot be used
     */
    public McpSession open(URI mcpUrl, TokenSource tokens) {
        OutboundTarget target = outbound.vet(mcpUrl);
        BearerHeader bearer = new BearerHeader(tokens);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(origin(target.pinnedUrl()))
                .endpoint(endpoint(mcpUrl))
                .jsonMapper(MAPPER)
                .clientBuilder(outbound.clientFor(target))
                .connectTimeout(connectTimeout) // the SDK sets its own on the client builder otherwise
                .httpRequestCustomizer(bearer)
                .addHttpRequestCustomizer((request, method, uri, body, context) -> Outbound.nameHost(request, target))
                .authorizationErrorHandler(new ChallengeRaiser())
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(CLIENT_INFO)
                .requestTimeout(requestTimeout)
                .initializationTimeout(requestTimeout)
                .jsonSchemaValidator(VALIDATOR)
                .transportContextProvider(bearer::capture)
                .build();
        McpSession session = new McpSession(client, new JsonTranslator(MAPPER));
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
