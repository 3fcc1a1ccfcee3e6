package dev.mcpoauth.authorization.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A PKCE pair (RFC 7636): the {@code code_verifier} kept by the broker and its S256
 * {@code code_challenge} sent in the authorization request. S256 only: MCP authorization requires
 * it whenever the client can, and the broker always can (RFC 7636 §4.2).
 */
public record Pkce(String verifier, String challenge) {

    public static final String METHOD = "S256";

    // RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"
    static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
    static final int ENTROPY_BYTES = 32;
    static final SecureRandom RANDOM = new SecureRandom();
    static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    public Pkce {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            throw new IllegalArgumentException("a PKCE code verifier must be 43 to 128 unreserved characters (RFC 7636 §4.1)");
        }
        if (!s256(verifier).equals(challenge)) {
            throw new IllegalArgumentException("the PKCE code challenge is not the S256 of the code verifier");
        }
    }

    /** A fresh verifier of 256 random bits, base64url without padding: 43 characters (RFC 7636 §4.1). */
    public static Pkce generate() {
        byte[] entropy = new byte[ENTROPY_BYTES];
        RANDOM.nextBytes(entropy);
        return fromVerifier(BASE64URL.encodeToString(entropy));
    }

    /** The pair for a stored verifier, e.g. one unsealed for the token request. */
    public static Pkce fromVerifier(String verifier) {
        return new Pkce(verifier, verifier == null ? null : s256(verifier));
    }

    public String method() {
        return METHOD;
    }

    /** BASE64URL(SHA256(ASCII(code_verifier))) (RFC 7636 §4.2). */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Pkce[verifier=(hidden), challenge=" + challenge + ", method=" + METHOD + "]";
    }
}
