package dev.mcpoauth.registration.boundary;

import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.ClientRegistered;
import dev.mcpoauth.events.entity.ClientRegistrationFailed;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.oauth.entity.ClientAssertion;
import dev.mcpoauth.oauth.entity.TokenEndpointAuthMethod;
import dev.mcpoauth.registration.control.AuthMethodNegotiation;
import dev.mcpoauth.registration.control.BrokerClient;
import dev.mcpoauth.registration.control.ClientAssertions;
import dev.mcpoauth.registration.control.ClientRegistrar;
import dev.mcpoauth.registration.entity.ClientInformation;
import dev.mcpoauth.registration.entity.ClientMetadata;
import dev.mcpoauth.registration.entity.ClientRegistration;
import dev.mcpoauth.registration.entity.OAuthClient;
import dev.mcpoauth.registration.entity.RegistrationMethod;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Obtains the broker's client at an authorization server, in the MCP spec's order: the admin's
 * pre-registered client, a Client ID Metadata Document, dynamic client registration (RFC 7591),
 * else a clear statement of what the admin must configure. Registrations are keyed by issuer
 * and redirect URI and shared by every connection; they never cross issuers (SEP-2352).
 */
@ApplicationScoped
public class Registrations {

    static final System.Logger LOGGER = System.getLogger(Registrations.class.getName());

    @Inject
    RegistrationStore store;

    @Inject
    ClientRegistrar registrar;

    @Inject
    BrokerClient broker;

    @Inject
    ClientAssertions assertions;

    @Inject
    SecretSealer sealer;

    @Inject
    Event<BrokerEvent> events;

    @Inject
    Clock clock;

    /** Issuers this node registers at, one lock each: a handful, as many as the authorization servers. */
    final ConcurrentHashMap<String, ReentrantLock> registering = new ConcurrentHashMap<>();

    public OAuthClient clientFor(McpServer server, AuthorizationServerMetadata as, EventSubject subject) {
        try {
            return switch (method(server, as)) {
                case PRE_REGISTERED -> preRegistered(server, as);
                case CLIENT_ID_METADATA_DOCUMENT -> metadataDocument(as, subject);
                case DYNAMIC -> dynamic(server, as, subject);
            };
        } catch (ProblemException e) {
            events.fire(new ClientRegistrationFailed(subject, as.issuer(), e.problem().name(), e.getMessage()));
            throw e;
        }
    }

    /** How the broker would become the server's client there, deciding without registering anything. */
    public RegistrationMethod method(McpServer server, AuthorizationServerMetadata as) {
        if (server.clientId().isPresent()) {
            requireIssuerOfPreRegistration(server, as);
            return RegistrationMethod.PRE_REGISTERED;
        }
        if (as.supportsCimd() && broker.metadataDocumentUrl().isPresent()) {
            return RegistrationMethod.CLIENT_ID_METADATA_DOCUMENT;
        }
        if (as.supportsDynamicRegistration()) {
            return RegistrationMethod.DYNAMIC;
        }
        throw new ProblemException(Problem.CLIENT_NOT_CONFIGURED, "The authorization server " + as.issuer()
                + " offers neither Client ID Metadata Documents nor dynamic client registration. Register the"
                + " broker there as a web client with the redirect URI " + broker.redirectUri()
                + ", then set its client id (and secret, if it has one) and the issuer " + as.issuer()
                + " on this MCP server.");
    }

    /**
     * Forgets the dynamic registration at an issuer (after {@code invalid_client} or an expired
     * secret), so that the next flow registers once more.
     */
    public boolean drop(String issuer) {
        return store.remove(issuer, broker.redirectUri());
    }

    /** The registration the broker holds at an issuer, if any, without registering. */
    public Optional<ClientRegistration> existing(String issuer) {
        return store.find(issuer, broker.redirectUri());
    }

    /**
     * Exactly the client a flow was started with (RFC 9700 §4.4): the stored registration it
     * named, or the server's pre-registered client when {@code registrationId} is empty; empty
     * when that client is gone or changed since, never another client.
     */
    public Optional<OAuthClient> boundClient(McpServer server, String issuer, Optional<String> registrationId,
            String clientId, String tokenEndpointAuthMethod) {
        if (registrationId.isPresent()) {
            return store.byId(registrationId.get())
                    .filter(registration -> registration.issuer().equals(issuer)
                            && registration.clientId().equals(clientId))
                    .map(this::open);
        }
        boolean unchanged = server.clientId().map(clientId::equals).orElse(false)
                && server.issuer().map(issuer::equals).orElse(false);
        if (!unchanged) {
            return Optional.empty();
        }
        return Optional.of(preRegistered(server, issuer, tokenEndpointAuthMethod));
    }

    /** Pre-registered credentials belong to one authorization server (SEP-2352). */
    static void requireIssuerOfPreRegistration(McpServer server, AuthorizationServerMetadata as) {
        if (!server.issuer().map(as.issuer()::equals).orElse(false)) {
            throw new ProblemException(Problem.CONFIGURATION_MISMATCH, "The pre-registered client "
                    + server.clientId().orElseThrow() + " is configured for issuer " + server.issuer().orElse("(none)")
                    + " but the MCP server uses " + as.issuer() + ". Set the issuer the client was registered at.");
        }
    }

