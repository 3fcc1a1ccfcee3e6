package dev.mcpoauth.registration.control;

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
import dev.mcpoauth.registration.entity.ClientInformation;
import dev.mcpoauth.registration.entity.ClientMetadata;
import dev.mcpoauth.registration.entity.RegistrationError;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * RFC 7591 dynamic client registration: one POST of the client metadata. Not retried, since a
 * second POST could register a second client. Time is bounded for the whole exchange and the
 * body is capped; HTTP/1.1 only, as in {@code MetadataFetcher}.
 */
@Dependent
public class ClientRegistrar {

    final HttpClient client;
    final UrlGuard guard;
    final Duration readTimeout;
    final int maxBytes;

    @Inject
    public ClientRegistrar(UrlGuard guard,
            @ConfigProperty(name = "mcpoauth.discovery.connect-timeout", defaultValue = "PT5S") Duration connectTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.read-timeout", defaultValue = "PT10S") Duration readTimeout,
            @ConfigProperty(name = "mcpoauth.discovery.max-document-bytes", defaultValue = "262144") int maxBytes) {
        this(OutboundHttpClient.create(connectTimeout), guard, readTimeout, maxBytes);
    }

    public ClientRegistrar(HttpClient client, UrlGuard guard, Duration readTimeout, int maxBytes) {
        this.client = client;
        this.guard = guard;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    /** @throws DiscoveryException REGISTRATION_REJECTED with the server's RFC 7591 error, or why it could not be asked */
    public ClientInformation register(String registrationEndpoint, ClientMetadata metadata) {
        URI endpoint = URI.create(registrationEndpoint);
        try {
            guard.check(endpoint);
        } catch (UrlForbiddenException e) {
            throw new DiscoveryException(Reason.URL_FORBIDDEN, e.getMessage(), e);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(metadata.toJSON().toString()))
                .build();
        HttpResponse<byte[]> response = send(request, endpoint);
        int status = response.statusCode();
        String where = endpoint.getHost() + endpoint.getRawPath();
        if (status >= 300 && status < 400) {
            throw new DiscoveryException(Reason.REDIRECT_NOT_FOLLOWED,
                    where + " answered the registration with a redirect; redirects are not followed.");
        }
        if (status >= 500) {
            throw new UpstreamUnavailableException(where + " failed the registration with HTTP " + status + ".");
        }
        if (status == 200 || status == 201) {
            return ClientInformation.fromJSON(JsonBody.parse(response.body(), where));
        }
        RegistrationError error = registrationError(response.body()).orElseThrow(() -> new DiscoveryException(
                Reason.REGISTRATION_REJECTED, where + " refused the registration with HTTP " + status
                        + " and no RFC 7591 error."));
        throw new DiscoveryException(Reason.REGISTRATION_REJECTED, error.plainMessage(metadata));
    }

    /** The RFC 7591 §3.2.2 error in a refusal, if the body is one (it may be an error page or anything else). */
    static Optional<RegistrationError> registrationError(byte[] body) {
        try {
            JsonObject json = JsonBody.parse(body, "The registration error");
            return json.containsKey("error") ? Optional.of(RegistrationError.fromJSON(json)) : Optional.empty();
        } catch (DiscoveryException notAnError) {
            return Optional.empty();
        }
    }

    HttpResponse<byte[]> send(HttpRequest request, URI endpoint) {
        try {
            return BoundedExchange.send(client, request, info -> new CappedBody(maxBytes), readTimeout);
        } catch (OutboundFailure e) {
            throw new UpstreamUnavailableException("The registration endpoint at " + endpoint.getHost() + " "
                    + e.getMessage(), e);
        }
    }
}
