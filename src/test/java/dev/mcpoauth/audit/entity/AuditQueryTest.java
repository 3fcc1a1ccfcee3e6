package dev.mcpoauth.audit.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.events.entity.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditQueryTest {

    @Test
    void selectsEverythingNewestFirstWithoutFilters() {
        AuditQuery query = AuditQuery.all();

        assertThat(query.jpql("a", true)).isEqualTo("SELECT a FROM AuditEntry a ORDER BY a.occurredAt DESC, a.id DESC");
        assertThat(query.jpql("COUNT(a)", false)).isEqualTo("SELECT COUNT(a) FROM AuditEntry a");
        assertThat(query.parameters()).isEmpty();
    }

    @Test
    void combinesEveryGivenFilterWithAndAndBindsItsValue() {
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        Instant until = Instant.parse("2026-02-01T00:00:00Z");
        AuditQuery query = new AuditQuery("alice", "s-1", "c-1", "TokenRefreshed", Outcome.FAILURE, since, until);

        assertThat(query.jpql("a", false)).isEqualTo("SELECT a FROM AuditEntry a WHERE a.subjectUser = :user"
                + " AND a.serverId = :serverId AND a.connectionId = :connectionId AND a.type = :type"
                + " AND a.outcome = :outcome AND a.occurredAt >= :since AND a.occurredAt < :until");
        assertThat(query.parameters()).containsEntry("user", "alice").containsEntry("outcome", Outcome.FAILURE)
                .containsEntry("since", since).containsEntry("until", until).hasSize(7);
    }

    @Test
    void neverSplicesAValueIntoTheQuery() {
        AuditQuery query = new AuditQuery("x' OR '1'='1", null, null, null, null, null, null);

        assertThat(query.jpql("a", true)).doesNotContain("OR '1'").contains(":user");
    }
}
