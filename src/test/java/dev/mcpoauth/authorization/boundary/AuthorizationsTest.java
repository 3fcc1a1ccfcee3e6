package dev.mcpoauth.authorization.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.authorization.entity.AuthorizationRequiredException;
import dev.mcpoauth.authorization.entity.PendingAuthorization;
import dev.mcpoauth.events.entity.AuthorizationFailed;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.RecordedEvents;
import dev.mcpoauth.registration.control.BrokerClient;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Servers;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.testing.SettableClock;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The decisions taken before any authorization server is asked: who may connect, and who may open a link. */
class AuthorizationsTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final McpServer SERVER = new McpServer("files", "https://mcp.example.com/mcp", NOW);
    static final Connection ALICES = Connection.ofUser(SERVER, "alice", NOW);
    static final Connection OPERATORS = Connection.sharedBy(SERVER, "operators", NOW);
    static final Identity ALICE = new Identity("alice", false, Set.of("mcp-user")::contains);
    static final Identity OPERATOR = new Identity("carol", false, Set.of("mcp-user", "operators")::contains);
    static final Identity ADMIN = new Identity("root", true, Set.of("mcp-admin")::contains);

    static final SecretSealer SEALER = new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));

    final SettableClock clock = new SettableClock(NOW);
    final RecordedEvents events = new RecordedEvents();
    final List<String> configurationProblems = new ArrayList<>();
    final PendingAuthorization flow = new PendingAuthorization("flow-1", ALICES, "alice", "a".repeat(64),
            "verifier", SEALER, "https://as.example.com", null, null, NOW, NOW.plus(Duration.ofMinutes(5)));
    final Authorizations authorizations = new Authorizations();

    AuthorizationsTest() {
        authorizations.clock = clock;
        authorizations.events = events;
        authorizations.broker = new BrokerClient("https://broker.example.com", "broker", Optional.empty());
        authorizations.allowedReturnOrigins = Optional.of("https://app.example.com");
        authorizations.servers = new Servers() {
            @Override
            public void configurationProblem(String id, String problem) {
                configurationProblems.add(problem);
            }
        };
        authorizations.flows = new FlowStore() {
            @Override
            public Optional<PendingAuthorization> find(String flowId) {
                return Optional.of(flow).filter(candidate -> candidate.id().equals(flowId));
            }
        };
    }

    static Problem problemOf(Throwable e) {
        return ((ProblemException) e).problem();
    }

    @Test
    void refusesToConnectSomeoneElsesConnection() {
        assertThatThrownBy(() -> authorizations.start(ALICES, ADMIN, Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.FORBIDDEN);
                    assertThat(e.getMessage()).contains("Only the owner");
                });
    }

    @Test
    void refusesAMemberWhoIsNoAdminToConnectASharedConnection() {
        assertThatThrownBy(() -> authorizations.start(OPERATORS, OPERATOR, Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.FORBIDDEN);
                    assertThat(e.getMessage()).contains("Only an admin");
                });
    }

    @Test
    void refusesAReturnUrlOfAnOriginNotAllowed() {
        assertThatThrownBy(() -> authorizations.start(ALICES, ALICE, Optional.empty(),
                Optional.of("https://evil.example.net/after")))
                .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.RETURN_URL_NOT_ALLOWED));
        assertThatThrownBy(() -> authorizations.requireAllowedReturnUrl("https://user@app.example.com/"))
                .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.RETURN_URL_NOT_ALLOWED));
    }

    @Test
    void allowsReturningToTheBrokerOrAnAllowedOrigin() {
        authorizations.requireAllowedReturnUrl("https://broker.example.com/connected");
        authorizations.requireAllowedReturnUrl("https://APP.example.com/done?x=1");
    }

    @Test
    void requiresAuthorizationWithoutALinkFromSomeoneWhoCannotCompleteIt() {
        AuthorizationRequiredException required = authorizations.authorizationRequired(OPERATORS, OPERATOR,
                Optional.empty(), "Your access to files has ended.");

        assertThat(required.problem()).isEqualTo(Problem.AUTHORIZATION_REQUIRED);
        assertThat(required.flow()).isEmpty();
        assertThat(required.getMessage()).isEqualTo("Your access to files has ended. Its owner must connect again.");
        assertThat(required.extensions()).containsEntry("requiresReauthorization", true)
                .doesNotContainKey("authorizationUrl");
    }

    @Test
    void requiresAnAdminForASharedConnectionWithNoOneAtHand() {
        AuthorizationRequiredException required = authorizations.authorizationRequired(OPERATORS,
                "Your access to files has ended; connect again.");

        assertThat(required.flow()).isEmpty();
        assertThat(required.getMessage()).endsWith("An admin must connect this shared server.");
    }

    @Test
    void opensNoLinkStartedBySomeoneElse() {
        assertThatThrownBy(() -> authorizations.open("flow-1", ADMIN))
                .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.NOT_FOUND));
        assertThatThrownBy(() -> authorizations.open("flow-2", ALICE))
                .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.NOT_FOUND));
    }

    @Test
    void opensNoLinkOfAFlowThatExpiredOrWasClaimed() {
        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> authorizations.open("flow-1", ALICE))
                .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.FLOW_FINISHED));

        clock.advance(Duration.ofMinutes(-4));
        flow.claim(clock.instant());
        assertThatThrownBy(() -> authorizations.open("flow-1", ALICE))
                .satisfies(e -> assertThat(problemOf(e)).isEqualTo(Problem.FLOW_FINISHED));
    }

    @Test
    void tellsAPersonPlainlyWhatOnlyTheAdminCanFixAndTheAuditTheDetail() {
        EventSubject subject = ALICES.eventSubject(NOW, "alice");
        ProblemException fault = new ProblemException(Problem.ISSUER_MISMATCH, "The metadata names another issuer.");

        ProblemException told = authorizations.configurationFault(fault, ALICE, subject);

        assertThat(told.problem()).isEqualTo(Problem.SERVER_NOT_SET_UP);
        assertThat(told.getMessage()).doesNotContain("issuer");
        assertThat(events.fired).singleElement().isInstanceOfSatisfying(AuthorizationFailed.class,
                failed -> assertThat(failed.message()).isEqualTo("The metadata names another issuer."));
        assertThat(configurationProblems).containsExactly("The metadata names another issuer.");
        assertThat(authorizations.configurationFault(fault, ADMIN, subject)).as("an admin sees the detail")
                .isSameAs(fault);
    }

    @Test
    void passesOnAFaultThatMayPassByItself() {
        ProblemException fault = new ProblemException(Problem.UPSTREAM_UNAVAILABLE, "The server did not answer.");

        assertThat(authorizations.configurationFault(fault, ALICE, ALICES.eventSubject(NOW, "alice"))).isSameAs(fault);
        assertThat(events.fired).isEmpty();
        assertThat(configurationProblems).isEmpty();
    }
}
