package dev.mcpoauth.outbound.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.OutboundFailure.Kind;
import dev.mcpoauth.outbound.entity.OutboundReply;
import dev.mcpoauth.outbound.entity.OutboundTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every listener here is on loopback; names resolve through a fake resolver only. */
class OutboundTest {

    static final Duration SECONDS = Duration.ofSeconds(2);

    final List<String> hosts = new CopyOnWriteArrayList<>();
    final AtomicInteger lookups = new AtomicInteger();
    final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    /** The first lookup answers {@code vetted}, every later one {@code later}. */
    UrlGuard rebinding(InetAddress vetted, InetAddress later) {
        return new UrlGuard(true, List.of(), host -> {
            return new InetAddress[] {lookups.getAndIncrement() == 0 ? vetted : later};
        });
    }

    Outbound outbound(UrlGuard guard, PinnedClients clients) {
        return new Outbound(guard, SECONDS, SECONDS, 64, clients);
    }

    HttpServer http(String address, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        return serve(server);
    }

    <S extends HttpServer> S serve(S server) {
        server.createContext("/", exchange -> {
            try (exchange) {
                hosts.addAll(exchange.getRequestHeaders().get("Host")); // all of them: exactly one is allowed
                answer(exchange);
            }
        });
        server.start();
        opened.add(() -> server.stop(0));
        return server;
    }

    static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/moved")) {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        byte[] body = (path.equals("/large") ? "x".repeat(100) : "{}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** A listener that only counts the connections it accepts. */
    AtomicInteger counting(String address, int port) throws IOException {
        ServerSocket socket = new ServerSocket(port, 5, InetAddress.getByName(address));
        opened.add(socket);
        AtomicInteger connections = new AtomicInteger();
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket accepted = socket.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return connections;
    }

