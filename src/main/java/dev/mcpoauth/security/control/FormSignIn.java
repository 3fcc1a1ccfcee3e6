package dev.mcpoauth.security.control;

import dev.mcpoauth.security.entity.GroupsPrincipal;
import dev.mcpoauth.security.entity.ReturnPath;
import dev.mcpoauth.web.entity.CrossSiteRule;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sign-in form's POST: a configured user's name and password, checked by the identity stores with the same
 * throttle as HTTP Basic, start a browser session. Only the broker's own page may post it: a form on another
 * site could otherwise sign a victim in to the attacker's account (login CSRF).
 */
@ApplicationScoped
public class FormSignIn {

    public static final String METHOD = "form";

    @Inject
    CredentialCheck credentials;

    @Inject
    PasswordIdentityStore passwords;

    @Inject
    BrowserSessions sessions;

    @Inject
    @ConfigProperty(name = "mcpoauth.public-base-url", defaultValue = "http://127.0.0.1:8080")
    String publicBaseUrl;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.form-sign-in", defaultValue = "true")
    boolean enabled;

    CrossSiteRule ownPagesOnly;

    @PostConstruct
    void configure() {
        ownPagesOnly = CrossSiteRule.of(publicBaseUrl, "");
    }

    /** Whether the sign-in page offers the form: switched on, and someone who could use it is configured. */
    public boolean isOffered() {
        return enabled && passwords.hasUsers();
    }

    /** Where the browser goes next: the page it asked for, or the sign-in page saying what went wrong. */
    public String submit(HttpServletRequest request) {
        String returnPath = ReturnPath.of(request.getParameter("return"));
        if (!ownPagesOnly.isSameSite(request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"))) {
            return SignInPage.error("csrf", returnPath);
        }
        String user = request.getParameter("username");
        String password = request.getParameter("password");
        if (!isOffered() || user == null || user.isBlank() || password == null) {
            return SignInPage.error(isOffered() ? "invalid" : "form-unavailable", returnPath);
        }
        var credential = new UsernamePasswordCredential(user, new Password(password));
        try {
            CredentialCheck.Outcome outcome = credentials.check(credential, request.getRemoteAddr());
            if (outcome.throttledFor().isPresent()) {
                return SignInPage.error("throttled", returnPath);
            }
            // only the password store's callers (GroupsPrincipal) may use the form
            if (!outcome.isValid() || !(outcome.result().getCallerPrincipal() instanceof GroupsPrincipal principal)) {
                return SignInPage.error("invalid", returnPath);
            }
            sessions.begin(request, principal.getName(), principal.displayName(), outcome.result().getCallerGroups(),
                    METHOD);
            return returnPath;
        } finally {
            credential.clear();
        }
    }
}
