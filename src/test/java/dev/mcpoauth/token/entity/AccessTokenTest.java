package dev.mcpoauth.token.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    final AccessToken token = new AccessToken("s3cret-token", Instant.parse("2026-12-01T11:00:00Z"), "files:read");

    @Test
    void isSentAsABearerAuthorizationHeader() {
        // RFC 6750 §2.1
        assertThat(token.authorizationHeader()).isEqualTo("Bearer s3cret-token");
    }

    @Test
    void neverShowsItsValueWhenPrinted() {
        assertThat(token.toString()).doesNotContain("s3cret-token").contains("2026-12-01T11:00:00Z", "files:read");
    }
}
