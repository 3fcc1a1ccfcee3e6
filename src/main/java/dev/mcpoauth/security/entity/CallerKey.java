package dev.mcpoauth.security.entity;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The stable key a caller's connections, flows and audit rows are stored under. Basic users and JWT callers live
 * in separate namespaces, so no token can claim a configured user's name. A JWT caller is its issuer and
 * {@code sub}, the pair OIDC Core §5.7 calls stable and unique; never {@code upn} or {@code preferred_username},
 * which an issuer may reassign or let people choose. Issuer and subject are hashed with a length prefix, so no
 * separator inside them can make two callers collide and every key fits the owner columns (47 characters).
 */
public final class CallerKey {

    public static final String BASIC = "basic:";
    public static final String JWT = "jwt:";

    private CallerKey() {
    }

    public static String basic(String userName) {
        return BASIC + userName;
    }

    public static String jwt(String issuer, String subject) {
        byte[] iss = issuer.getBytes(UTF_8);
        byte[] sub = subject.getBytes(UTF_8);
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(iss.length).array());
        sha256.update(iss);
        sha256.update(sub);
        return JWT + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
    }

    /** A readable name when nothing better is known: the user name of a Basic key, else the key itself. */
    public static String displayNameOf(String key) {
        return key.startsWith(BASIC) ? key.substring(BASIC.length()) : key;
    }
}
