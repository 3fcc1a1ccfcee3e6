package dev.mcpoauth.security.control;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The browser session cookie: HttpOnly (no script reads it), SameSite=Lax (no other site's form or fetch sends
 * it), Secure when the broker is served over HTTPS, and the only way a session travels: never a
 * {@code ;jsessionid=} in a URL, which would put the session in logs and referrers.
 */
@WebListener
public class SessionCookie implements ServletContextListener {

    public static final String NAME = "mcpoauth_session";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String base = ConfigProvider.getConfig().getOptionalValue("mcpoauth.public-base-url", String.class)
                .orElse("http://127.0.0.1:8080");
        event.getServletContext().setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setName(NAME);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSecure(base.strip().toLowerCase(Locale.ROOT).startsWith("https:"));
        cookie.setAttribute("SameSite", "Lax");
    }
}
