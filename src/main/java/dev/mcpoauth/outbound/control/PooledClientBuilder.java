package dev.mcpoauth.outbound.control;

import dev.mcpoauth.outbound.entity.OutboundTarget;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The builder handed to a library that insists on building its own client (the MCP SDK's
 * transports take an {@link HttpClient.Builder}, never a client): {@link #build()} returns the
 * pooled client for the target's name, so every session to a server shares one client, its
 * connections and its selector thread, instead of starting a new client per session. The
 * library may set the connect timeout (it picks the pooled client); any other setting would
 * change a client others share, so it is refused.
 */
final class PooledClientBuilder implements HttpClient.Builder {

    final PinnedClients pool;
    final OutboundTarget target;
    Duration connectTimeout;

    PooledClientBuilder(PinnedClients pool, OutboundTarget target,
            Duration connectTimeout) {
        this.pool = pool;
        this.target = target;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
        this.connectTimeout = duration;
        return this;
    }

    @Override
    public HttpClient build() {
        return pool.client(target, connectTimeout);
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
        throw shared("a cookie handler");
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
        throw shared("a TLS context");
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
        throw shared("TLS parameters");
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
        throw shared("an executor");
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
        throw shared("a redirect policy");
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
        throw shared("an HTTP version");
    }

    @Override
    public HttpClient.Builder priority(int priority) {
        throw shared("a priority");
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
        throw shared("a proxy");
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
        throw shared("an authenticator");
    }

    static UnsupportedOperationException shared(String what) {
        return new UnsupportedOperationException("The outbound HTTP client is pooled and shared: it takes no "
                + what + " from its user.");
    }
}
