package dev.mcpoauth.discovery.entity;

import java.net.URI;
import java.net.URISyntaxException;

/** A value from an upstream document shown in a problem: quoted, cut short, without control characters. */
public final class UpstreamValue {

    static final int MAX_SHOWN = 120;

    private UpstreamValue() {}

    /**
     * A URL without user information, query or fragment, which may carry credentials (some MCP
     * servers take an API key in the query).
     */
    public static String urlShown(String url) {
        if (url == null) {
            return "(none)";
        }
        try {
            URI parsed = new URI(url);
            if (parsed.getScheme() == null || parsed.getHost() == null) {
                return "(not an absolute URL)";
            }
            String port = parsed.getPort() == -1 ? "" : ":" + parsed.getPort();
            return shown(parsed.getScheme() + "://" + parsed.getHost() + port + parsed.getRawPath());
        } catch (URISyntaxException e) {
            return "(not a valid URL)";
        }
    }

    public static String shown(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (printable.length() > MAX_SHOWN ? printable.substring(0, MAX_SHOWN) + "…" : printable) + "\"";
    }
}
