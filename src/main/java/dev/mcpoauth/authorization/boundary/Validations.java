package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.authorization.control.DpopRequirement;
import dev.mcpoauth.authorization.control.PkceRequirement;
import dev.mcpoauth.authorization.entity.ValidationStep.Outcome;
import dev.mcpoauth.authorization.entity.ValidationStep;
import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.ServerValidated;
import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.registration.boundary.Registrations;
import dev.mcpoauth.registration.entity.OAuthClient;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.server.boundary.Servers;
import dev.mcpoauth.server.entity.AuthMode;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.ServerValidation;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs what a first connection would run before the browser opens: discovery, the PKCE check
 * and the client decision (registering the broker when it has to), and tells each outcome in
 * plain language. No user's connection, flow or token is touched.
 */
@ApplicationScoped
public class Validations {

    @Inject
    Servers servers;

    @Inject
    Discovery discovery;

    @Inject
    Registrations registrations;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Inject
    Event<BrokerEvent> events;

    /** Audited as {@link ServerValidated} with the admin as actor, naming the failed step, not its message. */
    public JsonObject validate(String serverId, boolean refresh) {
        McpServer server = servers.find(serverId);
        List<ValidationStep> steps = new ArrayList<>();
        ServerDiscovery found = null;
        EventSubject subject = server.eventSubject(clock.instant(), caller.name());
        try {
            found = discovery.discover(server, refresh);
            steps.add(ValidationStep.passed("discovery", describe(found)));
            steps.add(pkce(server, found.authorizationServer()));
            steps.add(ValidationStep.passed("client", describe(registrations.clientFor(server,
                    found.authorizationServer(), subject))));
        } catch (ProblemException e) {
            steps.add(ValidationStep.failed(nextStep(steps), e.getMessage()));
            if (found != null) {
                // nothing cached for a server that fails: once the admin fixes it, validating again rediscovers
                discovery.forget(server);
            }
        }
        while (steps.size() < 3) {
            steps.add(ValidationStep.skipped(nextStep(steps)));
        }
        Optional<ValidationStep> failed = steps.stream().filter(step -> step.outcome() == Outcome.FAILED).findFirst();
        servers.configurationProblem(server.id(), failed.map(ValidationStep::message).orElse(null));
        events.fire(new ServerValidated(server.eventSubject(clock.instant(), caller.name()), server.name(), failed.map(ValidationStep::step).orElse(null)));
        return report(server, found, steps);
    }

    void checkBeforeSave(@Observes ServerValidation validation) {
        checkBeforeSave(validation.candidate(), validation.serverId()).ifPresent(validation::warn);
    }

    /**
     * Validation on save: discovery, the PKCE and DPoP policies and the broker's client, registering the
     * broker when the authorization server needs dynamic registration, so that a refusal (say
     * {@code invalid_redirect_uri}) reaches the admin now rather than the first person who
     * connects. A configuration the servers prove unworkable is refused with the reason; one that
     * cannot be checked now (a server not answering) is accepted, with the reason returned as a warning.
     *
     * @param serverId the saved server's id for the audit, empty for a server not created yet
     */
    public Optional<String> checkBeforeSave(McpServer candidate, Optional<String> serverId) {
        if (candidate.authMode() == AuthMode.NONE) {
            return Optional.empty();
        }
        try {
            ServerDiscovery found = discovery.discover(candidate, true);
            PkceRequirement.check(candidate.pkcePolicy(), found.authorizationServer());
            DpopRequirement.applies(candidate.dpop(), found.authorizationServer());
            EventSubject subject = new EventSubject(clock.instant(), caller.name(), null, serverId.orElse(null), null,
                    null);
            registrations.clientFor(candidate, found.authorizationServer(), subject);
            return Optional.empty();
        } catch (ProblemException e) {
            if (e.problem().isRetryable()) {
                return Optional.of("Not checked now: " + e.getMessage());
            }
            throw new ProblemException(Problem.SERVER_CONFIGURATION_REFUSED, e.getMessage(),
                    Map.of("cause", e.problem().type().toString()));
        }
    }

    static String nextStep(List<ValidationStep> steps) {
        return List.of("discovery", "pkce", "client").get(steps.size());
    }

    static ValidationStep pkce(McpServer server, AuthorizationServerMetadata as) {
        return ValidationStep.passed("pkce", PkceRequirement.check(server.pkcePolicy(), as));
    }

    static String describe(ServerDiscovery found) {
        String origin = found.fromCache() ? "Cached since " + found.fetchedAt() + ": t" : "T";
        if (found.isLegacy()) {
            return origin + "he MCP server asks for authorization but publishes no protected-resource metadata;"
                    + " as a 2025-03-26 server it uses the authorization server " + found.issuer() + ".";
        }
        return origin + "he MCP server asks for authorization and names the authorization server " + found.issuer()
                + " for the resource " + found.resource() + ".";
    }

    static String describe(OAuthClient client) {
        return switch (client.method()) {
            case PRE_REGISTERED -> "Uses the pre-registered client " + client.clientId() + " ("
                    + client.tokenEndpointAuthMethod() + ").";
            case CLIENT_ID_METADATA_DOCUMENT -> "Uses the broker's Client ID Metadata Document " + client.clientId()
                    + ".";
            case DYNAMIC -> "Holds the dynamically registered client " + client.clientId() + " ("
                    + client.tokenEndpointAuthMethod() + ").";
        };
    }

    static JsonObject report(McpServer server, ServerDiscovery found, List<ValidationStep> steps) {
        var json = JsonBuilders.object()
                .add("serverId", server.id())
                .add("name", server.name())
                .add("valid", steps.stream().allMatch(step -> step.outcome() == Outcome.PASSED));
        if (found != null) {
            json.add("issuer", found.issuer())
                    .add("resource", found.resource())
                    .add("fromCache", found.fromCache())
                    .add("discoveredAt", found.fetchedAt().toString());
        }
        var array = JsonBuilders.array();
        steps.forEach(step -> array.add(step.toJSON()));
        return json.add("steps", array).build();
    }
}
