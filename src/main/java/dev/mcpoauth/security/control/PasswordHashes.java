package dev.mcpoauth.security.control;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes (RFC 8018 §5.2) as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}
 * with standard base64. Run {@code java -cp target/classes dev.mcpoauth.security.control.PasswordHashes}
 * to hash a password for {@code mcpoauth.security.user.<name>.password-hash}.
 */
public final class PasswordHashes {

    static final String SCHEME = "pbkdf2-sha256";
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    // OWASP Password Storage Cheat Sheet recommendation for PBKDF2-HMAC-SHA256 (2023)
    public static final int DEFAULT_ITERATIONS = 210_000;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {
    }

    record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] password, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, HASH_BYTES);
        var base64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    /** Whether the password matches; throws {@link IllegalArgumentException} if the stored hash is malformed. */
    public static boolean verify(char[] password, String stored) {
        Parsed parsed = parse(stored);
        byte[] candidate = derive(password, parsed.salt(), parsed.iterations(), parsed.hash().length);
        return MessageDigest.isEqual(candidate, parsed.hash());
    }

    public static boolean isWellFormed(String stored) {
        try {
            parse(stored);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static Parsed parse(String stored) {
        String[] parts = stored == null ? new String[0] : stored.trim().split("\\$", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw malformed();
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || salt.length == 0 || hash.length < 16) {
                throw malformed();
            }
            return new Parsed(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("malformed password hash: expected " + SCHEME
                + "$<iterations>$<base64 salt>$<base64 hash>");
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        var spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }

    public static void main(String[] args) throws IOException {
        char[] password = readPassword();
        if (password == null || password.length == 0) {
            System.err.println("No password given.");
            System.exit(1);
        }
        System.out.println(hash(password));
        Arrays.fill(password, '\0');
    }

    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console == null) {
            var in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
            String line = in.readLine();
            return line == null ? null : line.toCharArray();
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Repeat:   ");
        if (first == null || !Arrays.equals(first, second)) {
            System.err.println("The passwords differ.");
            System.exit(1);
        }
        return first;
    }
}
