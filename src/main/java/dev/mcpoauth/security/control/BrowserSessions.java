package dev.mcpoauth.security.control;

import dev.mcpoauth.security.entity.SignedIn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The browser sessions of signed-in people, kept in the servlet session (cookie {@code mcpoauth_session}, see
 * {@link SessionCookie}): begun only after a password or the OpenID provider proved who it is, on a new session id
 * (no fixation), ended by sign-out, by {@code mcpoauth.web.session.idle-timeout} without use and at the latest
 * {@code mcpoauth.web.session.max-age} after sign-in, whatever the activity.
 */
@ApplicationScoped
public class BrowserSessions {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "csrf";
    static final String SIGNED_IN = "dev.mcpoauth.signed-in";
    static final String RETURN_PATH = "dev.mcpoauth.sign-in.return";
    static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final SecureRandom random = new SecureRandom();

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.session.idle-timeout", defaultValue = "PT30M")
    Duration idleTimeout;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.session.max-age", defaultValue = "PT8H")
    Duration maxAge;

    public BrowserSessions() {
    }

    public BrowserSessions(Clock clock, Duration idleTimeout, Duration maxAge) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
    }

    /** The person this request's session cookie signed in; an expired sign-in ends here. */
    public Optional<SignedIn> current(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(SIGNED_IN) instanceof SignedIn signedIn)) {
            return Optional.empty();
        }
        if (signedIn.isExpiredAt(clock.instant())) {
            session.invalidate();
            return Optional.empty();
        }
        return Optional.of(signedIn);
    }

    /** Signs a person in on a fresh session: whatever the old one held (a half-done sign-in included) is gone. */
    public SignedIn begin(HttpServletRequest request, String key, String displayName, Set<String> groups,
            String method) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setMaxInactiveInterval(Math.toIntExact(idleTimeout.toSeconds()));
        var signedIn = new SignedIn(key, displayName, groups, method, clock.instant().plus(maxAge), newToken());
        session.setAttribute(SIGNED_IN, signedIn);
        return signedIn;
    }

    public void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /**
     * Whether a request made with the session cookie may change something: reads pass; a change must carry the
     * session's token in the {@value #CSRF_HEADER} header, or in a {@value #CSRF_FIELD} field of a form.
     */
    public static boolean passesCsrfCheck(SignedIn signedIn, HttpServletRequest request) {
        if (!STATE_CHANGING.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            return true;
        }
        String presented = request.getHeader(CSRF_HEADER);
        if (presented == null && isForm(request.getContentType())) {
            presented = request.getParameter(CSRF_FIELD);
        }
        return signedIn.acceptsCsrfToken(presented);
    }

    /** Remembers, before a sign-in leaves for the OpenID provider, where the person wanted to go. */
    public void rememberReturnPath(HttpServletRequest request, String path) {
        request.getSession(true).setAttribute(RETURN_PATH, path);
    }

    public Optional<String> rememberedReturnPath(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(RETURN_PATH) instanceof String path
                ? Optional.of(path)
                : Optional.empty();
    }

    static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
