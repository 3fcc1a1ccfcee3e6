package dev.mcpoauth.server.boundary;

import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.ServerChanged;
import dev.mcpoauth.events.entity.ServerCreated;
import dev.mcpoauth.events.entity.ServerDeleted;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.server.control.WorkloadTokenFiles;
import dev.mcpoauth.server.entity.ConnectionMode;
import dev.mcpoauth.server.entity.ExtraParameters;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.ServerGrant;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Admin CRUD of MCP servers. The pre-registered client secret is sealed on the way in and never
 * leaves. Each change is audited with the admin as actor once it has reached the database
 * (flushed), so that a refused write leaves no row claiming it happened.
 */
@ApplicationScoped
@Transactional
public class Servers {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Inject
    SecretSealer sealer;

    @Inject
    Clock clock;

    @Inject
    Caller caller;

    @Inject
    WorkloadTokenFiles workloadTokenFiles;

    @Inject
    Event<BrokerEvent> events;

    public McpServer create(ServerInput input) {
        requireUniqueName(input.name, null);
        McpServer server = new McpServer(input.name, input.url, clock.instant());
        apply(server, input);
        em.persist(server);
        em.flush();
        events.fire(new ServerCreated(server.eventSubject(clock.instant(), caller.name()), server.name(), server.url()));
        return server;
    }

    /** The server an input describes, not stored: what validation on save looks at. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public McpServer preview(ServerInput input) {
        McpServer server = new McpServer(input.name, input.url, clock.instant());
        apply(server, input);
        return server;
    }

    public List<McpServer> all() {
        return em.createNamedQuery(McpServer.ALL, McpServer.class).getResultList();
    }

    public McpServer find(String id) {
        McpServer server = em.find(McpServer.class, id);
        if (server == null) {
            throw new ProblemException(Problem.NOT_FOUND, "There is no MCP server with id " + id + ".");
        }
        return server;
    }

    public McpServer update(String id, ServerInput input) {
        McpServer server = find(id);
        requireUniqueName(input.name, id);
        apply(server, input);
        em.flush();
        events.fire(new ServerChanged(server.eventSubject(clock.instant(), caller.name()), server.name(), server.url()));
        return server;
    }

    /**
     * Records what is wrong with a server's configuration (null: nothing), in a transaction of
     * its own so that it stays when the request that found it fails.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void configurationProblem(String id, String problem) {
        McpServer server = em.find(McpServer.class, id);
        if (server != null) {
            server.configurationProblem(problem, clock.instant());
        }
    }

    public void delete(String id) {
        McpServer server = find(id);
        em.remove(server);
        em.flush();
        events.fire(new ServerDeleted(server.eventSubject(clock.instant(), caller.name()), server.name(), server.url()));
    }

    void apply(McpServer server, ServerInput input) {
        Instant now = clock.instant();
        server.describe(input.name, input.url, input.authModeOrDefault(), now);
        if (input.connectionModeOrDefault() == ConnectionMode.SHARED) {
            server.shareWith(input.sharedRole, now);
        } else {
            server.connectPerUser(now);
        }
        server.overrideOAuth(blankToNull(input.issuer), blankToNull(input.scopes), input.sendResourceOrDefault(),
                input.pkcePolicyOrDefault(), Duration.ofSeconds(input.metadataTtlSecondsOrDefault()), now);
        server.sendScope(input.sendScopeOrDefault(), now);
        server.resourceOverride(blankToNull(input.resource), now);
        server.dpop(input.dpopOrDefault(), now);
        server.extraParameters(new ExtraParameters(input.authorizationParameters),
                new ExtraParameters(input.tokenParameters), now);
        String clientId = blankToNull(input.clientId);
        String secret = blankToNull(input.clientSecret);
        server.preRegister(clientId, secret, blankToNull(input.clientPrivateKey), blankToNull(input.clientAuthMethod),
                sealer, now);
        String tokenFile = blankToNull(input.workloadTokenFile);
        if (tokenFile != null) {
            workloadTokenFiles.requireAllowed(tokenFile);
        }
        server.obtainBy(input.grantOrDefault(), blankToNull(input.workloadToken), tokenFile,
                blankToNull(input.idpTokenEndpoint), blankToNull(input.idpClientId), blankToNull(input.idpClientSecret),
                sealer, now);
        if (server.grant() == ServerGrant.WORKLOAD_IDENTITY && server.workloadToken(sealer).isEmpty()
                && server.workloadTokenFile().isEmpty()) {
            throw new ProblemException(Problem.INVALID_INPUT, "WORKLOAD_IDENTITY needs workloadToken or"
                    + " workloadTokenFile.");
        }
    }

    void requireUniqueName(String name, String exceptId) {
        boolean taken = em.createNamedQuery(McpServer.BY_NAME, McpServer.class)
                .setParameter("name", name)
                .getResultStream()
                .anyMatch(other -> !other.id().equals(exceptId));
        if (taken) {
            throw new ProblemException(Problem.CONFLICT, "An MCP server named '" + name + "' already exists.");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
