package dev.mcpoauth.outbound.control;

import dev.mcpoauth.outbound.entity.OutboundTarget;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP clients that talk to vetted addresses: redirects never followed (each hop would need
 * the URL policy again), HTTP/1.1 only (with the JDK's HTTP/2, a body the broker declines to read
 * often fails the whole exchange as "stream cancelled" and looks like an outage), and for https
 * to a pinned address the real host name in SNI with endpoint identification on. SunJSSE checks
 * the certificate against the SNI name first; when that fails it falls back to the connected
 * address, so a certificate issued for the vetted IP itself is accepted too.
 *
 * <p>A client's SNI name is fixed when it is built, so there is one client per host name and
 * connect timeout. They are kept (bounded, least recently used out): on Java 17 every client has
 * a selector thread that ends only when the client is collected. There is one pool per purpose:
 * the broker's own request and answer exchanges ({@link #SHARED}), and the MCP sessions the SDK
 * runs ({@link #SESSIONS}, long event streams included), so that neither evicts the other's clients.
 */
final class PinnedClients {

    static final PinnedClients SHARED = new PinnedClients(null, 64);
    static final PinnedClients SESSIONS = new PinnedClients(null, 64);

    record Key(Optional<String> serverName, Duration connectTimeout) {}

    final SSLContext sslContext;
    final Map<Key, HttpClient> clients;

    /** @param sslContext the trust for https; null for the JDK default */
    PinnedClients(SSLContext sslContext, int capacity) {
        this.sslContext = sslContext;
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, HttpClient> eldest) {
                return size() > capacity;
            }
        };
    }

    HttpClient client(OutboundTarget target, Duration connectTimeout) {
        Key key = new Key(target.serverName(), connectTimeout);
        synchronized (clients) {
            return clients.computeIfAbsent(key, k -> builder(target, connectTimeout).build());
        }
    }

    /**
     * For a library that insists on building its client itself: a builder whose {@code build()}
     * returns this pool's client. Its requests still need {@link Outbound#pin}ning.
     */
    HttpClient.Builder pooledBuilder(OutboundTarget target, Duration connectTimeout) {
        return new PooledClientBuilder(this, target, connectTimeout);
    }

    /** How many clients the pool holds now. */
    int size() {
        synchronized (clients) {
            return clients.size();
        }
    }

    HttpClient.Builder builder(OutboundTarget target, Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        target.serverName().ifPresent(name -> builder.sslParameters(naming(name)));
        return builder;
    }

    SSLParameters naming(String serverName) {
        SSLParameters parameters = context().getDefaultSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    SSLContext context() {
        if (sslContext != null) {
            return sslContext;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }
}
