package dev.mcpoauth.security.control;

import dev.mcpoauth.security.entity.CallerKey;
import dev.mcpoauth.security.entity.ReturnPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in at the organisation's OpenID provider through the Jakarta Security mechanism that {@link OidcSignIn}
 * defines: {@code /signin/oidc} sends the browser to the provider, the callback has the mechanism exchange the code
 * and validate the ID token, and the person is then signed in to a broker session under the same key a bearer JWT
 * of that issuer and subject gets ({@link CallerKey#jwt}), so browser and API see the same connections.
 */
@ApplicationScoped
public class OpenIdSignIn {

    public static final String START_PATH = "/signin/oidc";
    static final System.Logger LOGGER = System.getLogger(OpenIdSignIn.class.getName());

    @Inject
    OidcSignIn settings;

    @Inject
    BrowserSessions sessions;

    @Inject
    BeanManager beans;

    @Inject
    Instance<OpenIdContext> openIdContext;

    public static boolean handles(String path) {
        return START_PATH.equals(path) || OidcSignIn.CALLBACK_PATH.equals(path);
    }

    /** Where to send the browser now, or empty when the provider's mechanism has already answered. */
    public Optional<String> handle(String path, HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (!settings.isEnabled()) {
            return Optional.of(SignInPage.error("oidc-unavailable"));
        }
        try {
            if (START_PATH.equals(path)) {
                sessions.rememberReturnPath(request, ReturnPath.of(request.getParameter("return")));
                // the mechanism sends a browser to the provider only from a resource that needs a caller
                AuthenticationStatus status = provider().validateRequest(request, response, new Protected(context));
                return status == AuthenticationStatus.SEND_CONTINUE ? Optional.empty()
                        : Optional.of(SignInPage.error("oidc-failed"));
            }
            String returnPath = sessions.rememberedReturnPath(request).orElse(ReturnPath.HOME);
            AuthenticationStatus status = provider().validateRequest(request, response, context);
            if (status != AuthenticationStatus.SUCCESS || context.getCallerPrincipal() == null) {
                return Optional.of(SignInPage.error("oidc-failed"));
            }
            signIn(request, context.getCallerPrincipal(), context.getGroups());
            return Optional.of(returnPath);
        } catch (AuthenticationException | RuntimeException e) {
            // the provider's metadata, token endpoint or ID token failed; the exception names no secret
            LOGGER.log(System.Logger.Level.WARNING, "OpenID Connect sign-in at {0} failed: {1}",
                    settings.getIssuer(), e.toString());
            return Optional.of(SignInPage.error("oidc-failed"));
        }
    }

    private void signIn(HttpServletRequest request, Principal caller, Set<String> groups) {
        OpenIdContext idContext = openIdContext.get();
        String issuer = idContext.getIdentityToken().getJwtClaims().getIssuer().orElse("");
        String subject = idContext.getSubject();
        // OIDC Core §3.1.3.7: iss must be exactly the provider's; the mechanism compares it with the metadata only
        if (!stripSlash(issuer).equals(stripSlash(settings.getIssuer())) || subject == null || subject.isBlank()) {
            throw new IllegalStateException("the ID token's issuer is not " + settings.getIssuer());
        }
        sessions.begin(request, CallerKey.jwt(issuer, subject), caller.getName(), groups, "oidc");
    }

    /*
     * Looked up by hand: an Instance<HttpAuthenticationMechanism> resolves to the broker's own mechanism only, the
     * alternative that wins over this one (CDI 4.0 §2.7.1).
     */
    private HttpAuthenticationMechanism provider() {
        Bean<?> bean = beans.getBeans(HttpAuthenticationMechanism.class, Any.Literal.INSTANCE).stream()
                .filter(candidate -> !candidate.getTypes().contains(SessionAware.class))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OpenID Connect mechanism is deployed"));
        return (HttpAuthenticationMechanism) beans.getReference(bean, HttpAuthenticationMechanism.class,
                beans.createCreationalContext(bean));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Marks the broker's own mechanism, so that this class finds the provider's beside it. */
    public interface SessionAware {
    }

    static final class Protected extends HttpMessageContextWrapper {
        Protected(HttpMessageContext context) {
            super(context);
        }

        @Override
        public boolean isProtected() {
            return true;
        }
    }
}
