package dev.mcpoauth.token.boundary;

import dev.mcpoauth.authorization.boundary.Authorizations;
import dev.mcpoauth.authorization.boundary.FlowStore;
import dev.mcpoauth.authorization.control.FlowBinding;
import dev.mcpoauth.authorization.control.InvalidScope;
import dev.mcpoauth.authorization.control.IssuerCheck;
import dev.mcpoauth.authorization.entity.AuthorizationResponse;
import dev.mcpoauth.authorization.entity.AuthorizationStatus;
import dev.mcpoauth.authorization.entity.PendingAuthorization;
import dev.mcpoauth.authorization.entity.StateToken;
import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.events.entity.AuthorizationCompleted;
import dev.mcpoauth.events.entity.AuthorizationFailed;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.oauth.entity.OAuthError;
import dev.mcpoauth.oauth.entity.OAuthRequestException;
import dev.mcpoauth.registration.boundary.Registrations;
import dev.mcpoauth.registration.control.BrokerClient;
import dev.mcpoauth.registration.entity.OAuthClient;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.ConnectionStatus;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.token.control.TokenEndpoint;
import dev.mcpoauth.token.entity.CallbackOutcome;
import dev.mcpoauth.token.entity.TokenResponse;
import dev.mcpoauth.token.entity.TokenSet;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The end of a flow: the authorization server's answer, taken exactly once. Unknown, used,
 * expired and foreign-browser answers are refused before anything is sent anywhere; RFC 9207
 * {@code iss} is checked without normalising; the code is exchanged once (never retried: codes
 * are single use, RFC 6749 §4.1.2) and the tokens sealed.
 */
@ApplicationScoped
public class Callbacks {

    static final System.Logger LOGGER = System.getLogger(Callbacks.class.getName());

    @Inject
    Connections connections;

    @Inject
    Discovery discovery;

    @Inject
    Registrations registrations;

    @Inject
    FlowStore flows;

    @Inject
    Authorizations authorizations;

    @Inject
    TokenStore tokens;

    @Inject
    TokenEndpoint tokenEndpoint;

    @Inject
    BrokerClient broker;

    @Inject
    SecretSealer sealer;

    @Inject
    Event<BrokerEvent> events;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.default-lifetime", defaultValue = "PT1H")
    Duration defaultTokenLifetime;

    /**
     * The redirect back from the authorization server, in the browser that opened the start link
     * (its cookie proves it).
     */
    public CallbackOutcome callback(Map<String, List<String>> query, Function<String, Optional<String>> cookie) {
        AuthorizationResponse response;
        try {
            response = AuthorizationResponse.fromQuery(query);
        } catch (IllegalArgumentException e) {
            return CallbackOutcome.refused("malformed_response", "The sign-in answer was incomplete or malformed."
                    + " Start connecting again.");
        }
        Optional<PendingAuthorization> found = flows.byStateHash(StateToken.hash(response.state()));
        if (found.isEmpty()) {
            return CallbackOutcome.refused("state_unknown", "This sign-in answer is unknown or was already used."
                    + " Start connecting again.");
        }
        PendingAuthorization flow = found.get();
        Instant now = clock.instant();
        if (flow.status() == AuthorizationStatus.EXPIRED) {
            // the stale-flows timer may have marked it before the browser came back
            return CallbackOutcome.failed("state_expired", "This sign-in took too long and expired. Start"
                    + " connecting again.", flow);
        }
        if (flow.status() != AuthorizationStatus.PENDING) {
            return CallbackOutcome.failed("state_used", "This sign-in answer was already used. If you are not"
                    + " connected, start connecting again.", flow);
        }
        if (flow.isExpired(now)) {
            flows.update(flow.id(), pending -> pending.expire(now));
            return CallbackOutcome.failed("state_expired", "This sign-in took too long and expired. Start"
                    + " connecting again.", flow);
        }
        boolean sameBrowser = cookie.apply(Authorizations.COOKIE_PREFIX + flow.id())
                .map(secret -> flow.browserSecretHash().map(new StateToken(secret)::matches).orElse(false))
                .orElse(false);
        if (!sameBrowser) {
            return CallbackOutcome.refused("other_browser", "This sign-in was started in another browser. Open the"
                    + " connect link again in the browser you are using now.");
        }
        return finish(flow, response);
    }

