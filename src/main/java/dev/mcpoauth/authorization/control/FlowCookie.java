package dev.mcpoauth.authorization.control;

import dev.mcpoauth.registration.control.BrokerClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;

/**
 * The cookie that binds a flow to the browser that opened its start link: HttpOnly, Secure when
 * the broker is served over HTTPS, SameSite=Lax so that the authorization server's redirect back
 * carries it, and scoped to the callback path.
 */
@ApplicationScoped
public class FlowCookie {

    @Inject
    BrokerClient broker;

    public NewCookie set(String name, String value, Duration lifetime) {
        return cookie(name, value, (int) lifetime.toSeconds());
    }

    public NewCookie clear(String name) {
        return cookie(name, "", 0);
    }

    NewCookie cookie(String name, String value, int maxAgeSeconds) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(BrokerClient.CALLBACK_PATH)
                .httpOnly(true)
                .secure(broker.isServedOverHttps())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(maxAgeSeconds)
                .build();
    }
}
