package dev.mcpoauth.security.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignedInTest {

    final SignedIn alice = new SignedIn("basic:alice", "alice", Set.of("mcp-user"), "form",
            Instant.parse("2026-03-01T20:00:00Z"), "token-123");

    @Test
    void acceptsOnlyItsOwnCsrfToken() {
        assertThat(alice.acceptsCsrfToken("token-123")).isTrue();
        assertThat(alice.acceptsCsrfToken("token-12")).isFalse();
        assertThat(alice.acceptsCsrfToken("")).isFalse();
        assertThat(alice.acceptsCsrfToken(null)).isFalse();
    }

    @Test
    void expiresAtItsMaximumAge() {
        assertThat(alice.isExpiredAt(Instant.parse("2026-03-01T19:59:59Z"))).isFalse();
        assertThat(alice.isExpiredAt(Instant.parse("2026-03-01T20:00:00Z"))).isTrue();
    }

    @Test
    void neverShowsItsTokenInText() {
        assertThat(alice.toString()).contains("basic:alice").doesNotContain("token-123");
    }

    @Test
    void isThePrincipalOfItsPerson() {
        assertThat(alice.principal().getName()).isEqualTo("basic:alice");
        assertThat(alice.principal().groups()).containsExactly("mcp-user");
    }
}
