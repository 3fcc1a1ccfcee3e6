package dev.mcpoauth.authorization.entity;

import java.net.URI;
import java.time.Duration;

/**
 * Where the start link sends the browser, and the cookie that binds the flow to that browser
 * (its value is a per-flow secret whose hash alone is stored).
 */
public record BrowserRedirect(URI location, String cookieName, String cookieValue, Duration cookieLifetime) {

    @Override
    public String toString() {
        return "BrowserRedirect[host=" + location.getHost() + ", cookie=" + cookieName + "]";
    }
}
