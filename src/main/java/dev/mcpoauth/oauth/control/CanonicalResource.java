package dev.mcpoauth.oauth.control;

import java.net.URI;
import java.util.Locale;

/**
 * The canonical URI of an MCP server, for the RFC 8707 {@code resource} parameter when no
 * protected-resource metadata supplies one (RFC 8707 §2, MCP "canonical server URI"): scheme and
 * host in lower case, no fragment, no user information, and no trailing slash unless the path is
 * exactly {@code /}. Everything else (port, path, query, percent-encoding) is kept byte for byte,
 * because authorization servers compare the value as a string.
 */
public final class CanonicalResource {

    private CanonicalResource() {}

    /** @throws IllegalArgumentException when the URL is not an absolute http(s) URL with a host */
    public static String of(URI mcpUrl) {
        if (!mcpUrl.isAbsolute() || mcpUrl.isOpaque() || mcpUrl.getHost() == null) {
            throw new IllegalArgumentException("an MCP server URL must be an absolute http(s) URL with a host");
        }
        String scheme = mcpUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("an MCP server URL must use https (or http for local development)");
        }
        if (mcpUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("an MCP server URL must not contain user information");
        }
        StringBuilder canonical = new StringBuilder(scheme).append("://")
                .append(mcpUrl.getHost().toLowerCase(Locale.ROOT));
        if (mcpUrl.getPort() != -1) {
            canonical.append(':').append(mcpUrl.getPort());
        }
        String path = mcpUrl.getRawPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        canonical.append(path);
        if (mcpUrl.getRawQuery() != null) {
            canonical.append('?').append(mcpUrl.getRawQuery());
        }
        return canonical.toString();
    }

    public static String of(String mcpUrl) {
        return of(URI.create(mcpUrl));
    }
}
