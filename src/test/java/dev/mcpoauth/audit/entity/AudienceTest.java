package dev.mcpoauth.audit.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.events.entity.Outcome;
import dev.mcpoauth.events.entity.TokenRefreshed;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AudienceTest {

    static final Function<String, Optional<String>> SHARED = id -> Optional.ofNullable(Map.of("shared-1", "team")
            .get(id));

    static AuditEntry entry(String user, String connectionId) {
        return new AuditEntry(Instant.EPOCH, "TokenRefreshed", Outcome.SUCCESS, "system", user, "s-1",
                connectionId, null, "refreshed");
    }

    @Test
    void aUserSeesTheirOwnEventsOnly() {
        Audience alice = new Audience("alice", false, Set.of());

        assertThat(alice.sees(entry("alice", "c-1"), SHARED)).isTrue();
        assertThat(alice.sees(entry("bob", "c-2"), SHARED)).isFalse();
    }

    @Test
    void aUserSeesSharedConnectionsOfARoleTheyHold() {
        assertThat(new Audience("alice", false, Set.of("team")).sees(entry(null, "shared-1"), SHARED)).isTrue();
        assertThat(new Audience("bob", false, Set.of("other")).sees(entry(null, "shared-1"), SHARED)).isFalse();
    }

    @Test
    void aUserSeesNoEventThatNamesNeitherThemNorASharedConnection() {
        Audience alice = new Audience("alice", false, Set.of("team"));

        assertThat(alice.sees(entry(null, null), SHARED)).as("e.g. a client registration").isFalse();
        assertThat(alice.sees(entry(null, "gone"), SHARED)).isFalse();
    }

    @Test
    void anAdminSeesEverything() {
        Audience root = new Audience("root", true, Set.of());

        assertThat(root.sees(entry("bob", "c-2"), SHARED)).isTrue();
        assertThat(root.sees(entry(null, null), SHARED)).isTrue();
    }
}
