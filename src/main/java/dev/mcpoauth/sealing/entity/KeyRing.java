package dev.mcpoauth.sealing.entity;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The AES-256 sealing keys by id: the active key seals, every key opens, so keys can rotate. */
public record KeyRing(String activeKeyId, Map<String, SecretKey> keys) {

    public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final int KEY_BYTES = 32;

    public KeyRing {
        if (keys == null || keys.isEmpty()) {
            throw new SealingException("no sealing keys configured");
        }
        keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        keys.forEach(KeyRing::requireValid);
        if (activeKeyId == null || !keys.containsKey(activeKeyId)) {
            throw new SealingException("active sealing key id '" + activeKeyId + "' is not among the keys " + keys.keySet());
        }
    }

    /**
     * Parses {@code id:base64key} entries separated by commas or whitespace; the active key defaults to the
     * first entry.
     */
    public static KeyRing parse(String entries, Optional<String> activeKeyId) {
        var keys = KeyEntries.parse(entries, "sealing key", KeyRing::decode);
        return new KeyRing(KeyEntries.active(activeKeyId, keys), keys);
    }

    public static String entry(String id, SecretKey key) {
        return id + ":" + Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public SecretKey activeKey() {
        return keys.get(activeKeyId);
    }

    public Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public String toString() {
        return "KeyRing[activeKeyId=" + activeKeyId + ", keyIds=" + keys.keySet() + "]";
    }

    private static SecretKey decode(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SealingException("sealing key '" + id + "' is not valid base64");
        }
        try {
            if (bytes.length != KEY_BYTES) {
                throw new SealingException("sealing key '" + id + "' must decode to " + KEY_BYTES
                        + " bytes (AES-256), not " + bytes.length);
            }
            return new SecretKeySpec(bytes, "AES");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void requireId(String id) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new SealingException("sealing key ids must match " + KEY_ID.pattern());
        }
    }

    private static void requireValid(String id, SecretKey key) {
        requireId(id);
        if (!"AES".equals(key.getAlgorithm()) || key.getEncoded() == null || key.getEncoded().length != KEY_BYTES) {
            throw new SealingException("sealing key '" + id + "' is not an AES-256 key");
        }
    }
}
