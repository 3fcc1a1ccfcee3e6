package dev.mcpoauth.server.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.security.entity.Identity;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may use, see and connect a connection: the token is its owner's, whoever else sees it. */
class ConnectionTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final McpServer SERVER = new McpServer("files", "https://mcp.example.com/mcp", NOW);
    static final Connection ALICES = Connection.ofUser(SERVER, "alice", NOW);
    static final Connection OPERATORS = Connection.sharedBy(SERVER, "operators", NOW);

    static final Identity ALICE = new Identity("alice", false, Set.of("mcp-user")::contains);
    static final Identity BOB = new Identity("bob", false, Set.of("mcp-user")::contains);
    static final Identity OPERATOR = new Identity("carol", false, Set.of("mcp-user", "operators")::contains);
    static final Identity ADMIN = new Identity("root", true, Set.of("mcp-admin")::contains);
    static final Identity OPERATING_ADMIN = new Identity("root", true, Set.of("mcp-admin", "operators")::contains);

    @Test
    void aUsersConnectionIsUsedOnlyByThatUser() {
        assertThat(ALICES.mayBeUsedBy(ALICE)).isTrue();
        assertThat(ALICES.mayBeUsedBy(BOB)).isFalse();
        assertThat(ALICES.mayBeUsedBy(ADMIN)).as("an admin is not its owner").isFalse();
    }

    @Test
    void aSharedConnectionIsUsedByEveryMemberOfItsRoleAdminOrNot() {
        assertThat(OPERATORS.mayBeUsedBy(OPERATOR)).isTrue();
        assertThat(OPERATORS.mayBeUsedBy(OPERATING_ADMIN)).isTrue();
        assertThat(OPERATORS.mayBeUsedBy(ADMIN)).isFalse();
        assertThat(OPERATORS.mayBeUsedBy(ALICE)).isFalse();
    }

    @Test
    void anAdminSeesEveryConnectionOthersOnlyThoseTheyMayUse() {
        assertThat(ALICES.mayBeSeenBy(ADMIN)).isTrue();
        assertThat(OPERATORS.mayBeSeenBy(ADMIN)).isTrue();
        assertThat(ALICES.mayBeSeenBy(ALICE)).isTrue();
        assertThat(OPERATORS.mayBeSeenBy(OPERATOR)).isTrue();
        assertThat(ALICES.mayBeSeenBy(BOB)).isFalse();
        assertThat(OPERATORS.mayBeSeenBy(ALICE)).isFalse();
    }

    @Test
    void onlyItsUserConnectsAUsersConnectionNeverAnAdmin() {
        assertThat(ALICES.mayBeAuthorizedBy(ALICE)).isTrue();
        assertThat(ALICES.mayBeAuthorizedBy(BOB)).isFalse();
        assertThat(ALICES.mayBeAuthorizedBy(ADMIN)).as("that would attach the admin's account").isFalse();
    }

    @Test
    void onlyAnAdminConnectsASharedConnectionNotAMember() {
        assertThat(OPERATORS.mayBeAuthorizedBy(ADMIN)).isTrue();
        assertThat(OPERATORS.mayBeAuthorizedBy(OPERATING_ADMIN)).isTrue();
        assertThat(OPERATORS.mayBeAuthorizedBy(OPERATOR)).isFalse();
    }

    @Test
    void aUsersConnectionIsOwnedByItsUserASharedOneByNoOne() {
        assertThat(ALICES.owner()).hasValueSatisfying(owner -> {
            assertThat(owner.name()).isEqualTo("alice");
            assertThat(owner.admin()).isFalse();
            assertThat(ALICES.mayBeAuthorizedBy(owner)).isTrue();
        });
        assertThat(OPERATORS.owner()).isEmpty();
    }
}
