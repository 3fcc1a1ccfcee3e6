package dev.mcpoauth.discovery.control;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Well-known metadata locations, in the order a client must try them. URLs are assembled from the
 * raw (still percent-encoded) components, so nothing is decoded, re-encoded or normalised.
 */
public final class WellKnown {

    static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
    static final String OAUTH_AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    public static final int MAX_ISSUER_LENGTH = 1024;

    private WellKnown() {}

    /**
     * RFC 9728 §3.1: the suffix goes between host and path (a terminating "/" dropped, a query
     * kept after the path); then the root location, which MCP clients must also try.
     */
    public static List<URI> protectedResourceMetadata(URI resource) {
        requireHierarchical(resource, "resource");
        String origin = origin(resource);
        URI root = URI.create(origin + PROTECTED_RESOURCE);
        String path = pathWithoutTerminatingSlash(resource);
        if (path.isEmpty()) {
            return List.of(root);
        }
        String query = resource.getRawQuery() == null ? "" : "?" + resource.getRawQuery();
        return List.of(URI.create(origin + PROTECTED_RESOURCE + path + query), root);
    }

    /**
     * RFC 8414 §3.1 and §5, OpenID Connect Discovery §4.1. An issuer with a path: OAuth
     * path-inserted, OIDC path-inserted, OIDC appended, and never the root (the root document
     * belongs to another issuer on the same host). Without a path: OAuth, then OIDC.
     *
     * @throws ProblemException BAD_UPSTREAM_DOCUMENT when the issuer is not an absolute URL
     *     without query and fragment (RFC 8414 §2), or longer than {@link #MAX_ISSUER_LENGTH}
     */
    public static List<URI> authorizationServerMetadata(String issuer) {
        URI parsed = issuerUri(issuer);
        String origin = origin(parsed);
        String path = pathWithoutTerminatingSlash(parsed);
        if (path.isEmpty()) {
            return List.of(
                    URI.create(origin + OAUTH_AUTHORIZATION_SERVER),
                    URI.create(origin + OPENID_CONFIGURATION));
        }
        return List.of(
                URI.create(origin + OAUTH_AUTHORIZATION_SERVER + path),
                URI.create(origin + OPENID_CONFIGURATION + path),
                URI.create(origin + path + OPENID_CONFIGURATION));
    }

    static URI issuerUri(String issuer) {
        if (issuer == null) {
            throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, "The issuer identifier is missing.");
        }
        // the issuer keys cached metadata and client registrations, in columns of this size
        if (issuer.length() > MAX_ISSUER_LENGTH) {
            throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, "The issuer identifier is longer than "
                    + MAX_ISSUER_LENGTH + " characters, which the broker does not accept.");
        }
        try {
            URI parsed = new URI(issuer);
            requireHierarchical(parsed, "issuer");
            if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
                throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT,
                        "An issuer identifier must not have a query or fragment (RFC 8414 §2).");
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, "The issuer identifier is not a valid URL.");
        }
    }

    static void requireHierarchical(URI url, String what) {
        if (!url.isAbsolute() || url.isOpaque() || url.getRawAuthority() == null) {
            throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, "The " + what + " is not an absolute URL.");
        }
    }

    static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    static String pathWithoutTerminatingSlash(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
