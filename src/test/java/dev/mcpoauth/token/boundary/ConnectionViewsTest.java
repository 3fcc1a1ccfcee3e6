package dev.mcpoauth.token.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.token.entity.TokenSet;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ConnectionViewsTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant EXPIRY = NOW.plusSeconds(3600);
    static final SecretSealer SEALER = new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));

    final Connection connection = Connection.ofUser(new McpServer("files", "https://mcp.example.com/mcp", NOW),
            "alice", NOW);

    ConnectionViewsTest() {
        connection.connected("https://as.example.com", "files:read", NOW);
    }

    static TokenSet tokens(String refreshToken) {
        return new TokenSet("c-1", "https://as.example.com", SEALER, "access", refreshToken, "Bearer", null, NOW,
                EXPIRY);
    }

    @Test
    void tellsThatAConnectionWithoutRefreshTokenNeedsANewSignInAtExpiry() {
        JsonObject view = ConnectionViews.of(connection, Optional.of(tokens(null)), NOW);

        assertThat(view.getString("status")).isEqualTo("CONNECTED");
        assertThat(view.getBoolean("refreshable")).isFalse();
        assertThat(view.getBoolean("needsSignInAtExpiry")).isTrue();
        assertThat(view.getString("expiryNotice")).contains("no refresh token", EXPIRY.toString());
    }

    @Test
    void showsSuchAConnectionAsExpiredFromItsExpiryOn() {
        assertThat(ConnectionViews.of(connection, Optional.of(tokens(null)), EXPIRY.minusMillis(1)).getString("status"))
                .isEqualTo("CONNECTED");

        JsonObject expired = ConnectionViews.of(connection, Optional.of(tokens(null)), EXPIRY);

        assertThat(expired.getString("status")).isEqualTo(ConnectionViews.EXPIRED);
        assertThat(expired.getString("statusDetail")).contains("connect again");
    }

    @Test
    void aRefreshableConnectionStaysConnectedAndSaysNothingOfASignIn() {
        JsonObject view = ConnectionViews.of(connection, Optional.of(tokens("k:refresh")), EXPIRY.plusSeconds(1));

        assertThat(view.getString("status")).isEqualTo("CONNECTED");
        assertThat(view.getBoolean("needsSignInAtExpiry")).isFalse();
        assertThat(view.containsKey("expiryNotice")).isFalse();
    }
}
