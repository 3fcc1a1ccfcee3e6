package dev.mcpoauth.authorization.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.Outcome;
import dev.mcpoauth.events.entity.RecordedEvents;
import dev.mcpoauth.events.entity.ServerValidated;
import dev.mcpoauth.registration.boundary.Registrations;
import dev.mcpoauth.registration.entity.OAuthClient;
import dev.mcpoauth.registration.entity.RegistrationMethod;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.server.boundary.Servers;
import dev.mcpoauth.server.entity.AuthMode;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.ServerValidation;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The validation report, and what a failed validation leaves cached. */
class ValidationsTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final String MCP_URL = "https://mcp.example.com/mcp";

    final McpServer server = new McpServer("files", MCP_URL, NOW);
    final List<String> forgotten = new ArrayList<>();
    final List<EventSubject> registering = new ArrayList<>();
    AuthorizationServerMetadata as = AuthorizationServerMetadata.legacyDefaults(URI.create(MCP_URL));
    ProblemException registrationFailure;
    ProblemException discoveryFailure;
    Validations validations;
    final RecordedEvents events = new RecordedEvents();

    @BeforeEach
    void wire() {
        server.describe("files", MCP_URL, AuthMode.OAUTH2, NOW);
        validations = new Validations();
        validations.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        validations.events = events;
        validations.servers = new Servers() {
            @Override
            public McpServer find(String id) {
                return server;
            }

            @Override
            public void configurationProblem(String id, String problem) {
                server.configurationProblem(problem, NOW);
            }
        };
        validations.caller = new Caller() {
            @Override
            public String name() {
                return "root";
            }
        };
        validations.discovery = new Discovery() {
            @Override
            public ServerDiscovery discover(McpServer target, boolean refresh) {
                if (discoveryFailure != null) {
                    throw discoveryFailure;
                }
                return new ServerDiscovery(MCP_URL, null, null, null, as, MCP_URL, NOW, false);
            }

            @Override
            public void forget(McpServer target) {
                forgotten.add(target.url());
            }
        };
        validations.registrations = new Registrations() {
            @Override
            public OAuthClient clientFor(McpServer target, AuthorizationServerMetadata metadata, EventSubject subject) {
                registering.add(subject);
                if (registrationFailure != null) {
                    throw registrationFailure;
                }
                return new OAuthClient(metadata.issuer(), RegistrationMethod.DYNAMIC, "client-1", "secret",
                        "client_secret_basic");
            }
        };
    }

    JsonObject step(JsonObject report, int index) {
        return report.getJsonArray("steps").getJsonObject(index);
    }

    @Test
    void keepsTheDiscoveryOfAServerThatPasses() {
        JsonObject report = validations.validate(server.id(), false);

        assertThat(report.getBoolean("valid")).as(report.toString()).isTrue();
        assertThat(forgotten).isEmpty();
    }

    @Test
    void forgetsTheDiscoveryOfAServerWhoseClientCannotBeObtained() {
        registrationFailure = new ProblemException(Problem.REGISTRATION_REJECTED,
                "The authorization server refused the registration: invalid_client_metadata.");

        JsonObject report = validations.validate(server.id(), false);

        assertThat(step(report, 2).getString("outcome")).isEqualTo("FAILED");
        assertThat(step(report, 2).getString("message")).contains("invalid_client_metadata");
        assertThat(forgotten).as("the next validation rediscovers the fixed server").containsExactly(MCP_URL);
        assertThat(server.configurationProblem()).as("kept for the admin").hasValueSatisfying(problem ->
                assertThat(problem).contains("invalid_client_metadata"));

        registrationFailure = null;
        validations.validate(server.id(), false);

        assertThat(server.configurationProblem()).as("cleared once it passes").isEmpty();
    }

    @Test
    void auditsEachValidationWithTheAdminAndTheFailedStepButNotItsMessage() {
        validations.validate(server.id(), false);
        registrationFailure = new ProblemException(Problem.REGISTRATION_REJECTED,
                "The authorization server refused the registration: invalid_client_metadata.");
        validations.validate(server.id(), false);

        assertThat(events.fired).hasSize(2).allSatisfy(event -> {
            assertThat(event).isInstanceOf(ServerValidated.class);
            assertThat(event.subject().actor()).isEqualTo("root");
            assertThat(event.subject().serverId()).isEqualTo(server.id());
            assertThat(event.subject().user()).isNull();
        });
        ServerValidated passed = (ServerValidated) events.fired.get(0);
        ServerValidated failed = (ServerValidated) events.fired.get(1);
        assertThat(passed.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(passed.details()).contains("'files'", "passed");
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(failed.failedStep()).isEqualTo("client");
        assertThat(failed.details()).contains("client step").doesNotContain("invalid_client_metadata");
    }

    @Test
    void forgetsTheDiscoveryOfAServerThatFailsThePkceCheck() {
        as = new AuthorizationServerMetadata(MCP_URL, MCP_URL + "/authorize", MCP_URL + "/token", null, null, null,
                null, List.of(), List.of(), List.of(), List.of("plain"), List.of(), List.of(), false, false, null);

        JsonObject report = validations.validate(server.id(), false);

        assertThat(step(report, 1).getString("outcome")).isEqualTo("FAILED");
        assertThat(step(report, 2).getString("outcome")).isEqualTo("SKIPPED");
        assertThat(forgotten).containsExactly(MCP_URL);
    }

    @Test
    void hasNothingToForgetWhenDiscoveryFails() {
        discoveryFailure = new ProblemException(Problem.RESOURCE_MISMATCH, "another resource");

        JsonObject report = validations.validate(server.id(), false);

        assertThat(step(report, 0).getString("outcome")).isEqualTo("FAILED");
        assertThat(forgotten).isEmpty();
    }

    @Test
    void registersTheBrokerWhenSavingSoThatTheAdminSeesARefusalThen() {
        assertThat(validations.checkBeforeSave(server, Optional.of("server-7"))).isEmpty();
        assertThat(registering).extracting(EventSubject::serverId).containsExactly("server-7");

        registrationFailure = new ProblemException(Problem.REGISTRATION_REJECTED,
                "The authorization server refused the registration: invalid_redirect_uri. The broker registers the"
                        + " redirect URI http://127.0.0.1:8080/oauth/callback");
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> validations.checkBeforeSave(server, Optional.empty()));

        assertThat(refused.problem()).isEqualTo(Problem.SERVER_CONFIGURATION_REFUSED);
        assertThat(refused.getMessage()).contains("invalid_redirect_uri", "/oauth/callback");
    }

    @Test
    void letsASavedServerPassWithAWarningWhenItsServersCannotBeCheckedNow() {
        discoveryFailure = new ProblemException(Problem.UPSTREAM_UNAVAILABLE, "The MCP server did not answer.");
        ServerValidation validation = new ServerValidation(server, "server-7");

        validations.checkBeforeSave(validation);

        assertThat(validation.warning()).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("Not checked now: "));
    }

    @Test
    void refusesTheSaveOfAServerItsServersProveUnworkable() {
        registrationFailure = new ProblemException(Problem.REGISTRATION_REJECTED, "invalid_redirect_uri");
        ServerValidation validation = new ServerValidation(server, null);

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> validations.checkBeforeSave(validation));

        assertThat(refused.problem()).isEqualTo(Problem.SERVER_CONFIGURATION_REFUSED);
        assertThat(registering).extracting(EventSubject::serverId).containsExactly((String) null);
    }

    @Test
    void checksNothingForAServerWithoutAuthorization() {
        server.describe("files", MCP_URL, AuthMode.NONE, NOW);
        discoveryFailure = new ProblemException(Problem.UPSTREAM_UNAVAILABLE, "never asked");
        ServerValidation validation = new ServerValidation(server, "server-7");

        validations.checkBeforeSave(validation);

        assertThat(validation.warning()).isEmpty();
        assertThat(registering).isEmpty();
    }
}