    /**
     * The code and state a front end on another origin received: the caller authenticates and
     * must own the flow, which stands in for the browser binding.
     */
    public CallbackOutcome exchange(Identity identity, String code, String state, String iss) {
        PendingAuthorization flow = flows.byStateHash(StateToken.hash(state))
                .filter(candidate -> candidate.isOwnedBy(identity.name()))
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND,
                        "There is no sign-in of yours waiting for this answer."));
        return finish(flow, new AuthorizationResponse(code, state, iss, null));
    }

    CallbackOutcome finish(PendingAuthorization flow, AuthorizationResponse response) {
        Instant now = clock.instant();
        if (!flows.claim(flow, now)) {
            if (flow.status() == AuthorizationStatus.PENDING && flow.isExpired(now)) {
                flows.update(flow.id(), pending -> pending.expire(now));
                return CallbackOutcome.failed("state_expired", "This sign-in took too long and expired. Start"
                        + " connecting again.", flow);
            }
            return CallbackOutcome.failed("state_used", "This sign-in answer was already used. If you are not"
                    + " connected, start connecting again.", flow);
        }
        McpServer server = flow.connection().server();
        EventSubject subject = flow.connection().eventSubject(now, flow.userName());
        try {
            IssuerCheck issuer = IssuerCheck.verify(response, flow.issuer(), flow.issRequired());
            if (!issuer.passed()) {
                // RFC 9207 §2.4: the answer may come from another server; its error fields are not shown
                return fail(flow, subject, issuer == IssuerCheck.MISSING ? "iss_missing" : "iss_mismatch",
                        "The sign-in answer did not come from the expected authorization server, so it was"
                                + " refused. Start connecting again.");
            }
            FlowBinding binding = FlowBinding.check(flow.issuer(), flow.tokenEndpoint(), server.issuer(),
                    discovery.lastKnownIssuer(server));
            if (binding != FlowBinding.KEPT) {
                return fail(flow, subject, binding.code(), binding == FlowBinding.ISSUER_CHANGED
                        ? "This MCP server now uses another authorization server than the one this sign-in started"
                                + " with, so the sign-in answer was not used. Start connecting again."
                        : "This sign-in was started before the broker was updated. Start connecting again.");
            }
            if (response.isError()) {
                return fail(flow, subject, response.error().error(), describeRedirected(response, flow));
            }
            Optional<OAuthClient> client = authorizations.boundClient(flow);
            if (client.isEmpty()) {
                return fail(flow, subject, "client_changed", "The broker's client at the authorization server"
                        + " changed since this sign-in started, so the sign-in answer was not used. Start connecting"
                        + " again.");
            }
            String verifier = flow.codeVerifier(sealer);
            // a new grant, a new key: the connection's first token request of it (RFC 9449 §5)
            DpopKey dpop = flow.usesDpop() ? DpopKey.generate() : null;
            // the token endpoint the flow started with, never the one discovery names now (RFC 9700 §4.4)
            TokenResponse granted = tokenEndpoint.exchangeCode(flow.tokenEndpoint().orElseThrow(),
                    client.get().authentication(), response.code(), verifier, broker.redirectUri(),
                    flow.resource().orElse(null), flow.connection().server().tokenParameters().values(), dpop);
            String scopes = granted.scope() != null ? granted.scope() : flow.scopes().orElse(null);
            Instant expiresAt = granted.expiresAt(now, defaultTokenLifetime);
            tokens.save(flow.connection().id(), flow.issuer(), granted, dpop, scopes, now, expiresAt);
            connections.connected(flow.connection().id(), flow.issuer(), scopes);
            Instant signInAgainAt = granted.hasRefreshToken() ? null : expiresAt;
            String notice = signInAgainAt == null ? null : TokenSet.noRefreshTokenNotice(signInAgainAt);
            flows.update(flow.id(), done -> done.complete(now, notice));
            events.fire(new AuthorizationCompleted(subject, flow.issuer(), scopes, signInAgainAt));
            return CallbackOutcome.connected(flow, notice);
        } catch (OAuthRequestException.Rejected e) {
            if (e.error().isInvalidClient()) {
                registrations.drop(flow.issuer());
                return fail(flow, subject, "invalid_client", "The authorization server no longer knows the broker's"
                        + " registration; it was dropped and will be renewed. Start connecting again.");
            }
            return fail(flow, subject, e.error().error(), describe(e.error(), flow));
        } catch (OAuthRequestException.Transient e) {
            // the code is single use (RFC 6749 §4.1.2): never sent twice, so the person starts again
            return fail(flow, subject, "temporarily_unavailable", "The authorization server " + e.plainReason()
                    + ". Start connecting again in a moment.");
        } catch (OAuthRequestException.BadResponse e) {
            return fail(flow, subject, "bad_token_response", "The authorization server's answer could not be used: "
                    + e.getMessage());
        } catch (ProblemException e) {
            // a fault only the admin can fix: the person is told so, the admin's detail goes to the audit
            return fail(flow, subject, Authorizations.SERVER_NOT_SET_UP, "This server is not set up correctly;"
                    + " your administrator has been told.", e.getMessage());
        }
    }

    CallbackOutcome fail(PendingAuthorization flow, EventSubject subject, String code, String message) {
        return fail(flow, subject, code, message, message);
    }

    /** {@code auditDetail} is for the audit trail only; the person sees {@code message}. */
    CallbackOutcome fail(PendingAuthorization flow, EventSubject subject, String code, String message,
            String auditDetail) {
        Instant now = clock.instant();
        flows.update(flow.id(), failed -> failed.fail(code, message, now));
        if (flow.connection().status() != ConnectionStatus.CONNECTED) {
            connections.changeStatus(flow.connection().id(), ConnectionStatus.FAILED, message);
        }
        events.fire(new AuthorizationFailed(subject, code, auditDetail));
        LOGGER.log(System.Logger.Level.INFO, "Authorization flow {0} failed: {1}", flow.id(), code);
        return CallbackOutcome.failed(code, message, flow);
    }

    /**
     * An error of the token endpoint in plain words: the catalogue's, never the server's
     * {@code error_description} (it may echo the client secret, the code or the verifier).
     */
    static String describe(OAuthError error, PendingAuthorization flow) {
        return switch (error.error()) {
            case "invalid_grant" -> "The authorization server did not accept the sign-in answer (invalid_grant)."
                    + " Start connecting again.";
            case "invalid_scope" -> InvalidScope.message(flow.scopes());
            default -> error.plainMessage();
        };
    }

    /**
     * An error the authorization endpoint sent through the browser: the catalogue's words, then
     * the server's own description, bounded and labelled as its words (pages escape it).
     */
    static String describeRedirected(AuthorizationResponse response, PendingAuthorization flow) {
        OAuthError error = response.error();
        String message = describe(error, flow);
        if (error.errorDescription() == null) {
            return message;
        }
        // the state is the one value of the broker's that such a description could echo
        String said = response.state() == null ? error.errorDescription()
                : error.errorDescription().replace(response.state(), "[redacted]");
        return message + " The authorization server said: \u201c" + said + "\u201d";
    }

}
