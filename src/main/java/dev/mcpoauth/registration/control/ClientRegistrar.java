package dev.mcpoauth.registration.control;

import dev.mcpoauth.oauth.control.JsonBody;
import dev.mcpoauth.oauth.entity.UpstreamUnavailableException;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.OutboundReply;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.registration.entity.ClientInformation;
import dev.mcpoauth.registration.entity.ClientMetadata;
import dev.mcpoauth.registration.entity.RegistrationError;
import dev.mcpoauth.web.entity.Problem;
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
 * RFC 7591 dynamic client registration: one POST of the client metadata. Not retried, since a
 * second POST could register a second client. Sent through {@link Outbound}, with the limits of
 * discovery ({@code mcpoauth.discovery.*}).
 */
@Dependent
public class ClientRegistrar {

    final Outbound outbound;

    @Inject
    public ClientRegistrar(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.discovery.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.read-timeout", defaultValue = "PT10S") Duration readTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.max-document-bytes", defaultValue = "262144") int maxBytes) {
        this(new Outbound(guard, connectTimeout, readTimeout, maxBytes));
    }

    public ClientRegistrar(Outbound outbound) {
        this.outbound = outbound;
    }

    /** @throws ProblemException REGISTRATION_REJECTED with the server's RFC 7591 error, or why it could not be asked */
    public ClientInformation register(String registrationEndpoint, ClientMetadata metadata) {
        URI endpoint = URI.create(registrationEndpoint);
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(metadata.toJSON().toString()));
        OutboundReply response = send(request, endpoint);
        int status = response.status();
        String where = endpoint.getHost() + endpoint.getRawPath();
        if (response.isRedirect()) {
            throw new ProblemException(Problem.UPSTREAM_REDIRECT,
                    where + " answered the registration with a redirect; redirects are not followed.");
        }
        if (response.isServerError()) {
            throw new UpstreamUnavailableException(where + " failed the registration with HTTP " + status + ".");
        }
        if (status == 200 || status == 201) {
            return ClientInformation.fromJSON(JsonBody.parse(response.body(), where));
        }
        RegistrationError error = registrationError(response.body()).orElseThrow(() -> new ProblemException(
                Problem.REGISTRATION_REJECTED, where + " refused the registration with HTTP " + status
                        + " and no RFC 7591 error."));
        throw new ProblemException(Problem.REGISTRATION_REJECTED, error.plainMessage(metadata));
    }

    /** The RFC 7591 §3.2.2 error in a refusal, if the body is one (it may be an error page or anything else). */
    static Optional<RegistrationError> registrationError(byte[] body) {
        try {
            JsonObject json = JsonBody.parse(body, "The registration error");
            return json.containsKey("error") ? Optional.of(RegistrationError.fromJSON(json)) : Optional.empty();
        } catch (ProblemException notAnError) {
            return Optional.empty();
        }
    }

    OutboundReply send(HttpRequest.Builder request, URI endpoint) {
        try {
            return outbound.send(endpoint, request);
        } catch (UrlForbiddenException e) {
            throw new ProblemException(Problem.URL_FORBIDDEN, e.getMessage(), e);
        } catch (OutboundFailure e) {
            if (!e.isTransient()) {
                throw new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, e.getMessage(), e);
            }
            throw new UpstreamUnavailableException("The registration endpoint at " + endpoint.getHost() + " "
                    + e.getMessage(), e);
        }
    }
}
