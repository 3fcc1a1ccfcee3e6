package dev.mcpoauth.token.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.events.entity.CredentialsRevoked;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.Outcome;
import jakarta.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationReportTest {

    static final EventSubject SUBJECT = new EventSubject(Instant.EPOCH, "alice", "alice", "s-1", "c-1", null);
    static final TokenRevocation REFUSED = TokenRevocation.failed(
            "the authorization server refused to revoke it (invalid_client, HTTP 401)");

    static CredentialsRevoked audited(RevocationReport report) {
        return report.event(SUBJECT);
    }

    @Test
    void bothTokensRevokedIsASuccess() {
        RevocationReport report = new RevocationReport(TokenRevocation.REVOKED, TokenRevocation.REVOKED);

        assertThat(report.revokedAtServer()).isTrue();
        assertThat(audited(report).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(audited(report).details()).startsWith("Tokens revoked at the authorization server and deleted");
    }

    @Test
    void aRefusedRevocationIsAuditedAsAFailureNamingTheToken() {
        RevocationReport report = new RevocationReport(REFUSED, REFUSED);

        assertThat(report.revokedAtServer()).isFalse();
        assertThat(audited(report).outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(audited(report).details())
                .startsWith("Tokens deleted here, but the authorization server did not confirm revocation")
                .contains("Refresh token: the authorization server refused to revoke it (invalid_client, HTTP 401)")
                .doesNotContain("SUCCESS");
        JsonObject json = report.toJSON();
        assertThat(json.getBoolean("revokedAtServer")).isFalse();
        assertThat(json.getString("refreshToken")).isEqualTo("failed");
        assertThat(json.getString("accessToken")).isEqualTo("failed");
    }

    @Test
    void revokingTheRefreshTokenEndsTheGrantEvenWhenTheAccessTokenCannotBeRevoked() {
        RevocationReport report = new RevocationReport(TokenRevocation.REVOKED, TokenRevocation.UNSUPPORTED);

        assertThat(report.revokedAtServer()).isTrue();
        assertThat(audited(report).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(report.toJSON().getString("accessToken")).isEqualTo("unsupported-token-type");
    }

    @Test
    void anAccessTokenAloneThatCannotBeRevokedIsNoSuccess() {
        RevocationReport report = new RevocationReport(TokenRevocation.NONE, TokenRevocation.UNSUPPORTED);

        assertThat(report.revokedAtServer()).isFalse();
        assertThat(audited(report).outcome()).isEqualTo(Outcome.INFO);
        assertThat(report.toJSON().getString("refreshToken")).isEqualTo("no-token");
    }

    @Test
    void aServerWithoutARevocationEndpointIsReportedAsNotSent() {
        RevocationReport report = RevocationReport.notSent(TokenRevocation.notSent("not sent: no revocation endpoint"),
                true);

        assertThat(report.revokedAtServer()).isFalse();
        assertThat(audited(report).outcome()).isEqualTo(Outcome.INFO);
        assertThat(report.toJSON().getString("refreshToken")).isEqualTo("not-sent");
    }

    @Test
    void aConnectionWithoutTokensHadNothingToRevoke() {
        assertThat(audited(RevocationReport.NOTHING_STORED).outcome()).isEqualTo(Outcome.INFO);
        assertThat(audited(RevocationReport.NOTHING_STORED).details()).contains("nothing to revoke");
    }
}
