package dev.mcpoauth.server.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.ServerDeletion;
import dev.mcpoauth.server.entity.ServerValidation;
import dev.mcpoauth.testing.ObservedEvent;
import dev.mcpoauth.testing.SettableClock;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Saving asks the observers first when validation is on; deleting lets them end the grants first. */
class ServersResourceTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    final List<String> steps = new ArrayList<>();
    final McpServer stored = new McpServer("files", "https://mcp.example.com/mcp", NOW);
    final ServersResource resource = new ServersResource();
    Consumer<ServerValidation> validator = validation -> steps.add("validated " + validation.serverId());
    Consumer<ServerDeletion> revoker = deletion -> steps.add("revoked grants of " + deletion.serverId());

    ServersResourceTest() {
        Servers servers = new Servers() {
            @Override
            public McpServer find(String id) {
                if (!id.equals(stored.id())) {
                    throw new ProblemException(Problem.NOT_FOUND, "no server " + id);
                }
                return stored;
            }

            @Override
            public McpServer update(String id, ServerInput input) {
                steps.add("saved " + id);
                return stored;
            }

            @Override
            public void delete(String id) {
                steps.add("deleted " + id);
            }
        };
        servers.clock = new SettableClock(NOW);
        resource.servers = servers;
        resource.validations = new ObservedEvent<>(validation -> validator.accept(validation));
        resource.deletions = new ObservedEvent<>(deletion -> revoker.accept(deletion));
        resource.caller = new Caller() {
            @Override
            public String name() {
                return "root";
            }
        };
    }

    static ServerInput input() {
        ServerInput input = new ServerInput();
        input.name = "files";
        input.url = "https://mcp.example.com/mcp";
        return input;
    }

    @Test
    void validatesBeforeSavingWhenAsked() {
        JsonObject saved = resource.update(stored.id(), input(), true);

        assertThat(steps).containsExactly("validated Optional[" + stored.id() + "]", "saved " + stored.id());
        assertThat(saved.containsKey("validationWarning")).isFalse();
    }

    @Test
    void savesWithoutAskingAnyoneWhenValidationIsOff() {
        resource.update(stored.id(), input(), false);

        assertThat(steps).containsExactly("saved " + stored.id());
    }

    @Test
    void savesNothingThatAnObserverRefuses() {
        validator = validation -> {
            throw new ProblemException(Problem.SERVER_CONFIGURATION_REFUSED, "invalid_redirect_uri");
        };

        assertThatThrownBy(() -> resource.update(stored.id(), input(), true))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.SERVER_CONFIGURATION_REFUSED));
        assertThat(steps).isEmpty();
    }

    @Test
    void answersWithTheWarningOfAnObserverThatCouldNotCheckNow() {
        validator = validation -> validation.warn("Not checked now: the authorization server did not answer.");

        JsonObject saved = resource.update(stored.id(), input(), true);

        assertThat(saved.getString("validationWarning")).startsWith("Not checked now");
        assertThat(saved.getString("id")).isEqualTo(stored.id());
    }

    @Test
    void validatesAServerNotCreatedYetWithoutAnId() {
        List<Optional<String>> ids = new ArrayList<>();
        validator = validation -> ids.add(validation.serverId());

        assertThat(resource.checkBeforeSave(input(), null, true)).isEmpty();
        assertThat(ids).containsExactly(Optional.empty());
    }

    @Test
    void endsTheGrantsBeforeDeletingTheServerAndNamesThoseThatMayLive() {
        revoker = deletion -> {
            steps.add("revoked grants of " + deletion.serverId() + " for " + deletion.actor());
            deletion.revoked(dev.mcpoauth.server.entity.Connection.ofUser(stored, "alice", NOW),
                    Json.createObjectBuilder().add("revokedAtServer", false).build(), true);
        };

        JsonObject answer = resource.delete(stored.id());

        assertThat(steps).containsExactly("revoked grants of " + stored.id() + " for root", "deleted " + stored.id());
        assertThat(answer.getBoolean("deleted")).isTrue();
        assertThat(answer.getJsonArray("notRevoked")).hasSize(1);
        assertThat(answer.getJsonArray("connections").getJsonObject(0).getString("ownerUser")).isEqualTo("alice");
        assertThat(answer.getString("detail")).contains("1 of 1 grants could not be revoked");
    }

    @Test
    void deletesAServerWithoutConnectionsAsBefore() {
        revoker = deletion -> { };

        JsonObject answer = resource.delete(stored.id());

        assertThat(steps).containsExactly("deleted " + stored.id());
        assertThat(answer.getJsonArray("connections")).isEmpty();
        assertThat(answer.getJsonArray("notRevoked")).isEmpty();
        assertThat(answer.getString("detail")).contains("(0 connections)");
    }

    @Test
    void asksNoObserverToDeleteAServerThatIsNotThere() {
        assertThatThrownBy(() -> resource.delete("missing")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND));
        assertThat(steps).isEmpty();
    }
}
