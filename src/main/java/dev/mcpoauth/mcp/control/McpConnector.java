package dev.mcpoauth.mcp.control;

import dev.mcpoauth.outbound.control.UrlGuard;
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
import java.net.http.HttpClient;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens MCP sessions over Streamable HTTP with the official MCP Java SDK, on behalf of a caller
 * whose tokens come from a {@link TokenSource}. The URL passes the outbound URL policy first and
 * redirects are never followed, because an MCP server URL is user input.
 */
@Dependent
public class McpConnector {

    static final Implementation CLIENT_INFO = new Implementation("mcp-oauth-broker", "MCP OAuth Broker", "0.1.0");
    // built here, not found by ServiceLoader: the SDK's lookup depends on the thread's class loader
    static final McpJsonMapper MAPPER = new JacksonMcpJsonMapperSupplier().get();
    static final JsonSchemaValidator VALIDATOR = new JacksonJsonSchemaValidatorSupplier().get();

    final UrlGuard guard;
    final Duration requestTimeout;
    final Duration connectTimeout;

    @Inject
    public McpConnector(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.mcp.request-timeout", defaultValue = "PT30S") Duration requestTimeout,
            @ConfigProperty(name = "mcpoauth.mcp.connect-timeout", defaultValue = "PT5S") Duration connectTimeout) {
        this.guard = guard;
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
        guard.check(mcpUrl);
        BearerHeader bearer = new BearerHeader(tokens);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(origin(mcpUrl))
                .endpoint(endpoint(mcpUrl))
                .jsonMapper(MAPPER)
                .customizeClient(client -> client.followRedirects(HttpClient.Redirect.NEVER))
                .connectTimeout(connectTimeout)
                .httpRequestCustomizer(bearer)
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
