package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.authorization.control.AuthorizationUrl;
import dev.mcpoauth.authorization.control.PendingFlowLimit;
import dev.mcpoauth.authorization.control.DpopRequirement;
import dev.mcpoauth.authorization.control.PkceRequirement;
import dev.mcpoauth.authorization.control.ScopeSelection;
import dev.mcpoauth.authorization.entity.AuthorizationRequiredException;
import dev.mcpoauth.authorization.entity.BrowserRedirect;
import dev.mcpoauth.authorization.entity.FlowStart;
import dev.mcpoauth.authorization.entity.PendingAuthorization;
import dev.mcpoauth.authorization.entity.Pkce;
import dev.mcpoauth.authorization.entity.StateToken;
import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.events.entity.AuthorizationFailed;
import dev.mcpoauth.events.entity.AuthorizationRequired;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.registration.boundary.Registrations;
import dev.mcpoauth.registration.control.BrokerClient;
import dev.mcpoauth.registration.entity.OAuthClient;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.boundary.Servers;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ConnectionStatus;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.ServerGrant;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The beginning of a flow (RFC 6749 §4.1 with RFC 7636 PKCE and RFC 8707 resource): created for
 * its owner, reused while pending, and opened through the broker's own start link, which binds
 * it to the browser that opens it. {@code token.boundary.Callbacks} completes it.
 */
@ApplicationScoped
public class Authorizations {

    public static final String START_PATH = "/oauth/start/";
    public static final String COOKIE_PREFIX = "mcpoauth_flow_";
    public static final String SERVER_NOT_SET_UP = "server_not_set_up";

    @Inject
    Connections connections;

    @Inject
    Servers servers;

    @Inject
    Discovery discovery;

    @Inject
    Registrations registrations;

    @Inject
    FlowStore flows;

    @Inject
    BrokerClient broker;

    @Inject
    SecretSealer sealer;

    @Inject
    UrlGuard guard;

