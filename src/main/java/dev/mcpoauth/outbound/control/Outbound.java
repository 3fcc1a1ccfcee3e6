package dev.mcpoauth.outbound.control;

import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.OutboundFailure.Kind;
import dev.mcpoauth.outbound.entity.OutboundReply;
import dev.mcpoauth.outbound.entity.OutboundTarget;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Every request to a URL learned from the network: the URL policy first, then a connection to
 * the address the policy vetted, never to a fresh DNS answer (which would reopen the
 * DNS-rebinding window). The JDK client on Java 17 has no resolver hook, so the request goes to
 * the IP literal while SNI, certificate check and {@code Host} carry the real name. Time is
 * bounded (connect, then the whole exchange, body included), redirects are never followed and
 * the body is capped while it streams. The caller builds its request and reads the reply.
 *
 * <p>{@code Host} is a restricted header in the JDK client; it is allowed by the system property
 * below, which must be set before the JDK's HTTP classes initialise: it is set here and on the
 * command line of every JVM the project starts. Without it no request is sent at all.
 */
public class Outbound {

    static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";
    static final boolean HOST_HEADER_ALLOWED = allowHostHeader();

    final UrlGuard guard;
    final Duration connectTimeout;
    final Duration readTimeout;
    final int maxBytes;
    final PinnedClients clients;
    final PinnedClients sessionClients;

    public Outbound(UrlGuard guard, Duration connectTimeout, Duration readTimeout, int maxBytes) {
        this(guard, connectTimeout, readTimeout, maxBytes, PinnedClients.SHARED, PinnedClients.SESSIONS);
    }

    Outbound(UrlGuard guard, Duration connectTimeout, Duration readTimeout, int maxBytes, PinnedClients clients) {
        this(guard, connectTimeout, readTimeout, maxBytes, clients, clients);
    }

    Outbound(UrlGuard guard, Duration connectTimeout, Duration readTimeout, int maxBytes, PinnedClients clients,
            PinnedClients sessionClients) {
        this.guard = guard;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.clients = clients;
        this.sessionClients = sessionClients;
    }

    public boolean allowsLoopbackHttp() {
        return guard.allowsLoopbackHttp();
    }

    /** Sends and reads the body whatever the status; see {@link #send(URI, HttpRequest.Builder, Predicate)}. */
    public OutboundReply send(URI url, HttpRequest.Builder request) {
        return send(url, request, info -> true);
    }

    /**
     * @param request method, headers and body; the URI and timeout are set here
     * @param bodyWanted whether to read the body of this answer; an unwanted one is cancelled unread
     * @throws UrlForbiddenException when the URL breaks the policy (nothing is sent)
     * @throws OutboundFailure when no complete answer arrived, or the body is over the limit (TOO_LARGE)
     */
    public OutboundReply send(URI url, HttpRequest.Builder request, Predicate<ResponseInfo> bodyWanted) {
        OutboundTarget target = guard.check(url);
        BodyHandler<byte[]> body = info -> !bodyWanted.test(info) ? CappedBody.ignored()
                : declaredLength(info.headers()) > maxBytes ? CappedBody.refused(maxBytes) : new CappedBody(maxBytes);
        HttpResponse<byte[]> response = exchange(clients.client(target, connectTimeout),
                pin(request.timeout(readTimeout), target).build(), body);
        return new OutboundReply(response.statusCode(), response.headers(), response.body());
    }

    /**
     * The vetted target of a URL for a library that builds its own client and requests (the MCP
     * SDK): give it {@link #clientFor(OutboundTarget)}, {@link OutboundTarget#pinnedUrl()} as the
     * address, and {@link #nameHost} every request.
     *
     * @throws UrlForbiddenException when the URL breaks the policy
     */
    public OutboundTarget vet(URI url) {
        return guard.check(url);
    }

    /**
     * A builder whose {@code build()} gives the pooled session client for the target's name: one
     * client (connections, selector thread) for every session to a server, not one per session.
     */
    public HttpClient.Builder clientFor(OutboundTarget target) {
        return sessionClients.pooledBuilder(target, connectTimeout);
    }

    /** Sends the request to the pinned address with the real name in {@code Host}. */
    static HttpRequest.Builder pin(HttpRequest.Builder request, OutboundTarget target) {
        return nameHost(request.uri(target.pinnedUrl()), target);
    }

    /** The real name in {@code Host} of a request whose URI is already {@link OutboundTarget#pinnedUrl()} based. */
    public static HttpRequest.Builder nameHost(HttpRequest.Builder request, OutboundTarget target) {
        return hostHeader(target).map(host -> request.setHeader("Host", host)).orElse(request);
    }

    /** The {@code Host} a request to {@link OutboundTarget#pinnedUrl()} must carry; empty for an IP literal URL. */
    public static Optional<String> hostHeader(OutboundTarget target) {
        if (!target.named()) {
            return Optional.empty();
        }
        if (!HOST_HEADER_ALLOWED) {
            throw new OutboundFailure(Kind.UNREACHABLE, "cannot be called: the JVM was started without -D"
                    + RESTRICTED_HEADERS + "=host, so a request to the vetted address cannot name its host.", null);
        }
        return Optional.of(target.authority());
    }

    /** The whole answer, body included, within the deadline: the client's own timeout ends with the headers. */
    <T> HttpResponse<T> exchange(HttpClient client, HttpRequest request, BodyHandler<T> body) {
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, body);
        Duration deadline = readTimeout.plus(connectTimeout);
        try {
            return exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new OutboundFailure(Kind.TIMED_OUT, "did not answer within " + seconds(deadline) + ".", e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new OutboundFailure(Kind.INTERRUPTED, "was interrupted.", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    static RuntimeException failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RuntimeException refusal) {
                return refusal;
            }
            if (t instanceof HttpTimeoutException) {
                return new OutboundFailure(Kind.TIMED_OUT, "timed out.", cause);
            }
        }
        return new OutboundFailure(Kind.UNREACHABLE, cause instanceof IOException ? "could not be reached." : "failed.",
                cause);
    }

    static String seconds(Duration deadline) {
        return deadline.toMillis() % 1000 == 0 ? deadline.toSeconds() + " seconds" : deadline.toMillis() + " ms";
    }

    static long declaredLength(HttpHeaders headers) {
        try {
            return headers.firstValueAsLong("content-length").orElse(0);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Adds {@code host} to the property unless already there, then asks the JDK whether it took effect. */
    static boolean allowHostHeader() {
        String allowed = System.getProperty(RESTRICTED_HEADERS, "");
        if (java.util.Arrays.stream(allowed.split(",")).noneMatch(name -> name.strip().equalsIgnoreCase("host"))) {
            System.setProperty(RESTRICTED_HEADERS, allowed.isBlank() ? "host" : allowed + ",host");
        }
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).setHeader("Host", "example.com");
            return true;
        } catch (IllegalArgumentException tooLate) {
            System.getLogger(Outbound.class.getName()).log(System.Logger.Level.ERROR, "The JDK HTTP client was"
                    + " initialised before " + RESTRICTED_HEADERS + "=host was set: start the JVM with -D"
                    + RESTRICTED_HEADERS + "=host, or outbound requests to host names are refused.");
            return false;
        }
    }
}
