package dev.mcpoauth.outbound.control;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP client for every request to a URL learned from the network: redirects are never
 * followed (each hop would need the outbound policy again), and HTTP/1.1 only, because with the
 * JDK's HTTP/2 a body the broker declines to read (a 404 on a well-known location, an oversized
 * document) often fails the whole exchange as "stream cancelled" and looks like an outage.
 */
public final class OutboundHttpClient {

    private OutboundHttpClient() {}

    public static HttpClient create(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }
}
