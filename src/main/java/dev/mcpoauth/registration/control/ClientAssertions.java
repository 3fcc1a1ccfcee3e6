package dev.mcpoauth.registration.control;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.oauth.entity.ClientAssertion;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.control.SigningKeys;
import dev.mcpoauth.sealing.entity.JwsKey;
import dev.mcpoauth.sealing.entity.SigningKeyRing;
import dev.mcpoauth.server.entity.McpServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * private_key_jwt for a pre-registered client (RFC 7523 §2.2, §3): signed with the client's own
 * key when the admin configured one, else with the broker's active signing key, which the
 * authorization server can find at the broker's JWK Set ({@code jwks_uri}).
 */
@ApplicationScoped
public class ClientAssertions {

    // short, as RFC 7523 §3 asks ("exp" limits the time window); the server rejects a replayed jti
    static final Duration LIFETIME = Duration.ofMinutes(2);
    static final JsonObject HEADER = JsonBuilders.object().add("typ", "JWT").build();

    @Inject
    SigningKeys signingKeys;

    @Inject
    SecretSealer sealer;

    @Inject
    Clock clock;

    /** @param audience the authorization server's issuer identifier (RFC 7523 §3, draft-ietf-oauth-rfc7523bis) */
    public ClientAssertion forServer(McpServer server, String audience) {
        JwsKey key = server.clientPrivateKey(sealer).map(JwsKey::fromPem).orElseGet(this::brokerKey);
        return clientId -> sign(key, clientId, audience);
    }

    JwsKey brokerKey() {
        SigningKeyRing ring = signingKeys.ring();
        return JwsKey.of(ring.activeKey(), ring.activeKeyId());
    }

    String sign(JwsKey key, String clientId, String audience) {
        Instant now = clock.instant();
        return key.sign(HEADER, JsonBuilders.object()
                .add("iss", clientId)
                .add("sub", clientId)
                .add("aud", audience)
                .add("jti", UUID.randomUUID().toString())
                .add("iat", now.getEpochSecond())
                .add("exp", now.plus(LIFETIME).getEpochSecond())
                .build());
    }
}