    static SSLContext tls(String keyStore, String trustStore) throws Exception {
        char[] password = "changeit".toCharArray();
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, password), password);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore, password));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    static KeyStore load(String name, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = OutboundTest.class.getResourceAsStream("/outbound/" + name)) {
            store.load(in, password);
        }
        return store;
    }

    HttpsServer https(String certificate) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls(certificate, "trust.p12")));
        return serve(server);
    }

    static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void neverReachesTheAddressANameResolvesToAfterTheCheck() throws Exception {
        HttpServer vetted = http("127.0.0.1", 0);
        int port = vetted.getAddress().getPort();
        AtomicInteger rebound = counting("127.0.0.2", port);
        Outbound outbound = outbound(rebinding(ip("127.0.0.1"), ip("127.0.0.2")), new PinnedClients(null, 4));

        OutboundReply reply = outbound.send(URI.create("http://rebind.example:" + port + "/doc"), HttpRequest.newBuilder());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(hosts).containsExactly("rebind.example:" + port);
        assertThat(lookups).hasValue(1);
        Thread.sleep(100);
        assertThat(rebound).as("connections to the address of the second answer").hasValue(0);
    }

    @Test
    void aNameAllowedAtCheckTimeAndPrivateAtConnectTimeConnectsOnlyToTheVettedAddress() throws Exception {
        HttpServer vetted = http("127.0.0.1", 0);
        int port = vetted.getAddress().getPort();
        Outbound outbound = outbound(rebinding(ip("127.0.0.1"), ip("10.0.0.1")), new PinnedClients(null, 4));

        OutboundReply reply = outbound.send(URI.create("http://rebind.example:" + port + "/doc"), HttpRequest.newBuilder());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(hosts).containsExactly("rebind.example:" + port);
        assertThat(lookups).as("the HTTP client resolved nothing itself").hasValue(1);
    }

    @Test
    void pinsARequestToThePublicAddressVettedAtCheckTimeNotToThePrivateOneAfter() throws Exception {
        UrlGuard guard = new UrlGuard(false, List.of(), host -> new InetAddress[] {
                lookups.getAndIncrement() == 0 ? ip("93.184.215.14") : ip("10.0.0.1")});
        OutboundTarget target = guard.check(URI.create("https://as.example.com/token?x=1"));

        HttpRequest request = Outbound.pin(HttpRequest.newBuilder(), target).build();

        assertThat(request.uri()).isEqualTo(URI.create("https://93.184.215.14/token?x=1"));
        assertThat(request.headers().firstValue("Host")).contains("as.example.com");
        assertThat(target.serverName()).contains("as.example.com");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void checksTheCertificateAgainstTheRealNameWhileConnectingToTheVettedAddress() throws Exception {
        HttpsServer server = https("localhost.p12");
        int port = server.getAddress().getPort();
        Outbound outbound = outbound(rebinding(ip("127.0.0.1"), ip("127.0.0.2")),
                new PinnedClients(tls(null, "trust.p12"), 4));

        OutboundReply reply = outbound.send(URI.create("https://localhost:" + port + "/doc"), HttpRequest.newBuilder());

        assertThat(reply.status()).as("the certificate names only localhost, not 127.0.0.1").isEqualTo(200);
        assertThat(hosts).containsExactly("localhost:" + port);
    }

    @Test
    void refusesACertificateForAnotherNameAtTheVettedAddress() throws Exception {
        HttpsServer server = https("other.example.p12");
        int port = server.getAddress().getPort();
        // the JDK client reports a failed handshake only after a few seconds: a deadline well beyond that
        Outbound outbound = new Outbound(rebinding(ip("127.0.0.1"), ip("127.0.0.2")), SECONDS, Duration.ofSeconds(20), 64,
                new PinnedClients(tls(null, "trust.p12"), 4));

        OutboundFailure failure = catchThrowableOfType(OutboundFailure.class, () ->
                outbound.send(URI.create("https://localhost:" + port + "/doc"), HttpRequest.newBuilder()));

        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure).hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
        assertThat(failure.getCause()).isInstanceOf(SSLHandshakeException.class);
        assertThat(hosts).isEmpty();
    }

    @Test
    void answersARedirectWithoutFollowingIt() throws Exception {
        HttpServer server = http("127.0.0.1", 0);
        int port = server.getAddress().getPort();
        Outbound outbound = outbound(rebinding(ip("127.0.0.1"), ip("127.0.0.1")), new PinnedClients(null, 4));

        OutboundReply reply = outbound.send(URI.create("http://localhost:" + port + "/moved"), HttpRequest.newBuilder());

        assertThat(reply.isRedirect()).isTrue();
        assertThat(hosts).hasSize(1);
    }

    @Test
    void failsABodyOverTheLimitAndSkipsOneNotWanted() throws Exception {
        HttpServer server = http("127.0.0.1", 0);
        URI large = URI.create("http://localhost:" + server.getAddress().getPort() + "/large");
        Outbound outbound = outbound(rebinding(ip("127.0.0.1"), ip("127.0.0.1")), new PinnedClients(null, 4));

        OutboundFailure failure = catchThrowableOfType(OutboundFailure.class,
                () -> outbound.send(large, HttpRequest.newBuilder()));
        OutboundReply skipped = outbound.send(large, HttpRequest.newBuilder(), info -> false);

        assertThat(failure.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(failure.isTransient()).isFalse();
        assertThat(skipped.status()).isEqualTo(200);
        assertThat(skipped.body()).isEmpty();
    }

    @Test
    void reusesOneClientPerNameAndKeepsOnlyTheMostRecent() throws Exception {
        PinnedClients clients = new PinnedClients(null, 2);
        UrlGuard guard = new UrlGuard(false, List.of(), host -> new InetAddress[] {ip("93.184.215.14")});
        OutboundTarget a = guard.check(URI.create("https://a.example/"));

        HttpClient first = clients.client(a, SECONDS);
        HttpClient second = clients.client(guard.check(URI.create("https://a.example/other")), SECONDS);
        clients.client(guard.check(URI.create("https://b.example/")), SECONDS);
        clients.client(guard.check(URI.create("https://c.example/")), SECONDS);

        assertThat(second).isSameAs(first);
        assertThat(clients.clients).hasSize(2);
        assertThat(first.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
        assertThat(first.version()).as("cancelling an HTTP/2 body can fail the exchange").isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(first.sslParameters().getServerNames()).hasSize(1);
        assertThat(first.sslParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void sessionsToOneNameShareTheSessionPoolsClientAndMayNotReconfigureIt() throws Exception {
        PinnedClients requests = new PinnedClients(null, 2);
        PinnedClients sessions = new PinnedClients(null, 2);
        UrlGuard guard = new UrlGuard(false, List.of(), host -> new InetAddress[] {ip("93.184.215.14")});
        Outbound outbound = new Outbound(guard, SECONDS, SECONDS, 64, requests, sessions);
        OutboundTarget target = outbound.vet(URI.create("https://mcp.example/mcp"));

        // what the MCP SDK's transports do with the builder they are given, once per session
        HttpClient first = outbound.clientFor(target).connectTimeout(SECONDS).build();
        HttpClient second = outbound.clientFor(outbound.vet(URI.create("https://mcp.example/mcp"))).connectTimeout(SECONDS)
                .build();

        assertThat(second).isSameAs(first);
        assertThat(sessions.size()).isEqualTo(1);
        assertThat(requests.size()).as("a pool of its own").isZero();
        assertThat(first.sslParameters().getServerNames()).hasSize(1);
        assertThat(first.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
        assertThatThrownBy(() -> outbound.clientFor(target).followRedirects(HttpClient.Redirect.ALWAYS))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
