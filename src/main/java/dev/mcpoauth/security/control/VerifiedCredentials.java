package dev.mcpoauth.security.control;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers successful password verifications for a few minutes, because HTTP Basic re-sends the password on
 * every request and PBKDF2 is deliberately slow. Entries are keyed by a peppered SHA-256 of name, password and
 * stored hash, so a changed hash invalidates them and the map holds no password.
 */
final class VerifiedCredentials {

    static final Duration TTL = Duration.ofMinutes(5);
    static final int CAPACITY = 1024;

    private final byte[] pepper = new byte[32];
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;

    VerifiedCredentials(Clock clock) {
        this(clock, TTL, CAPACITY);
    }

    VerifiedCredentials(Clock clock, Duration ttl, int capacity) {
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
        new SecureRandom().nextBytes(pepper);
    }

    boolean contains(String name, char[] password, String storedHash) {
        String key = key(name, password, storedHash);
        Instant expiry = expiries.get(key);
        if (expiry == null) {
            return false;
        }
        if (!clock.instant().isBefore(expiry)) {
            expiries.remove(key, expiry);
            return false;
        }
        return true;
    }

    void remember(String name, char[] password, String storedHash) {
        Instant now = clock.instant();
        if (expiries.size() >= capacity) {
            expiries.values().removeIf(expiry -> !now.isBefore(expiry));
            if (expiries.size() >= capacity) {
                expiries.clear();
            }
        }
        expiries.put(key(name, password, storedHash), now.plus(ttl));
    }

    int size() {
        return expiries.size();
    }

    private String key(String name, char[] password, String storedHash) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha256.update(pepper);
        sha256.update(name.getBytes(UTF_8));
        sha256.update((byte) 0);
        ByteBuffer passwordBytes = UTF_8.encode(CharBuffer.wrap(password));
        try {
            sha256.update(passwordBytes.duplicate());
        } finally {
            if (passwordBytes.hasArray()) {
                Arrays.fill(passwordBytes.array(), (byte) 0);
            }
        }
        sha256.update((byte) 0);
        sha256.update(storedHash.getBytes(UTF_8));
        return Base64.getEncoder().encodeToString(sha256.digest());
    }
}
