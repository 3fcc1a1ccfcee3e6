package dev.mcpoauth.oauth.control;

import dev.mcpoauth.oauth.entity.DiscoveryException;
import dev.mcpoauth.oauth.entity.Form;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Transient;
import dev.mcpoauth.outbound.control.BoundedExchange;
import dev.mcpoauth.outbound.control.OutboundHttpClient;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.OutboundTarget;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One {@code application/x-www-form-urlencoded} POST to an OAuth endpoint learned from the
 * network (token, revocation): the URL policy is checked before connecting, redirects are
 * refused, time is bounded (connect, then the whole exchange) and the body is capped while it
 * streams. It sends once and never repeats: whether a request may be retried is for the caller
 * to decide (an authorization code may not, RFC 6749 §4.1.2).
 */
@Dependent
public class FormPost {

    static final System.Logger LOGGER = System.getLogger(FormPost.class.getName());

    final HttpClient client;
    final UrlGuard guard;
    final Duration readTimeout;
    final int maxResponseBytes;

    @Inject
    public FormPost(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.token.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
            @ConfigProperty(name = "mcpoauth.token.read-timeout", defaultValue = "PT15S") Duration readTimeout,
            @ConfigProperty(name = "mcpoauth.token.max-response-bytes", defaultValue = "65536") int maxResponseBytes) {
        this(OutboundHttpClient.create(connectTimeout),
                guard, readTimeout, maxResponseBytes);
    }

    public FormPost(HttpClient client, UrlGuard guard, Duration readTimeout, int maxResponseBytes) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the HTTP client must not follow redirects");
        }
        this.client = client;
        this.guard = guard;
        this.readTimeout = readTimeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * @param what names the endpoint in messages, e.g. "The token endpoint"
     * @throws UrlForbiddenException when the URL breaks the outbound policy (nothing is sent)
     * @throws Transient when the server cannot be reached or does not answer in time
     * @throws BadResponse when the body is over the size limit
     */
    public FormReply post(String endpoint, Form form, String what) {
        OutboundTarget target = vet(endpoint, what);
        String where = what + " at " + target.url().getHost() + target.url().getRawPath();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url()).timeout(readTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.encoded()));
        form.headers().forEach(request::header);
        HttpResponse<byte[]> response = send(request.build(), where);
        return new FormReply(where, response.statusCode(), jsonObject(response.body()));
    }

    OutboundTarget vet(String endpoint, String what) {
        try {
            return guard.check(endpoint);
        } catch (UrlForbiddenException e) {
            if (e.rule() == UrlForbiddenException.Rule.UNRESOLVABLE) {
                throw transientFailure(what + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    HttpResponse<byte[]> send(HttpRequest request, String where) {
        try {
            return BoundedExchange.send(client, request, info -> new CappedBody(maxResponseBytes), readTimeout);
        } catch (OutboundFailure e) {
            throw transientFailure(where + " " + e.getMessage(), e);
        } catch (DiscoveryException tooLarge) {
            throw new BadResponse(where + ": " + tooLarge.getMessage(), 0);
        }
    }



    static Transient transientFailure(String message, Throwable cause) {
        LOGGER.log(System.Logger.Level.DEBUG, message, cause);
        return new Transient(message, 0, null, cause);
    }

    /** The body as one JSON object, or empty when it is anything else (an error page, say). */
    static Optional<JsonObject> jsonObject(byte[] body) {
        try {
            return Optional.of(JsonBody.parse(body, "the response"));
        } catch (DiscoveryException notAnObject) {
            return Optional.empty();
        }
    }
}
