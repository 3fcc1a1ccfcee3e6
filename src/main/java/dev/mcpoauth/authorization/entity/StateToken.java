package dev.mcpoauth.authorization.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A single-use random value that travels through the browser: the OAuth {@code state}
 * (RFC 6749 §10.12) and the per-flow browser-binding secret of the flow cookie. Only its
 * {@link #hash()} is stored, so a database reader cannot complete someone else's flow.
 */
public record StateToken(String value) {

    static final int ENTROPY_BYTES = 32;
    static final SecureRandom RANDOM = new SecureRandom();

    public StateToken {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a state token must not be empty");
        }
    }

    /** 256 random bits, base64url without padding (43 characters). */
    public static StateToken generate() {
        byte[] entropy = new byte[ENTROPY_BYTES];
        RANDOM.nextBytes(entropy);
        return new StateToken(Base64.getUrlEncoder().withoutPadding().encodeToString(entropy));
    }

    /** Lower-case hex SHA-256 of the UTF-8 value: what the database keeps and looks up. */
    public String hash() {
        return hash(value);
    }

    public static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Compares two hashes in time independent of where they differ; null never matches. */
    public static boolean hashesEqual(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether this token is the one whose hash was stored. */
    public boolean matches(String storedHash) {
        return hashesEqual(storedHash, hash());
    }

    @Override
    public String toString() {
        return "StateToken[(hidden)]";
    }
}