    @Inject
    Event<BrokerEvent> events;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "mcpoauth.authorization.flow-ttl", defaultValue = "PT5M")
    Duration flowTtl;

    @Inject
    @ConfigProperty(name = "mcpoauth.authorization.max-pending-flows", defaultValue = "20")
    int maxPendingFlows;

    @Inject
    @ConfigProperty(name = "mcpoauth.authorization.allowed-return-origins")
    Optional<String> allowedReturnOrigins;

    /**
     * A flow for the caller's connection to a server, reusing the caller's unexpired pending flow
     * for the same scopes. {@code challengedScope} is the scope of a 403 insufficient_scope
     * challenge (step-up: the union with what was granted) or empty for a first connection.
     */
    public FlowStart start(Connection connection, Identity identity, Optional<String> challengedScope,
            Optional<String> returnUrl) {
        McpServer server = connection.server();
        if (server.grant() != ServerGrant.AUTHORIZATION_CODE) {
            throw new ProblemException(Problem.CONFLICT, withoutBrowser(server));
        }
        if (!connection.mayBeAuthorizedBy(identity)) {
            throw new ProblemException(Problem.FORBIDDEN, connection.ownerUser().isPresent()
                    ? "Only the owner of a connection can connect it."
                    : "Only an admin can connect a shared connection.");
        }
        returnUrl.ifPresent(this::requireAllowedReturnUrl);
        Instant now = clock.instant();
        EventSubject subject = connection.eventSubject(now, identity.name());
        ServerDiscovery found;
        OAuthClient client;
        boolean dpop;
        try {
            found = discovery.discover(server, false);
            PkceRequirement.check(server.pkcePolicy(), found.authorizationServer());
            dpop = DpopRequirement.applies(server.dpop(), found.authorizationServer());
            client = registrations.clientFor(server, found.authorizationServer(), subject);
        } catch (ProblemException e) {
            throw configurationFault(e, identity, subject);
        }
        AuthorizationServerMetadata as = found.authorizationServer();
        ScopeSelection scopes = !server.sendsScope() ? ScopeSelection.NONE : challengedScope
                .map(scope -> ScopeSelection.stepUp(connection.grantedScopes().orElse(null), scope, as.scopesSupported()))
                .orElseGet(() -> ScopeSelection.initial(found.challengeScope().orElse(null), found.scopesSupported(),
                        server.scopes(), as.scopesSupported()));
        String scope = scopes.scope().orElse(null);
        Optional<PendingAuthorization> pending = flows.reusable(connection.id(), identity.name(), scope, now)
                .filter(flow -> flow.issuer().equals(as.issuer()) && returnUrl.equals(flow.returnUrl())
                        && isBoundTo(flow, as, client));
        if (pending.isPresent()) {
            return flowStart(pending.get());
        }
        new PendingFlowLimit(maxPendingFlows, flowTtl).admit(flows.pendingOf(identity.name(), now));
        String flowId = UUID.randomUUID().toString();
        PendingAuthorization flow = new PendingAuthorization(flowId, connection, identity.name(),
                StateToken.generate().hash(), Pkce.generate().verifier(), sealer, as.issuer(),
                server.resource(found.resource()).orElse(null), scope, now, now.plus(flowTtl));
        flow.bindTo(as.tokenEndpoint(), as.advertisesIssParameter(), client.registrationId(), client.clientId(),
                client.tokenEndpointAuthMethod());
        flow.useDpop(dpop);
        returnUrl.ifPresent(flow::returnTo);
        flows.add(flow);
        if (connection.status() != ConnectionStatus.CONNECTED) {
            connections.changeStatus(connection.id(), ConnectionStatus.AUTHORIZING, null);
        }
        events.fire(new AuthorizationRequired(subject, flowId, scope));
        return flowStart(flow);
    }

    /**
     * "Authorization required", built here only: with the start link of a (reused) pending flow
     * when this person may complete one, else saying who must connect.
     */
    public AuthorizationRequiredException authorizationRequired(Connection connection, Identity identity,
            Optional<String> challengedScope, String detail) {
        if (connection.server().grant() != ServerGrant.AUTHORIZATION_CODE) {
            return new AuthorizationRequiredException(detail + " " + withoutBrowser(connection.server()),
                    null);
        }
        if (!connection.mayBeAuthorizedBy(identity)) {
            return new AuthorizationRequiredException(detail + " Its owner must connect again.", null);
        }
        return new AuthorizationRequiredException(detail, start(connection, identity, challengedScope,
                Optional.empty()));
    }

    static String withoutBrowser(McpServer server) {
        return server.grant() == ServerGrant.ENTERPRISE_MANAGED
                ? "Connections to " + server.name() + " need no sign-in page: POST /api/v1/connections/" + server.id()
                        + "/grant with your identity assertion."
                : server.name() + " is a service connection, connected by the broker on its own: POST"
                        + " /api/v1/connections/" + server.id() + "/grant connects it now.";
    }

    /** The same for a connection used on its owner's behalf, with no one at hand (a token's refresh). */
    public AuthorizationRequiredException authorizationRequired(Connection connection, String detail) {
        return connection.owner()
                .map(owner -> authorizationRequired(connection, owner, Optional.empty(), detail))
                .orElseGet(() -> new AuthorizationRequiredException(detail + " "
                        + (connection.server().grant() == ServerGrant.AUTHORIZATION_CODE
                                ? "An admin must connect this shared server." : withoutBrowser(connection.server())),
                        null));
    }

    /**
     * The start link, opened by the flow's owner: a fresh state and a browser-binding secret, and
     * the authorization server's URL to redirect to. Anyone else finds nothing here.
     */
    public BrowserRedirect open(String flowId, Identity identity) {
        Instant now = clock.instant();
        PendingAuthorization flow = flows.find(flowId)
                .filter(candidate -> candidate.isOwnedBy(identity.name()))
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND,
                        "This sign-in link does not exist or was started by someone else."));
        if (!flow.isPending(now)) {
            throw new ProblemException(Problem.FLOW_FINISHED, "This sign-in link has expired or was already used."
                    + " Start connecting again.");
        }
        McpServer server = flow.connection().server();
        ServerDiscovery found = discovery.discover(server, false);
        AuthorizationServerMetadata as = found.authorizationServer();
        if (!as.issuer().equals(flow.issuer())) {
            throw new ProblemException(Problem.FLOW_FINISHED, "The server has moved to another authorization server"
                    + " since this sign-in started. Start connecting again.");
        }
        // the client the flow was started with, never a newer one (RFC 9700 §4.4)
        OAuthClient client = boundClient(flow).orElseThrow(() -> new ProblemException(Problem.FLOW_FINISHED,
                "The broker's client at the authorization server changed since this sign-in started."
                        + " Start connecting again."));
        StateToken state = StateToken.generate();
        StateToken browserSecret = StateToken.generate();
        flows.update(flowId, pending -> pending.bind(state.hash(), browserSecret.hash()));
        Pkce pkce = Pkce.fromVerifier(flow.codeVerifier(sealer));
        URI location = AuthorizationUrl.to(as.authorizationEndpoint(), guard.allowsLoopbackHttp())
                .clientId(client.clientId())
                .redirectUri(broker.redirectUri())
                .state(state)
                .pkce(pkce)
                .scopes(new ScopeSelection(ScopeSelection.split(flow.scopes().orElse(null))))
                .resource(flow.resource().orElse(null))
                .extra(server.authorizationParameters().values())
                .build();
        return new BrowserRedirect(location, COOKIE_PREFIX + flowId, browserSecret.value(),
                Duration.between(now, flow.expiresAt()));
    }

    /**
     * A fault only the admin can fix (the server's configuration, or what its servers publish)
     * reaches the person as a plain statement; the admin's detail goes to the audit. Faults that
     * may pass by themselves are passed on as they are.
     */
    ProblemException configurationFault(ProblemException fault, Identity identity, EventSubject subject) {
        if (fault.problem().isRetryable() || fault.problem() == Problem.FORBIDDEN) {
            return fault;
        }
        events.fire(new AuthorizationFailed(subject, SERVER_NOT_SET_UP, fault.getMessage()));
        servers.configurationProblem(subject.serverId(), fault.getMessage());
        return identity.admin() ? fault : new ProblemException(Problem.SERVER_NOT_SET_UP,
                "This server is not set up correctly; your administrator has been told.");
    }

    public Optional<OAuthClient> boundClient(PendingAuthorization flow) {
        if (flow.tokenEndpoint().isEmpty() || flow.clientId().isEmpty() || flow.clientAuthMethod().isEmpty()) {
            return Optional.empty();
        }
        return registrations.boundClient(flow.connection().server(), flow.issuer(), flow.clientRegistrationId(),
                flow.clientId().get(), flow.clientAuthMethod().get());
    }

    static boolean isBoundTo(PendingAuthorization flow, AuthorizationServerMetadata as, OAuthClient client) {
        return flow.tokenEndpoint().filter(as.tokenEndpoint()::equals).isPresent()
                && flow.clientId().filter(client.clientId()::equals).isPresent();
    }

    void requireAllowedReturnUrl(String returnUrl) {
        URI uri;
        try {
            uri = URI.create(returnUrl);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.RETURN_URL_NOT_ALLOWED, "The return URL is not a valid URL.");
        }
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        boolean allowed = uri.isAbsolute() && uri.getRawUserInfo() == null
                && (origin.equalsIgnoreCase(broker.publicBaseUri().getScheme() + "://"
                        + broker.publicBaseUri().getRawAuthority())
                        || allowedReturnOrigins.stream().flatMap(origins -> Arrays.stream(origins.split(",")))
                                .map(String::strip).anyMatch(origin::equalsIgnoreCase));
        if (!allowed) {
            throw new ProblemException(Problem.RETURN_URL_NOT_ALLOWED, "The return URL's origin " + origin
                    + " is not allowed; admins list allowed origins in mcpoauth.authorization.allowed-return-origins.");
        }
    }

    FlowStart flowStart(PendingAuthorization flow) {
        return new FlowStart(flow.id(), flow.connection().id(),
                URI.create(broker.publicBaseUri() + START_PATH + flow.id()), flow.expiresAt());
    }
}
