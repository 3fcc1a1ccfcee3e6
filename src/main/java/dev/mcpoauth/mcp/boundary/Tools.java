package dev.mcpoauth.mcp.boundary;

import dev.mcpoauth.authorization.boundary.Authorizations;
import dev.mcpoauth.authorization.entity.AuthorizationRequiredException;
import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.mcp.control.McpConnector;
import dev.mcpoauth.mcp.control.McpSession;
import dev.mcpoauth.mcp.control.StepUpAttempts;
import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.security.entity.UrlForbiddenException;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.boundary.AccessTokens;
import dev.mcpoauth.token.boundary.Refreshes;
import dev.mcpoauth.token.entity.RefreshOutcome;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * MCP calls on a person's behalf: {@code tools/list} and {@code tools/call} over a session whose
 * every HTTP request carries a token taken from {@link AccessTokens} just before it is sent. A 401
 * re-reads the server's metadata and tries one forced refresh; a 403 {@code insufficient_scope}
 * asks for a step-up consent (the union of granted and challenged scopes), at most
 * {@value StepUpAttempts#LIMIT} times per operation.
 */
@ApplicationScoped
public class Tools {

    @Inject
    Connections connections;

    @Inject
    McpConnector connector;

    @Inject
    AccessTokens accessTokens;

    @Inject
    Refreshes refreshes;

    @Inject
    Discovery discovery;

    @Inject
    Authorizations authorizations;

    @Inject
    StepUpAttempts stepUps;

    @Inject
    Clock clock;

    public JsonArray list(Identity identity, String connectionId) {
        return withSession(identity, connections.visible(connectionId, identity), "tools/list", McpSession::listTools);
    }

    public JsonObject call(Identity identity, String connectionId, String tool, JsonObject arguments) {
        return withSession(identity, connections.visible(connectionId, identity), "tools/call " + tool,
                session -> session.callTool(tool, arguments));
    }

    /**
     * For other modules: a session of their own on a connection the person may use. Every request
     * takes its token from {@link AccessTokens} just before it is sent, so a long session refreshes
     * before expiry and stops at a revocation ({@link AuthorizationRequiredException}). Close it.
     */
    public McpSession session(Identity identity, String connectionId) {
        Connection connection = connections.visible(connectionId, identity);
        return connector.open(URI.create(connection.server().url()),
                () -> accessTokens.forConnection(connection.id()).value());
    }

    /** For other modules: the same calls by server, on the connection the person uses for it. */
    public JsonObject callOnServer(Identity identity, String serverId, String tool, JsonObject arguments) {
        return call(identity, connections.forUse(serverId, identity).id(), tool, arguments);
    }

    <T> T withSession(Identity identity, Connection connection, String operation, Function<McpSession, T> work) {
        URI mcpUrl = URI.create(connection.server().url());
        for (int attempt = 1; ; attempt++) {
            try (McpSession session = connector.open(mcpUrl,
                    () -> accessTokens.forConnection(connection.id()).value())) {
                T result = work.apply(session);
                stepUps.succeeded(connection.id(), operation);
                return result;
            } catch (McpAuthorizationException e) {
                if (e.isInsufficientScope()) {
                    throw stepUp(identity, connection, operation, e);
                }
                if (attempt == 1 && recovered(connection, identity)) {
                    continue;
                }
                throw authorizationRequired(identity, connection, Optional.empty(),
                        "The MCP server no longer accepts your access to " + connection.server().name() + ".");
            } catch (UrlForbiddenException e) {
                throw new ProblemException(Problem.URL_FORBIDDEN, e.getMessage());
            } catch (McpSessionException e) {
                throw problem(e);
            }
        }
    }

    /** A 401: the metadata may name another authorization server now; a refreshed token may do. */
    boolean recovered(Connection connection, Identity identity) {
        discovery.discover(connection.server(), true);
        EventSubject subject = connection.eventSubject(clock.instant(), identity.name());
        return refreshes.refresh(connection.id(), true, subject) instanceof RefreshOutcome.Refreshed;
    }

    ProblemException stepUp(Identity identity, Connection connection, String operation, McpAuthorizationException e) {
        if (stepUps.next(connection.id(), operation) > StepUpAttempts.LIMIT) {
            stepUps.succeeded(connection.id(), operation);
            return new ProblemException(Problem.INSUFFICIENT_SCOPE, "The MCP server still refuses " + operation
                    + " after " + StepUpAttempts.LIMIT + " consents with more permissions; ask its administrators"
                    + " which permission it needs.", Map.of("scope", String.join(" ", e.challengedScopes())));
        }
        return authorizationRequired(identity, connection, Optional.of(String.join(" ", e.challengedScopes())),
                "The MCP server needs more permissions for " + operation + ": " + String.join(" ", e.challengedScopes())
                        + ". Consent to them to continue.");
    }

    AuthorizationRequiredException authorizationRequired(Identity identity, Connection connection,
            Optional<String> scope, String detail) {
        if (!Connections.mayAuthorize(connection, identity)) {
            return new AuthorizationRequiredException(detail + " Its owner must connect again.", null);
        }
        return new AuthorizationRequiredException(detail, authorizations.start(connection, identity, scope,
                Optional.empty()));
    }

    static ProblemException problem(McpSessionException e) {
        return switch (e.reason()) {
            case UNREACHABLE, TIMED_OUT -> new ProblemException(Problem.MCP_UNAVAILABLE, e.getMessage());
            case REJECTED -> new ProblemException(Problem.MCP_REJECTED, e.getMessage(),
                    e.jsonRpcCode() == null ? Map.of() : Map.of("jsonRpcCode", e.jsonRpcCode()));
            default -> new ProblemException(Problem.MCP_REJECTED, e.getMessage());
        };
    }
}
