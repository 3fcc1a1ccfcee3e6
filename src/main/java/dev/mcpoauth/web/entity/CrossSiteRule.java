package dev.mcpoauth.web.entity;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a state-changing API request must show to be more than a cross-site forgery: a JSON body (no HTML form
 * and no bodiless {@code fetch} can send {@code application/json} to another site without a CORS preflight,
 * which the broker never grants) and, when the browser names one, an {@code Origin} (RFC 6454 §7) that is the
 * broker's own or on the allow-list. Requests without {@code Origin} come from programs, not pages, unless the
 * browser says {@code Sec-Fetch-Site: cross-site}.
 */
public record CrossSiteRule(String ownOrigin, Set<String> allowedOrigins) {

    static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    public CrossSiteRule {
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    public static CrossSiteRule of(String publicBaseUrl, String allowList) {
        Set<String> allowed = Arrays.stream(allowList.split(","))
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .map(origin -> normalised(origin).orElseThrow(() -> new IllegalArgumentException(
                        "mcpoauth.web.allowed-origins: not an origin: " + origin)))
                .collect(Collectors.toSet());
        return new CrossSiteRule(normalised(publicBaseUrl).orElseThrow(() -> new IllegalArgumentException(
                "mcpoauth.public-base-url is not an http(s) URL")), allowed);
    }

    /** State-changing requests to the API; {@code path} is relative to the context root. */
    public static boolean appliesTo(String method, String path) {
        return STATE_CHANGING.contains(method.toUpperCase(Locale.ROOT)) && isApi(path);
    }

    /** Whether a request path (with or without its leading slash) is under /api. */
    public static boolean isApi(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.equals("api") || relative.startsWith("api/");
    }

    public Optional<ProblemDetail> refusal(String origin, String fetchSite, String contentType, String instance) {
        if (origin != null ? !isTrusted(origin) : "cross-site".equalsIgnoreCase(fetchSite)) {
            return Optional.of(ProblemDetail.of(Problem.ORIGIN_NOT_ALLOWED, "The broker accepts changes only from its"
                    + " own pages and the origins an admin lists in mcpoauth.web.allowed-origins.", instance));
        }
        if (!isJson(contentType)) {
            return Optional.of(ProblemDetail.of(Problem.UNSUPPORTED_MEDIA_TYPE, "Send this request with"
                    + " Content-Type: application/json (an empty body as {}).", instance));
        }
        return Optional.empty();
    }

    /**
     * Whether a browser request comes from a page of the broker itself: its {@code Origin}, or without one (older
     * browsers on same-origin GETs), a {@code Sec-Fetch-Site} that is not cross-site.
     */
    public boolean isSameSite(String origin, String fetchSite) {
        return origin != null
                ? normalised(origin).filter(ownOrigin::equals).isPresent()
                : !"cross-site".equalsIgnoreCase(fetchSite) && !"same-site".equalsIgnoreCase(fetchSite);
    }

    boolean isTrusted(String origin) {
        return normalised(origin).filter(value -> value.equals(ownOrigin) || allowedOrigins.contains(value))
                .isPresent();
    }

    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /** scheme://host[:port] in lower case without a default port; empty for {@code null} or anything else. */
    static Optional<String> normalised(String url) {
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
