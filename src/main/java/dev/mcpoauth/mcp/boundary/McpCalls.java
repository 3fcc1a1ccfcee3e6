package dev.mcpoauth.mcp.boundary;

import dev.mcpoauth.authorization.boundary.Authorizations;
import dev.mcpoauth.authorization.entity.AuthorizationRequiredException;
import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.McpRequestCompleted;
import dev.mcpoauth.mcp.control.CallToken;
import dev.mcpoauth.mcp.control.McpConnector;
import dev.mcpoauth.mcp.control.McpSession;
import dev.mcpoauth.mcp.control.OperationRecorder;
import dev.mcpoauth.mcp.control.StepUpAttempts;
import dev.mcpoauth.mcp.control.TokenSource;
import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.boundary.AccessTokens;
import dev.mcpoauth.token.entity.AccessToken;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * MCP on a person's behalf, the one MCP boundary of the broker: tools, resources and prompts of
 * the server behind a connection, in whichever revision it speaks. Every call takes its token
 * from {@link AccessTokens} when it starts and sends it on each of its HTTP requests. A 401
 * re-reads the server's metadata (one discovery per server at a time) and tries one forced
 * refresh (one per refused token, whoever asks); a 403 {@code insufficient_scope} asks for a step-up
 * consent (the union of granted and challenged scopes), until an operation has caused
 * {@value StepUpAttempts#LIMIT} authorizations, the first sign-in included; a protocol error on a
 * remembered revision negotiates again once. Only a connection the caller may use
 * ({@link Connections#usable}) sends its token; every operation is audited
 * ({@link McpRequestCompleted}), refusals included. Lists are one page each: pass the previous
 * page's {@code nextCursor} (null for the first).
 */
@ApplicationScoped
public class McpCalls {

    static final int MAX_CURSOR = 4096;
    static final int MAX_URI = 8192;

    @Inject
    Connections connections;

    @Inject
    McpConnector connector;

    @Inject
    AccessTokens accessTokens;

    @Inject
    Discovery discovery;

    @Inject
    Authorizations authorizations;

    @Inject
    StepUpAttempts stepUps;

    @Inject
    Event<BrokerEvent> events;

    @Inject
    Clock clock;

    /** {@code tools/list}, one page: {@code {tools, nextCursor?}}. */
    public JsonObject tools(Identity identity, String connectionId, String cursor) {
        return listed(identity, connectionId, "tools/list", cursor, McpSession::listTools);
    }

    /** {@code tools/list}, every page (at most 100), as one array of tools. */
    public JsonArray allTools(Identity identity, String connectionId) {
        return operation(identity, connectionId, "tools/list", Optional.empty(), McpSession::listTools);
    }

    /** {@code tools/call}; a tool's own failure is a result with {@code isError: true}, not an exception. */
    public JsonObject callTool(Identity identity, String connectionId, String tool, JsonObject arguments) {
        return operation(identity, connectionId, "tools/call", Optional.of(tool),
                session -> session.callTool(tool, arguments));
    }

    /** For other modules: {@code tools/call} by server, on the connection the person uses for it. */
    public JsonObject callOnServer(Identity identity, String serverId, String tool, JsonObject arguments) {
        return callTool(identity, connections.forUse(serverId, identity).id(), tool, arguments);
    }

    /** {@code resources/list}, one page: {@code {resources, nextCursor?}}. */
    public JsonObject resources(Identity identity, String connectionId, String cursor) {
        return listed(identity, connectionId, "resources/list", cursor, McpSession::listResources);
    }

    /** {@code resources/templates/list}, one page: {@code {resourceTemplates, nextCursor?}}. */
    public JsonObject resourceTemplates(Identity identity, String connectionId, String cursor) {
        return listed(identity, connectionId, "resources/templates/list", cursor, McpSession::listResourceTemplates);
    }

    /** {@code resources/read}: {@code {contents}}. */
    public JsonObject readResource(Identity identity, String connectionId, String uri) {
        if (uri == null || uri.isBlank() || uri.length() > MAX_URI) {
            throw new ProblemException(Problem.INVALID_INPUT,
                    "Give the resource's uri (at most " + MAX_URI + " characters).");
        }
        return operation(identity, connectionId, "resources/read", Optional.empty(),
                session -> session.readResource(uri));
    }

    /** {@code prompts/list}, one page: {@code {prompts, nextCursor?}}. */
    public JsonObject prompts(Identity identity, String connectionId, String cursor) {
        return listed(identity, connectionId, "prompts/list", cursor, McpSession::listPrompts);
    }

    /** {@code prompts/get} with the prompt's string arguments: {@code {description?, messages}}. */
    public JsonObject getPrompt(Identity identity, String connectionId, String prompt, Map<String, String> arguments) {
        return operation(identity, connectionId, "prompts/get", Optional.empty(),
                session -> session.getPrompt(prompt, arguments));
    }

    /**
     * For other modules: a session of their own on a connection the person may use. Every request
     * takes its token from {@link AccessTokens} just before it is sent, so a long session refreshes
     * before expiry and stops at a revocation ({@link AuthorizationRequiredException}). Close it.
     */
    public McpSession session(Identity identity, String connectionId) {
        return audited(identity, connectionId, "connect", Optional.empty(),
                connection -> connector.open(URI.create(connection.server().url()),
                        TokenSource.of(() -> accessTokens.forConnection(connection.id())))
                        .recordedBy(recorder(identity, connection)));
    }

    <T> T operation(Identity identity, String connectionId, String method, Optional<String> tool,
            Function<McpSession, T> work) {
        String operation = method + tool.map(name -> " " + name).orElse("");
        return audited(identity, connectionId, method, tool,
                connection -> withSession(identity, connection, operation, work));
    }

    /** One page of a list; the cursor is checked before anything is sent. */
    JsonObject listed(Identity identity, String connectionId, String method, String cursor,
            BiFunction<McpSession, String, JsonObject> list) {
        String page = checked(cursor);
        return operation(identity, connectionId, method, Optional.empty(), session -> list.apply(session, page));
    }

    static String checked(String cursor) {
        if (cursor != null && (cursor.isEmpty() || cursor.length() > MAX_CURSOR)) {
            throw new ProblemException(Problem.INVALID_INPUT, "A cursor is the nextCursor of the previous page,"
                    + " 1 to " + MAX_CURSOR + " characters.");
        }
        return cursor;
    }

    /** Runs an MCP operation on a connection the caller may see, if they may use it, and audits how it ended. */
    <T> T audited(Identity identity, String connectionId, String method, Optional<String> tool,
            Function<Connection, T> work) {
        Connection seen = connections.visible(connectionId, identity);
        return recorder(identity, seen).record(method, tool,
                () -> work.apply(connections.usable(seen, identity)));
    }

    OperationRecorder recorder(Identity identity, Connection connection) {
        return new OperationRecorder() {
            @Override
            public <T> T record(String method, Optional<String> tool, Supplier<T> operation) {
                Instant started = clock.instant();
                try {
                    T result = operation.get();
                    completed(identity, connection, method, tool, started, Optional.empty());
                    return result;
                } catch (RuntimeException e) {
                    try {
                        completed(identity, connection, method, tool, started, Optional.of(failureOf(e)));
                    } catch (RuntimeException auditFailure) {
                        e.addSuppressed(auditFailure);
                    }
                    throw e;
                }
            }
        };
    }

    void completed(Identity identity, Connection connection, String method, Optional<String> tool, Instant started,
            Optional<String> failure) {
        EventSubject subject = connection.eventSubject(started, identity.name());
        events.fire(new McpRequestCompleted(subject, method, tool, Duration.between(started, clock.instant()),
                failure));
    }

    /** The problem type an operation failed with; never the exception's message, which may quote upstream text. */
    static String failureOf(RuntimeException e) {
        if (e instanceof ProblemException problem) {
            return problem.problem().name();
        }
        if (e instanceof McpSessionException session) {
            return "MCP_" + session.reason().name();
        }
        return e instanceof UrlForbiddenException ? Problem.URL_FORBIDDEN.name() : Problem.INTERNAL_ERROR.name();
    }

    <T> T withSession(Identity identity, Connection connection, String operation, Function<McpSession, T> work) {
        URI mcpUrl = URI.create(connection.server().url());
        for (int attempt = 1; ; attempt++) {
            CallToken tokens = new CallToken(() -> accessTokens.forConnection(connection.id()));
            Instant sent = clock.instant();
            try (McpSession session = connector.open(mcpUrl, tokens)) {
                T result = work.apply(session);
                stepUps.succeeded(connection.id(), operation);
                return result;
            } catch (McpAuthorizationException e) {
                if (e.isInsufficientScope()) {
                    throw stepUp(identity, connection, operation, e);
                }
                if (attempt == 1 && recovered(connection, identity, tokens.sent(), sent)) {
                    continue;
                }
                throw authorizationRequired(identity, connection, Optional.empty(),
                        "The MCP server no longer accepts your access to " + connection.server().name() + ".");
            } catch (UrlForbiddenException e) {
                throw new ProblemException(Problem.URL_FORBIDDEN, e.getMessage());
            } catch (McpSessionException e) {
                if (attempt == 1 && e.mayMeanAnotherRevision() && connector.revisionChanged(mcpUrl, tokens)) {
                    continue;
                }
                throw problem(e);
            }
        }
    }

    /**
     * A 401: the metadata may name another authorization server now (read again once per server,
     * however many callers were refused at once); a refreshed token may do (one refresh per refused
     * token: a caller whose token was replaced since it read it takes the new one).
     */
    boolean recovered(Connection connection, Identity identity, Optional<AccessToken> refused, Instant sent) {
        // a discovery fetched after the refused request was sent knows at least what the refusal did
        discovery.rediscover(connection.server(), sent);
        EventSubject subject = connection.eventSubject(clock.instant(), identity.name());
        return refused.map(token -> accessTokens.refreshedAfterRejection(connection, token, subject))
                .orElseGet(() -> accessTokens.refreshedAfterRejection(connection, subject));
    }

    ProblemException stepUp(Identity identity, Connection connection, String operation, McpAuthorizationException e) {
        if (!stepUps.allowsAnother(connection.id(), operation)) {
            stepUps.succeeded(connection.id(), operation);
            return new ProblemException(Problem.INSUFFICIENT_SCOPE, "The MCP server still refuses " + operation
                    + " after " + StepUpAttempts.LIMIT + " consents; ask its administrators"
                    + " which permission it needs.", Map.of("scope", String.join(" ", e.challengedScopes())));
        }
        return authorizationRequired(identity, connection, Optional.of(String.join(" ", e.challengedScopes())),
                "The MCP server needs more permissions for " + operation + ": " + String.join(" ", e.challengedScopes())
                        + ". Consent to them to continue.");
    }

    AuthorizationRequiredException authorizationRequired(Identity identity, Connection connection,
            Optional<String> scope, String detail) {
        return authorizations.authorizationRequired(connection, identity, scope, detail);
    }

    static ProblemException problem(McpSessionException e) {
        Problem problem = switch (e.reason()) {
            case UNREACHABLE, TIMED_OUT -> Problem.MCP_UNAVAILABLE;
            case INVALID_PARAMS -> Problem.MCP_INVALID_PARAMS;
            case NOT_FOUND -> Problem.MCP_NOT_FOUND;
            case NOT_SUPPORTED -> Problem.MCP_NOT_SUPPORTED;
            case SERVER_ERROR -> Problem.MCP_SERVER_ERROR;
            case PROTOCOL_MISMATCH -> Problem.MCP_PROTOCOL_MISMATCH;
            case INPUT_DECLINED -> Problem.MCP_INPUT_DECLINED;
            default -> Problem.MCP_REJECTED;
        };
        return new ProblemException(problem, e.getMessage(),
                e.jsonRpcCode() == null ? Map.of() : Map.of("jsonRpcCode", e.jsonRpcCode()));
    }
}
