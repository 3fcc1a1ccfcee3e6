package dev.mcpoauth.events.entity;

import java.net.URI;

/**
 * A URL as an audit row or a problem may show it: scheme, host, port and path. User info and
 * query are dropped, because an admin may have typed a credential into either (some MCP servers
 * take an API key in the query).
 */
public final class AuditedUrl {

    private AuditedUrl() {}

    public static String of(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                return "an address that is not a URL";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (IllegalArgumentException e) {
            return "an address that is not a URL";
        }
    }
}
