package dev.mcpoauth.sealing.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The broker's RSA signing keys by id (its JWK {@code kid}): the active key signs what the broker
 * asserts as a client (RFC 7523 client assertions), and every key is published in its JWK Set
 * (RFC 7517 §5), so that a retired key still verifies what it signed until its entry is removed.
 * RSA (RS256, RFC 7518 §3.3) because every identity provider accepts it for client assertions,
 * and the public key follows from the private one.
 */
public record SigningKeyRing(String activeKeyId, Map<String, RSAPrivateCrtKey> keys) {

    static final int MIN_BITS = 2048;

    public SigningKeyRing {
        if (keys == null || keys.isEmpty()) {
            throw new SealingException("no signing keys configured");
        }
        keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        keys.forEach(SigningKeyRing::requireStrong);
        if (activeKeyId == null || !keys.containsKey(activeKeyId)) {
            throw new SealingException("active signing key id '" + activeKeyId + "' is not among the keys "
                    + keys.keySet());
        }
    }

    /**
     * Parses {@code id:base64} entries (the PKCS #8 DER of an RSA private key) separated by commas
     * or whitespace; the active key defaults to the first entry.
     */
    public static SigningKeyRing parse(String entries, Optional<String> activeKeyId) {
        var keys = KeyEntries.parse(entries, "signing key", SigningKeyRing::decode);
        return new SigningKeyRing(KeyEntries.active(activeKeyId, keys), keys);
    }

    public static String entry(String id, RSAPrivateCrtKey key) {
        return id + ":" + Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public RSAPrivateCrtKey activeKey() {
        return keys.get(activeKeyId);
    }

    /** The public JWK Set: the active key first, then the others; never a private member. */
    public JsonObject jwks() {
        JsonArrayBuilder published = JsonBuilders.array().add(jwk(activeKeyId, activeKey()));
        keys.forEach((id, key) -> {
            if (!id.equals(activeKeyId)) {
                published.add(jwk(id, key));
            }
        });
        return JsonBuilders.object().add("keys", published).build();
    }

    // RFC 7518 §6.3.1: n and e as unsigned big-endian base64url
    static JsonObject jwk(String id, RSAPrivateCrtKey key) {
        return JsonBuilders.object()
                .add("kty", "RSA")
                .add("kid", id)
                .add("use", "sig")
                .add("alg", "RS256")
                .add("n", unsigned(key.getModulus()))
                .add("e", unsigned(key.getPublicExponent()))
                .build();
    }

    static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "SigningKeyRing[activeKeyId=" + activeKeyId + ", keyIds=" + keys.keySet() + "]";
    }

    private static RSAPrivateCrtKey decode(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SealingException("signing key '" + id + "' is not valid base64");
        }
        try {
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(bytes))
                    instanceof RSAPrivateCrtKey key) {
                return key;
            }
        } catch (GeneralSecurityException e) {
            // the key material is not shown
        }
        throw new SealingException("signing key '" + id + "' is not an RSA private key in PKCS #8 DER");
    }

    private static void requireStrong(String id, RSAPrivateCrtKey key) {
        if (key.getModulus().bitLength() < MIN_BITS) {
            throw new SealingException("signing key '" + id + "' has " + key.getModulus().bitLength()
                    + " bits; at least " + MIN_BITS + " are required (RFC 7518 §3.3)");
        }
    }
}
