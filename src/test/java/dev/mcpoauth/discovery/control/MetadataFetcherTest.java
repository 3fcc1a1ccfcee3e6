package dev.mcpoauth.discovery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.discovery.StubServer;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataFetcherTest {

    static final int LIMIT = 1024;
    static final String DOCUMENT = "{\"issuer\":\"https://as.example.com\"}";

    StubServer stub;
    MetadataFetcher fetcher;

    static MetadataFetcher fetcher(UrlGuard guard) {
        return new MetadataFetcher(new Outbound(guard, Duration.ofSeconds(2), Duration.ofMillis(2000), LIMIT));
    }

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
        fetcher = fetcher(new UrlGuard(true, List.of(), InetAddress::getAllByName));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    Problem refusal(String target) {
        return refusal(fetcher, stub.url(target));
    }

    static Problem refusal(MetadataFetcher fetcher, URI url) {
        return catchThrowableOfType(ProblemException.class, () -> fetcher.fetch(url)).problem();
    }

    @Test
    void fetchesAJsonObject() {
        stub.json("/.well-known/oauth-authorization-server", DOCUMENT);

        assertThat(fetcher.fetch(stub.url("/.well-known/oauth-authorization-server")).getString("issuer"))
                .isEqualTo("https://as.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/vnd.example+json"})
    void acceptsJsonMediaTypesWithParameters(String contentType) {
        stub.respond("/doc", 200, contentType, DOCUMENT);

        assertThat(fetcher.fetch(stub.url("/doc"))).containsKey("issuer");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 410})
    void reportsClientErrorsAsNotFoundSoTheNextLocationIsTried(int status) {
        stub.respond("/doc", status, "application/json", "{\"error\":\"nope\"}");

        assertThat(refusal("/doc")).isEqualTo(Problem.METADATA_NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void reportsServerErrorsAsUnavailable(int status) {
        stub.respond("/doc", status, "text/html", "<h1>down</h1>");

        assertThat(refusal("/doc")).isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void neverFollowsARedirect(int status) {
        stub.handle("/doc", exchange -> {
            exchange.getResponseHeaders().add("Location", stub.origin() + "/target");
            exchange.sendResponseHeaders(status, -1);
        });
        stub.json("/target", DOCUMENT);

        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> fetcher.fetch(stub.url("/doc")));

        assertThat(refused.problem()).isEqualTo(Problem.UPSTREAM_REDIRECT);
        assertThat(refused.getMessage()).contains("redirects are not followed");
        assertThat(stub.requests()).containsExactly("/doc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "text/plain", "application/jsonp", "application/x-www-form-urlencoded"})
    void refusesOtherContentTypes(String contentType) {
        stub.respond("/doc", 200, contentType, DOCUMENT);

        assertThat(refusal("/doc")).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void refusesAResponseWithoutContentType() {
        stub.respond("/doc", 200, null, DOCUMENT);

        assertThat(refusal("/doc")).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>login</html>", "{\"issuer\":", "{} {}", "{\"a\":1,}", "\"just a string\"", "42", "null"})
    void refusesBodiesThatAreNotOneJsonObject(String body) {
        stub.json("/doc", body);

        assertThat(refusal("/doc")).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void refusesAJsonArrayAndSaysSo() {
        stub.json("/doc", "[" + DOCUMENT + "]");

        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> fetcher.fetch(stub.url("/doc")));

        assertThat(refused.problem()).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refused.getMessage()).contains("array");
    }

    @Test
    void refusesAnEmptyBody() {
        stub.json("/doc", "");

        assertThat(refusal("/doc")).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void refusesDeeplyNestedJson() {
        stub.json("/doc", "{\"a\":" + "[".repeat(400) + "]".repeat(400) + "}");

        assertThat(refusal("/doc")).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() {
        String body = "{\"pad\":\"" + "x".repeat(LIMIT - 10) + "\"}";
        assertThat(body).hasSize(LIMIT);
        stub.json("/doc", body);

        assertThat(fetcher.fetch(stub.url("/doc"))).containsKey("pad");
    }

    @Test
    void refusesAHugeStreamedBodyWhileReadingIt() {
        stub.handle("/doc", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked: no length announced
            byte[] chunk = " ".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                for (int i = 0; i < 64 * 1024; i++) { // 256 MiB unless the client hangs up
                    out.write(chunk);
                }
            } catch (IOException clientHungUp) {
                // expected
            }
        });
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> fetcher.fetch(stub.url("/doc")));

        assertThat(refused.problem()).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refused.getMessage()).contains("larger than the limit of " + LIMIT + " bytes");
    }

    @Test
    void refusesABodyAnnouncedTooLargeWithoutReadingIt() {
        stub.respond("/doc", 200, "application/json", "{\"pad\":\"" + "x".repeat(LIMIT) + "\"}");

        assertThat(refusal("/doc")).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void givesUpOnABodyThatTrickles() {
        stub.handle("/doc", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException clientGaveUp) {
                // expected
            }
        });
        assertThat(refusal("/doc")).isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
    }

    @Test
    void reportsARefusedConnectionAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }

        assertThat(refusal(fetcher, URI.create("http://127.0.0.1:" + closedPort + "/doc")))
                .isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
    }

    @Test
    void refusesLoopbackBeforeConnectingUnlessAllowed() {
        stub.json("/doc", DOCUMENT);
        MetadataFetcher strict = fetcher(new UrlGuard(false, List.of(), InetAddress::getAllByName));

        assertThat(refusal(strict, stub.url("/doc"))).isEqualTo(Problem.URL_FORBIDDEN);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void refusesPrivateAddressesBeforeConnecting() throws UnknownHostException {
        Map<String, InetAddress> dns = Map.of(
                "internal.example", InetAddress.getByName("10.0.0.5"),
                "metadata.example", InetAddress.getByName("169.254.169.254"));
        MetadataFetcher guarded = fetcher(new UrlGuard(false, List.of(), host -> {
            InetAddress address = dns.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {address};
        }));

        assertThat(refusal(guarded, URI.create("https://internal.example/.well-known/openid-configuration")))
                .isEqualTo(Problem.URL_FORBIDDEN);
        assertThat(refusal(guarded, URI.create("https://metadata.example/latest/meta-data/")))
                .isEqualTo(Problem.URL_FORBIDDEN);
        assertThat(refusal(guarded, URI.create("https://nowhere.example/")))
                .isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
    }

    @Test
    void neverRepeatsTheQueryInMessages() {
        stub.respond("/doc?token=s3cr3t", 500, "text/plain", "");

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> fetcher.fetch(stub.url("/doc?token=s3cr3t")));

        assertThat(refused.problem()).isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
        assertThat(refused.getMessage()).contains("/doc").doesNotContain("s3cr3t");
    }
}
