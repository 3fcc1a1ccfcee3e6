package dev.mcpoauth.events.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The audit rows of admin actions name the server and what happened, never a credential typed into a URL. */
class AdminEventsTest {

    static final EventSubject SUBJECT = new EventSubject(Instant.parse("2026-05-01T10:00:00Z"), "basic:root", null,
            "server-1", null, null);

    @Test
    void showsAServersAddressWithoutUserInfoOrQuery() {
        ServerCreated created = new ServerCreated(SUBJECT, "files",
                "https://robot:hunter2@mcp.example.com:8443/mcp?api_key=sk-123#frag");

        assertThat(created.type()).isEqualTo("ServerCreated");
        assertThat(created.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(created.details()).isEqualTo("Server 'files' created for https://mcp.example.com:8443/mcp")
                .doesNotContain("hunter2", "robot", "sk-123");
        assertThat(new ServerChanged(SUBJECT, "files", "http://[::1]:3000/mcp").details())
                .endsWith("it is at http://[::1]:3000/mcp");
        assertThat(new ServerDeleted(SUBJECT, "files", "not a url").details())
                .isEqualTo("Server 'files' at an address that is not a URL deleted with its connections");
    }

    @Test
    void tellsWhetherAValidationPassedAndOnlyTheStepThatFailed() {
        assertThat(new ServerValidated(SUBJECT, "files", null).outcome()).isEqualTo(Outcome.SUCCESS);
        ServerValidated failed = new ServerValidated(SUBJECT, "files", "pkce");
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(failed.details()).isEqualTo("Validation of server 'files' failed at the pkce step");
    }

    @Test
    void saysAnAdminDisconnectedAndWhetherTheServerConfirmed() {
        ConnectionRevokedByAdmin revoked = new ConnectionRevokedByAdmin(new EventSubject(SUBJECT.at(), "basic:root",
                "basic:alice", "server-1", "connection-1", null), true);

        assertThat(revoked.type()).isEqualTo("ConnectionRevokedByAdmin");
        assertThat(revoked.outcome()).isEqualTo(Outcome.INFO);
        assertThat(revoked.details()).contains("An admin disconnected", "confirmed the revocation");
    }
}
