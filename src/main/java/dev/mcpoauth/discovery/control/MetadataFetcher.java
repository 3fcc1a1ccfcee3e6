package dev.mcpoauth.discovery.control;

import dev.mcpoauth.oauth.control.CappedBody;
import dev.mcpoauth.oauth.control.JsonBody;
import dev.mcpoauth.oauth.entity.DiscoveryException.Reason;
import dev.mcpoauth.oauth.entity.DiscoveryException;
import dev.mcpoauth.oauth.entity.UpstreamUnavailableException;
import dev.mcpoauth.outbound.control.BoundedExchange;
import dev.mcpoauth.outbound.control.OutboundHttpClient;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * GETs one JSON metadata document from a URL learned from the network: the URL policy is checked
 * before connecting, redirects are refused, time is bounded (connect, then the whole exchange),
 * and the body is capped while it streams. Statuses map to reasons a discovery loop acts on:
 * 4xx is NOT_FOUND (try the next location), 5xx is UPSTREAM_UNAVAILABLE. HTTP/1.1 only: when a
 * subscriber cancels an unwanted or oversized body, the JDK's HTTP/2 client often fails the
 * whole exchange with "Stream cancelled", which would turn a 404 into "could not be reached".
 */
@Dependent
public class MetadataFetcher {

    static final System.Logger LOGGER = System.getLogger(MetadataFetcher.class.getName());

    final HttpClient client;
    final UrlGuard guard;
    final Duration readTimeout;
    final int maxDocumentBytes;

    @Inject
    public MetadataFetcher(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.discovery.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.read-timeout", defaultValue = "PT10S") Duration readTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.max-document-bytes", defaultValue = "262144") int maxDocumentBytes) {
        this(OutboundHttpClient.create(connectTimeout), guard, readTimeout, maxDocumentBytes);
    }

    public MetadataFetcher(HttpClient client, UrlGuard guard, Duration readTimeout, int maxDocumentBytes) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the HTTP client must not follow redirects");
        }
        this.client = client;
        this.guard = guard;
        this.readTimeout = readTimeout;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    public boolean allowsLoopbackHttp() {
        return guard.allowsLoopbackHttp();
    }

    /**
     * A GET is idempotent, so a transient failure is retried twice with backoff; everything else
     * fails at once.
     *
     * @throws DiscoveryException with the reason a caller can act on; never opens a refused URL
     */
    @Retry(retryOn = UpstreamUnavailableException.class, maxRetries = 2, delay = 300, jitter = 100)
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    public JsonObject fetch(URI url) {
        vet(url);
        String where = url.getHost() + url.getRawPath();
        HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(readTimeout)
                .header("Accept", "application/json").build();
        HttpResponse<byte[]> response = send(request, where);
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new DiscoveryException(Reason.REDIRECT_NOT_FOLLOWED,
                    where + " answered with a redirect (HTTP " + status + "); redirects are not followed.");
        }
        if (status >= 500) {
            throw new UpstreamUnavailableException(where + " failed with HTTP " + status + ".");
        }
        if (status >= 400) {
            throw new DiscoveryException(Reason.NOT_FOUND, where + " has no document (HTTP " + status + ").");
        }
        if (status != 200) {
            throw new DiscoveryException(Reason.BAD_UPSTREAM_DOCUMENT, where + " answered HTTP " + status + " without a document.");
        }
        if (!isJson(response.headers())) {
            throw new DiscoveryException(Reason.BAD_UPSTREAM_DOCUMENT,
                    where + " did not answer with application/json.");
        }
        if (declaredLength(response.headers()) > maxDocumentBytes) {
            throw CappedBody.tooLarge(maxDocumentBytes);
        }
        return JsonBody.parse(response.body(), where);
    }

    void vet(URI url) {
        try {
            guard.check(url);
        } catch (UrlForbiddenException e) {
            Reason reason = e.rule() == UrlForbiddenException.Rule.UNRESOLVABLE
                    ? Reason.UPSTREAM_UNAVAILABLE
                    : Reason.URL_FORBIDDEN;
            throw new DiscoveryException(reason, e.getMessage(), e);
        }
    }

    HttpResponse<byte[]> send(HttpRequest request, String where) {
        BodyHandler<byte[]> handler = info -> wanted(info) ? new CappedBody(maxDocumentBytes) : CappedBody.ignored();
        try {
            return BoundedExchange.send(client, request, handler, readTimeout);
        } catch (OutboundFailure e) {
            throw unavailable(where + " " + e.getMessage(), e);
        }
    }

    boolean wanted(ResponseInfo info) {
        return info.statusCode() == 200 && isJson(info.headers()) && declaredLength(info.headers()) <= maxDocumentBytes;
    }



    static DiscoveryException unavailable(String message, Throwable cause) {
        LOGGER.log(System.Logger.Level.DEBUG, message, cause);
        return new UpstreamUnavailableException(message, cause);
    }

    /** {@code application/json} or any {@code application/*+json}, parameters allowed (RFC 6839 §3.1). */
    static boolean isJson(HttpHeaders headers) {
        String contentType = headers.firstValue("content-type").orElse("");
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json")
                || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }

    static long declaredLength(HttpHeaders headers) {
        try {
            return headers.firstValueAsLong("content-length").orElse(0);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
