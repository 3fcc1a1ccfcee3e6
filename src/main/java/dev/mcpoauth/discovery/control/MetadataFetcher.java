package dev.mcpoauth.discovery.control;

import dev.mcpoauth.oauth.control.JsonBody;
import dev.mcpoauth.oauth.entity.UpstreamUnavailableException;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.OutboundReply;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.ResponseInfo;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * GETs one JSON metadata document from a URL learned from the network, through {@link Outbound}.
 * Statuses map to reasons a discovery loop acts on: 4xx is NOT_FOUND (try the next location),
 * 5xx is UPSTREAM_UNAVAILABLE.
 */
@Dependent
public class MetadataFetcher {

    static final System.Logger LOGGER = System.getLogger(MetadataFetcher.class.getName());

    final Outbound outbound;

    @Inject
    public MetadataFetcher(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.discovery.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.read-timeout", defaultValue = "PT10S") Duration readTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.max-document-bytes", defaultValue = "262144") int maxDocumentBytes) {
        this(new Outbound(guard, connectTimeout, readTimeout, maxDocumentBytes));
    }

    public MetadataFetcher(Outbound outbound) {
        this.outbound = outbound;
    }

    public boolean allowsLoopbackHttp() {
        return outbound.allowsLoopbackHttp();
    }

    /**
     * A GET is idempotent, so a transient failure is retried twice with backoff; everything else
     * fails at once.
     *
     * @throws ProblemException with the problem a caller can act on; never opens a refused URL
     */
    @Retry(retryOn = UpstreamUnavailableException.class, maxRetries = 2, delay = 300, jitter = 100)
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    public JsonObject fetch(URI url) {
        String where = url.getHost() + url.getRawPath();
        OutboundReply reply = send(url, where);
        int status = reply.status();
        if (reply.isRedirect()) {
            throw new ProblemException(Problem.UPSTREAM_REDIRECT,
                    where + " answered with a redirect (HTTP " + status + "); redirects are not followed.");
        }
        if (reply.isServerError()) {
            throw new UpstreamUnavailableException(where + " failed with HTTP " + status + ".");
        }
        if (reply.isClientError()) {
            throw new ProblemException(Problem.METADATA_NOT_FOUND, where + " has no document (HTTP " + status + ").");
        }
        if (status != 200) {
            throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, where + " answered HTTP " + status + " without a document.");
        }
        if (!isJson(reply.headers())) {
            throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT,
                    where + " did not answer with application/json.");
        }
        return JsonBody.parse(reply.body(), where);
    }

    OutboundReply send(URI url, String where) {
        HttpRequest.Builder request = HttpRequest.newBuilder().GET().header("Accept", "application/json");
        try {
            return outbound.send(url, request, MetadataFetcher::wanted);
        } catch (UrlForbiddenException e) {
            Problem problem = e.rule() == UrlForbiddenException.Rule.UNRESOLVABLE
                    ? Problem.UPSTREAM_UNAVAILABLE
                    : Problem.URL_FORBIDDEN;
            throw new ProblemException(problem, e.getMessage(), e);
        } catch (OutboundFailure e) {
            if (!e.isTransient()) {
                throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, e.getMessage(), e);
            }
            LOGGER.log(System.Logger.Level.DEBUG, where + " " + e.getMessage(), e);
            throw new UpstreamUnavailableException(where + " " + e.getMessage(), e);
        }
    }

    static boolean wanted(ResponseInfo info) {
        return info.statusCode() == 200 && isJson(info.headers());
    }

    /** {@code application/json} or any {@code application/*+json}, parameters allowed (RFC 6839 §3.1). */
    static boolean isJson(HttpHeaders headers) {
        String contentType = headers.firstValue("content-type").orElse("");
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json")
                || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }
}
