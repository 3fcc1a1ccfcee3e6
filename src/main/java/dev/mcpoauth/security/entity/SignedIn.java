package dev.mcpoauth.security.entity;

import java.io.Serializable;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A person signed in with the browser: who (the stable {@link CallerKey}, a name to show, their groups), how
 * ({@code form} or {@code oidc}), until when, and the per-session token every state-changing request made with
 * the session cookie must carry (OWASP's synchronizer token; SameSite=Lax alone leaves same-site attackers).
 */
public record SignedIn(String key, String displayName, Set<String> groups, String method, Instant expiresAt,
        String csrfToken) implements Serializable {

    public SignedIn {
        groups = Set.copyOf(groups);
    }

    public GroupsPrincipal principal() {
        return new GroupsPrincipal(key, displayName, groups);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Compared in constant time, so the token cannot be guessed byte by byte. */
    public boolean acceptsCsrfToken(String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken.getBytes(UTF_8), presented.getBytes(UTF_8));
    }

    @Override
    public String toString() {
        return "SignedIn[" + key + " by " + method + " until " + expiresAt + "]";
    }
}
