package dev.mcpoauth.server.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.server.entity.AuthMode;
import dev.mcpoauth.server.entity.ConnectionMode;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.PkcePolicy;
import dev.mcpoauth.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What an admin's input makes of a server: defaults, overrides, sharing, and a preview that stores nothing. */
class ServersTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    final Servers servers = new Servers();

    ServersTest() {
        servers.clock = new SettableClock(NOW);
    }

    static ServerInput input() {
        ServerInput input = new ServerInput();
        input.name = "files";
        input.url = "https://mcp.example.com/mcp";
        return input;
    }

    @Test
    void previewsAServerWithTheDefaultsWithoutStoringIt() {
        McpServer preview = servers.preview(input());

        assertThat(preview.name()).isEqualTo("files");
        assertThat(preview.url()).isEqualTo("https://mcp.example.com/mcp");
        assertThat(preview.authMode()).isEqualTo(AuthMode.OAUTH2);
        assertThat(preview.isShared()).isFalse();
        assertThat(preview.sendsResource()).isTrue();
        assertThat(preview.sendsScope()).isTrue();
        assertThat(preview.issuer()).isEmpty();
        assertThat(preview.clientId()).isEmpty();
        assertThat(preview.createdAt()).isEqualTo(NOW);
    }

    @Test
    void sharesAServerWithTheGivenRole() {
        ServerInput input = input();
        input.connectionMode = ConnectionMode.SHARED;
        input.sharedRole = "operators";

        McpServer preview = servers.preview(input);

        assertThat(preview.isShared()).isTrue();
        assertThat(preview.sharedRole()).contains("operators");
    }

    @Test
    void treatsBlankOverridesAsAbsentAndTrimsTheOthers() {
        ServerInput input = input();
        input.issuer = "   ";
        input.scopes = " files:read files:write ";
        input.clientId = "";
        input.pkcePolicy = PkcePolicy.values()[0];
        input.metadataTtlSeconds = 600;

        McpServer preview = servers.preview(input);

        assertThat(preview.issuer()).isEmpty();
        assertThat(preview.scopes()).contains("files:read files:write");
        assertThat(preview.clientId()).isEmpty();
        assertThat(preview.toJSON().getBoolean("clientSecretConfigured")).isFalse();
        assertThat(preview.pkcePolicy()).isEqualTo(PkcePolicy.values()[0]);
        assertThat(preview.metadataTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void leavesAServerThatConnectsPerUserUnshared() {
        McpServer server = servers.preview(input());
        ServerInput shared = input();
        shared.connectionMode = ConnectionMode.SHARED;
        shared.sharedRole = "operators";
        servers.apply(server, shared);

        servers.apply(server, input());

        assertThat(server.isShared()).isFalse();
        assertThat(server.sharedRole()).isEmpty();
    }
}
