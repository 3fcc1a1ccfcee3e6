package dev.mcpoauth.discovery.control;

import dev.mcpoauth.discovery.entity.UpstreamValue;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Does protected-resource metadata describe the MCP server it was fetched for? RFC 9728 §3.3
 * asks for an identical {@code resource}; MCP clients (and the conformance suite) accept the
 * relaxed rule used here: same origin (scheme and host case-insensitive, default ports
 * implied), and the resource path a prefix of the MCP URL's path on a segment boundary. A
 * resource with a query must name exactly the MCP URL's path and query.
 */
public final class ResourceMatch {

    private ResourceMatch() {}

    /**
     * @return {@code resource} unchanged, to be sent as the RFC 8707 {@code resource} parameter
     * @throws ProblemException RESOURCE_MISMATCH when it does not describe {@code mcpUrl}
     */
    public static String verify(URI mcpUrl, String resource) {
        if (!matches(mcpUrl, resource)) {
            throw new ProblemException(Problem.RESOURCE_MISMATCH, "The protected resource metadata describes resource "
                    + UpstreamValue.urlShown(resource) + ", not this MCP server "
                    + UpstreamValue.urlShown(mcpUrl.toString())
                    + " (same origin and a path prefix are required, RFC 9728 §3.3).");
        }
        return resource;
    }

    public static boolean matches(URI mcpUrl, String resource) {
        if (resource == null) {
            return false;
        }
        URI claimed;
        try {
            claimed = new URI(resource);
        } catch (URISyntaxException e) {
            return false;
        }
        return isPlainAbsolute(mcpUrl) && isPlainAbsolute(claimed) && claimed.getRawFragment() == null
                && sameOrigin(mcpUrl, claimed) && pathCovers(claimed, mcpUrl);
    }

    static boolean isPlainAbsolute(URI url) {
        return url.isAbsolute() && !url.isOpaque() && url.getHost() != null && url.getRawUserInfo() == null;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && effectivePort(a) == effectivePort(b);
    }

    static int effectivePort(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return switch (url.getScheme().toLowerCase(Locale.ROOT)) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
    }

    static boolean pathCovers(URI resource, URI mcpUrl) {
        if (resource.getRawQuery() != null) {
            return resource.getRawQuery().equals(mcpUrl.getRawQuery())
                    && withSlash(resource.getRawPath()).equals(withSlash(mcpUrl.getRawPath()));
        }
        // "/mcp/" covers "/mcp" and "/mcp/x" but not "/mcpx": compare with a terminating slash
        return withSlash(mcpUrl.getRawPath()).startsWith(withSlash(resource.getRawPath()));
    }

    static String withSlash(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return path.endsWith("/") ? path : path + "/";
    }
}
