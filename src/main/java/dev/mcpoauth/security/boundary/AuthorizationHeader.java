package dev.mcpoauth.security.boundary;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mcpoauth.security.entity.JwtCredential;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Reads the credentials of an {@code Authorization} header: {@code Basic} (RFC 7617 §2, UTF-8) or {@code Bearer}
 * (RFC 6750 §2.1). Schemes are case-insensitive (RFC 9110 §11.1). Failures carry a plain reason, never the value.
 */
final class AuthorizationHeader {

    static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private AuthorizationHeader() {
    }

    static Credential parse(String header) {
        String value = header.trim();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String parameter = space < 0 ? "" : value.substring(space + 1).trim();
        if ("Basic".equalsIgnoreCase(scheme)) {
            return basic(parameter);
        }
        if ("Bearer".equalsIgnoreCase(scheme)) {
            return bearer(parameter);
        }
        throw new IllegalArgumentException("The Authorization header must use the Basic or the Bearer scheme.");
    }

    private static Credential basic(String parameter) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parameter), UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The Basic credentials are not valid base64.");
        }
        int colon = decoded.indexOf(':');
        if (parameter.isEmpty() || colon <= 0) {
            throw new IllegalArgumentException("The Basic credentials must be the base64 of user-id:password.");
        }
        return new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static Credential bearer(String parameter) {
        if (!TOKEN68.matcher(parameter).matches()) {
            throw new IllegalArgumentException("The Bearer token is missing or malformed.");
        }
        return new JwtCredential(parameter);
    }
}
