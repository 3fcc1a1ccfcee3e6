package dev.mcpoauth.authorization.entity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PendingAuthorizationTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    static final SecretSealer SEALER = new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));

    final Instant now = CLOCK.instant();
    final Connection connection = Connection.ofUser(new McpServer("files", "https://mcp.example.com/mcp", now), "alice",
            now);
    final PendingAuthorization flow = new PendingAuthorization("flow-1", connection, "alice", "a".repeat(64),
            "verifier", SEALER, "https://as.example.com", "https://mcp.example.com/mcp", "files:read", now,
            now.plus(Duration.ofMinutes(5)));

    @Test
    void isPendingUntilItsExpiry() {
        assertThat(flow.isPending(now.plus(Duration.ofMinutes(4)))).isTrue();
        assertThat(flow.isPending(now.plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(flow.isExpired(now.plus(Duration.ofMinutes(5)))).isTrue();
    }

    @Test
    void showsAnUnfinishedFlowPastItsExpiryAsExpiredAndRetryable() {
        var view = flow.toJSON(now.plus(Duration.ofMinutes(6)));
        assertThat(view.getString("status")).isEqualTo("expired");
        assertThat(view.getBoolean("retryable")).isTrue();
        assertThat(view.getString("message")).contains("not completed in time");
        assertThat(view.toString()).doesNotContain("k:verifier").doesNotContain("aaaa");
    }

    @Test
    void endsOnceAndIsNoLongerPending() {
        flow.fail("access_denied", "The sign-in was cancelled.", now.plusSeconds(10));
        flow.expire(now.plus(Duration.ofMinutes(6)));
        assertThat(flow.status()).isEqualTo(AuthorizationStatus.FAILED);
        assertThat(flow.isPending(now.plusSeconds(11))).isFalse();
        assertThat(flow.isOwnedBy("alice")).isTrue();
        assertThat(flow.isOwnedBy("bob")).isFalse();
    }

    @Test
    void isClaimedOnceByTheCallbackThatExchangesItsCode() {
        assertThat(flow.claim(now.plusSeconds(10))).isTrue();
        assertThat(flow.status()).isEqualTo(AuthorizationStatus.CLAIMED);
        assertThat(flow.claim(now.plusSeconds(11))).as("a second callback").isFalse();
        assertThat(flow.isPending(now.plusSeconds(11))).isFalse();
    }

    @Test
    void cannotBeClaimedOnceExpiredOrEnded() {
        assertThat(flow.claim(now.plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(flow.status()).isEqualTo(AuthorizationStatus.PENDING);
        flow.fail("access_denied", "The sign-in was cancelled.", now.plusSeconds(10));
        assertThat(flow.claim(now.plusSeconds(11))).isFalse();
        assertThat(flow.status()).isEqualTo(AuthorizationStatus.FAILED);
    }

    @Test
    void showsAClaimedFlowAsStillUnderWayToItsOwner() {
        flow.claim(now.plusSeconds(10));
        var view = flow.toJSON(now.plusSeconds(11));
        assertThat(view.getString("status")).isEqualTo("pending");
        assertThat(view.getBoolean("retryable")).isFalse();
        assertThat(view.containsKey("completedAt")).isFalse();
    }

    @Test
    void aClaimedFlowEndsWithItsExchangeAndIsNotExpiredByTheClock() {
        flow.claim(now.plusSeconds(10));
        flow.expire(now.plus(Duration.ofMinutes(6)));
        assertThat(flow.status()).as("only a pending flow expires").isEqualTo(AuthorizationStatus.CLAIMED);
        flow.complete(now.plus(Duration.ofMinutes(6)));
        assertThat(flow.status()).isEqualTo(AuthorizationStatus.COMPLETED);
        assertThat(flow.toJSON(now.plus(Duration.ofMinutes(7))).getString("status")).isEqualTo("completed");
    }
}