    /** The configured method, else private_key_jwt with a configured key, else by the secret. */
    OAuthClient preRegistered(McpServer server, AuthorizationServerMetadata as) {
        String method = server.clientAuthMethod().orElseGet(() -> server.clientPrivateKey(sealer).isPresent()
                ? TokenEndpointAuthMethod.PRIVATE_KEY_JWT.wireName()
                : preRegisteredSecret(server) == null ? "none" : AuthMethodNegotiation.choose(as));
        return preRegistered(server, as.issuer(), method);
    }

    OAuthClient preRegistered(McpServer server, String issuer, String method) {
        ClientAssertion assertion = TokenEndpointAuthMethod.PRIVATE_KEY_JWT.wireName().equals(method)
                ? assertions.forServer(server, issuer) : null;
        return new OAuthClient(issuer, RegistrationMethod.PRE_REGISTERED, server.clientId().orElseThrow(),
                preRegisteredSecret(server), method, null, assertion);
    }

    String preRegisteredSecret(McpServer server) {
        return server.clientSecret(sealer).orElse(null);
    }

    OAuthClient metadataDocument(AuthorizationServerMetadata as, EventSubject subject) {
        String clientId = broker.metadataDocumentUrl().orElseThrow();
        Optional<ClientRegistration> existing = existing(as.issuer())
                .filter(registration -> registration.method() == RegistrationMethod.CLIENT_ID_METADATA_DOCUMENT
                        && registration.clientId().equals(clientId));
        if (existing.isEmpty()) {
            drop(as.issuer());
            ClientRegistration registration = new ClientRegistration(as.issuer(), broker.redirectUri(),
                    RegistrationMethod.CLIENT_ID_METADATA_DOCUMENT, clientId, "none", clock.instant());
            if (!remember(registration, subject)) {
                return open(existing(as.issuer()).orElseThrow());
            }
            return open(registration);
        }
        return open(existing.get());
    }

    OAuthClient dynamic(McpServer server, AuthorizationServerMetadata as, EventSubject subject) {
        return registered(as).orElseGet(() -> registeringOnce(as.issuer(),
                () -> registered(as).orElseGet(() -> register(server, as, subject))));
    }

    /** The usable dynamic registration at the issuer: not another method's, no expired secret. */
    Optional<OAuthClient> registered(AuthorizationServerMetadata as) {
        return existing(as.issuer())
                .filter(found -> found.method() == RegistrationMethod.DYNAMIC && !found.isSecretExpired(clock.instant()))
                .map(this::open);
    }

    /**
     * One registration at an issuer at a time: callers on this node queue on its lock here (so a
     * crowd waits without database connections), then hold its row lock across the cluster; each
     * one looks again for a registration once it holds both.
     */
    OAuthClient registeringOnce(String issuer, Supplier<OAuthClient> work) {
        ReentrantLock local = registering.computeIfAbsent(issuer, key -> new ReentrantLock());
        local.lock();
        try {
            try {
                store.ensureLock(issuer, broker.redirectUri());
            } catch (RuntimeException createdByAnotherNode) {
                // the primary key refused our row: theirs is there to lock
            }
            return store.underLock(issuer, broker.redirectUri(), work);
        } finally {
            local.unlock();
        }
    }

    OAuthClient register(McpServer server, AuthorizationServerMetadata as, EventSubject subject) {
        Instant now = clock.instant();
        Optional<ClientRegistration> existing = existing(as.issuer());
        existing.ifPresent(stale -> drop(as.issuer()));
        String requested = AuthMethodNegotiation.choose(as);
        ClientMetadata metadata = ClientMetadata.webClient(broker.clientName(), List.of(broker.redirectUri()),
                requested, server.scopes().orElse(null));
        ClientInformation information = registrar.register(as.registrationEndpoint(), metadata);
        String method = AuthMethodNegotiation.registered(information, requested);
        ClientRegistration registration = new ClientRegistration(as.issuer(), broker.redirectUri(),
                RegistrationMethod.DYNAMIC, information.clientId(), method, now);
        registration.secrets(sealer, information.clientSecret(), information.secretExpiry().orElse(null),
                information.registrationAccessToken(), information.registrationClientUri());
        return remember(registration, subject)
                ? new OAuthClient(as.issuer(), RegistrationMethod.DYNAMIC, information.clientId(),
                        information.clientSecret(), method, registration.id())
                : open(existing(as.issuer()).orElseThrow());
    }

    /** Stores a new registration; false when another node stored one for the same issuer first. */
    boolean remember(ClientRegistration registration, EventSubject subject) {
        try {
            store.add(registration);
        } catch (RuntimeException e) {
            if (existing(registration.issuer()).isEmpty()) {
                throw e;
            }
            LOGGER.log(System.Logger.Level.INFO, "Another node registered at {0} first; using its client",
                    registration.issuer());
            return false;
        }
        events.fire(new ClientRegistered(subject, registration.issuer(), registration.method().name(),
                registration.clientId()));
        return true;
    }

    OAuthClient open(ClientRegistration registration) {
        String secret = registration.clientSecret(sealer).orElse(null);
        return new OAuthClient(registration.issuer(), registration.method(), registration.clientId(), secret,
                registration.tokenEndpointAuthMethod(), registration.id());
    }
}
