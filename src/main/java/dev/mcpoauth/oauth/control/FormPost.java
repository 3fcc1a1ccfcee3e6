package dev.mcpoauth.oauth.control;

import dev.mcpoauth.dpop.control.DpopNonces;
import dev.mcpoauth.oauth.entity.Form;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Transient;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.OutboundReply;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One {@code application/x-www-form-urlencoded} POST to an OAuth endpoint learned from the
 * network (token, revocation), through {@link Outbound}. It sends once and never repeats: whether a request may be retried is for the caller
 * to decide (an authorization code may not, RFC 6749 §4.1.2).
 */
@Dependent
public class FormPost {

    static final System.Logger LOGGER = System.getLogger(FormPost.class.getName());

    final Outbound outbound;

    @Inject
    public FormPost(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.token.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
            @ConfigProperty(name = "mcpoauth.token.read-timeout", defaultValue = "PT15S") Duration readTimeout,
            @ConfigProperty(name = "mcpoauth.token.max-response-bytes", defaultValue = "65536") int maxResponseBytes) {
        this(new Outbound(guard, connectTimeout, readTimeout, maxResponseBytes));
    }

    public FormPost(Outbound outbound) {
        this.outbound = outbound;
    }

    /**
     * @param what names the endpoint in messages, e.g. "The token endpoint"
     * @throws UrlForbiddenException when the URL breaks the outbound policy (nothing is sent)
     * @throws Transient when the server cannot be reached or does not answer in time
     * @throws BadResponse when the body is over the size limit
     */
    public FormReply post(String endpoint, Form form, String what) {
        URI url = UrlGuard.parse(endpoint);
        String where = what + " at " + url.getHost() + url.getRawPath();
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.encoded()));
        form.headers().forEach(request::header);
        try {
            OutboundReply reply = outbound.send(url, request);
            return new FormReply(where, reply.status(), jsonObject(reply.body()), DpopNonces.nonceOf(reply.headers()));
        } catch (UrlForbiddenException e) {
            if (e.rule() == UrlForbiddenException.Rule.UNRESOLVABLE) {
                throw transientFailure(what + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (OutboundFailure e) {
            if (!e.isTransient()) {
                throw new BadResponse(where + ": " + e.getMessage(), 0);
            }
            throw transientFailure(where + " " + e.getMessage(), e);
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
        } catch (ProblemException notAnObject) {
            return Optional.empty();
        }
    }
}
