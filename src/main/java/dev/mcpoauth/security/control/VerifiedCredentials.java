package dev.mcpoauth.security.control;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mcpoauth.SingleFlight;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.BooleanSupplier;

/**
 * Remembers successful password verifications for a few minutes, because HTTP Basic re-sends the password on
 * every request and PBKDF2 is deliberately slow. Entries are keyed by a peppered SHA-256 of name, password and
 * stored hash, so a changed hash invalidates them and the map holds no password. A verification runs once per
 * key at a time: the concurrent requests of one user whose entry just expired wait for that one PBKDF2 run and
 * share its answer instead of each running their own. Full, it forgets expired entries first, then the least
 * recently used, never everyone at once.
 */
final class VerifiedCredentials {

    static final Duration TTL = Duration.ofMinutes(5);
    static final int CAPACITY = 1024;

    private final byte[] pepper = new byte[32];
    /** Key to expiry, least recently used first; guarded by itself. */
    private final LinkedHashMap<String, Instant> expiries = new LinkedHashMap<>(16, 0.75f, true);
    private final SingleFlight<Boolean> verifying = new SingleFlight<>();
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

    /**
     * Whether the credentials are verified: remembered, or {@code check} (the PBKDF2 run) says so, run once for
     * all concurrent callers with the same credentials and remembered when it succeeds.
     */
    boolean verify(String name, char[] password, String storedHash, BooleanSupplier check) {
        String key = key(name, password, storedHash);
        if (contains(key)) {
            return true;
        }
        return verifying.run(key, () -> {
            // a run that ended between our look and our claim has left its answer
            boolean matches = contains(key) || check.getAsBoolean();
            if (matches) {
                remember(key);
            }
            return matches;
        });
    }

    boolean contains(String name, char[] password, String storedHash) {
        return contains(key(name, password, storedHash));
    }

    void remember(String name, char[] password, String storedHash) {
        remember(key(name, password, storedHash));
    }

    int size() {
        synchronized (expiries) {
            return expiries.size();
        }
    }

    private boolean contains(String key) {
        synchronized (expiries) {
            Instant expiry = expiries.get(key);
            if (expiry == null) {
                return false;
            }
            if (!clock.instant().isBefore(expiry)) {
                expiries.remove(key);
                return false;
            }
            return true;
        }
    }

    private void remember(String key) {
        Instant now = clock.instant();
        synchronized (expiries) {
            if (!expiries.containsKey(key) && expiries.size() >= capacity) {
                expiries.values().removeIf(expiry -> !now.isBefore(expiry));
                Iterator<String> leastRecentlyUsed = expiries.keySet().iterator();
                while (expiries.size() >= capacity && leastRecentlyUsed.hasNext()) {
                    leastRecentlyUsed.next();
                    leastRecentlyUsed.remove();
                }
            }
            expiries.put(key, now.plus(ttl));
        }
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
