package dev.mcpoauth.dpop.control;

import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.dpop.entity.DpopProof;
import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * DPoP proof JWTs (RFC 9449 §4.2): header {@code typ: dpop+jwt}, {@code alg: ES256} and the
 * public {@code jwk}; claims {@code jti} (random, one per HTTP request, retries included),
 * {@code htm}, {@code htu} (the target without query and fragment), {@code iat}, the server's
 * {@code nonce} when one is known (§8, §9) and, on resource requests, {@code ath} (§4.2: the
 * base64url SHA-256 of the access token).
 */
public final class DpopProofs {

    static final String TYPE = "dpop+jwt";
    static final int JTI_BYTES = 16;
    static final SecureRandom RANDOM = new SecureRandom();
    static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private DpopProofs() {}

    /** For a token request (§5): no access token, so no {@code ath}. */
    public static DpopProof forTokenRequest(DpopKey key, URI tokenEndpoint, String nonceOrNull, Instant now) {
        return create(key, "POST", tokenEndpoint, nonceOrNull, null, now);
    }

    /**
     * @param method the HTTP method, as sent ({@code htm})
     * @param accessTokenOrNull the access token the request carries ({@code ath}), or null
     */
    public static DpopProof create(DpopKey key, String method, URI target, String nonceOrNull, String accessTokenOrNull,
            Instant now) {
        JsonObject header = JsonBuilders.object()
                .add("typ", TYPE)
                .add("alg", DpopKey.ALGORITHM)
                .add("jwk", key.publicJwk())
                .build();
        JsonObjectBuilder claims = JsonBuilders.object()
                .add("jti", jti())
                .add("htm", method)
                .add("htu", htu(target))
                .add("iat", now.getEpochSecond());
        if (nonceOrNull != null) {
            claims.add("nonce", nonceOrNull);
        }
        if (accessTokenOrNull != null) {
            claims.add("ath", ath(accessTokenOrNull));
        }
        String signingInput = encode(header) + "." + encode(claims.build());
        byte[] signature = key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return new DpopProof(signingInput + "." + BASE64URL.encodeToString(signature));
    }

    /** RFC 9449 §4.2: the HTTP target URI without query and fragment. */
    public static String htu(URI target) {
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        return target.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + target.getRawAuthority() + path;
    }

    /** RFC 9449 §4.2: base64url of the SHA-256 of the ASCII access token. */
    public static String ath(String accessToken) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jti() {
        byte[] random = new byte[JTI_BYTES];
        RANDOM.nextBytes(random);
        return BASE64URL.encodeToString(random);
    }

    static String encode(JsonObject json) {
        return BASE64URL.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
