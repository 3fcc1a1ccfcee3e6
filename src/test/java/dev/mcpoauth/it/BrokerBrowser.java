package dev.mcpoauth.it;

import dev.mcpoauth.peers.AsBrowser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A person's browser for one sign-in: opens the broker's start link (signed in to the broker),
 * signs in and consents at oidc-provider's real pages, and brings the answer back to the
 * broker's callback with the cookies the broker set. Each instance is one browser.
 */
final class BrokerBrowser {

    final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final BrokerClient broker;

    BrokerBrowser(BrokerClient broker) {
        this.broker = broker;
    }

    /** The start link, as the given broker user: the broker's redirect (303) or its page. */
    HttpResponse<String> open(String startLink, String authorization) {
        return get(URI.create(startLink), authorization);
    }

    /** Start link → authorization server (login and consent as {@code asUser}) → the callback URL, not yet visited. */
    URI signIn(String startLink, String authorization, String asUser) {
        HttpResponse<String> start = open(startLink, authorization);
        if (start.statusCode() != 303) {
            throw new IllegalStateException("start link answered " + start.statusCode() + ": " + start.body());
        }
        URI authorizationServer = URI.create(start.headers().firstValue("Location").orElseThrow());
        return new AsBrowser().authorize(authorizationServer, asUser, broker.uri("oauth/callback").toString());
    }

    HttpResponse<String> visit(URI callback) {
        return get(callback, null);
    }

    /** The whole sign-in, ending on the broker's page. */
    HttpResponse<String> connect(String startLink, String authorization, String asUser) {
        return visit(signIn(startLink, authorization, asUser));
    }

    HttpResponse<String> get(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
