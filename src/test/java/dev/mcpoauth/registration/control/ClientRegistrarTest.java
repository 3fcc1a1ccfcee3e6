package dev.mcpoauth.registration.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.discovery.StubServer;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.registration.entity.ClientInformation;
import dev.mcpoauth.registration.entity.ClientMetadata;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientRegistrarTest {

    static final int LIMIT = 4096;
    static final ClientMetadata METADATA = ClientMetadata.webClient("MCP OAuth Broker",
            List.of("https://broker.example.com/oauth/callback"), "client_secret_basic", null);

    StubServer stub;
    ClientRegistrar registrar;

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
        registrar = new ClientRegistrar(new Outbound(new UrlGuard(true, List.of(), InetAddress::getAllByName),
                Duration.ofMillis(500), Duration.ofMillis(2000), LIMIT));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    ProblemException refusal() {
        return catchThrowableOfType(ProblemException.class,
                () -> registrar.register(stub.origin() + "/register", METADATA));
    }

    @Test
    void registersWithOnePost() {
        stub.respond("/register", 201, "application/json",
                "{\"client_id\":\"c-1\",\"client_secret\":\"s-1\",\"token_endpoint_auth_method\":\"client_secret_basic\"}");

        ClientInformation client = registrar.register(stub.origin() + "/register", METADATA);

        assertThat(client.clientId()).isEqualTo("c-1");
        assertThat(client.isConfidential()).isTrue();
        assertThat(stub.requests()).containsExactly("/register");
    }

    @Test
    void reportsTheServersRegistrationErrorInTheCataloguesWordsWithTheFix() {
        stub.respond("/register", 400, "application/json",
                "{\"error\":\"invalid_redirect_uri\",\"error_description\":\"must be https, not <b>x</b>\"}");

        ProblemException refused = refusal();

        assertThat(refused.problem()).isEqualTo(Problem.REGISTRATION_REJECTED);
        assertThat(refused.getMessage()).startsWith(
                "The authorization server refused the registration: invalid_redirect_uri. The broker registers the"
                        + " redirect URI https://broker.example.com/oauth/callback")
                .contains("mcpoauth.public-base-url").doesNotContain("must be https", "<b>");
    }

    @Test
    void namesTheStatusOfARefusalWithoutAnOAuthError() {
        stub.respond("/register", 403, "text/html", "<h1>Forbidden</h1>");

        ProblemException refused = refusal();

        assertThat(refused.problem()).isEqualTo(Problem.REGISTRATION_REJECTED);
        assertThat(refused.getMessage()).isEqualTo(
                "127.0.0.1/register refused the registration with HTTP 403 and no RFC 7591 error.");
    }

    @Test
    void treatsAJsonRefusalWithoutAnErrorMemberAsNoOAuthError() {
        stub.respond("/register", 404, "application/problem+json", "{\"title\":\"Not Found\",\"status\":404}");

        assertThat(refusal().getMessage()).contains("HTTP 404 and no RFC 7591 error");
    }

    @Test
    void refusesAResponseLargerThanTheLimitWhileReadingIt() {
        stub.respond("/register", 201, "application/json", "{\"client_id\":\"" + "c".repeat(LIMIT) + "\"}");

        ProblemException refused = refusal();

        assertThat(refused.problem()).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refused.getMessage()).contains("larger than the limit of " + LIMIT + " bytes");
    }

    @Test
    void givesUpOnABodyThatTrickles() {
        stub.handle("/register", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"client_id\":\"".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 100; i++) {
                    out.write('c');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException clientGaveUp) {
                // expected
            }
        });
        ProblemException refused = refusal();

        assertThat(refused.problem()).isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
        assertThat(refused.getMessage()).contains("did not answer within");
    }

    @Test
    void neverFollowsARedirect() {
        stub.handle("/register", exchange -> {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(307, -1);
        });

        assertThat(refusal().problem()).isEqualTo(Problem.UPSTREAM_REDIRECT);
        assertThat(stub.requests()).containsExactly("/register");
    }

    @Test
    void reportsAServerErrorAsUnavailable() {
        stub.respond("/register", 503, "text/html", "<h1>busy</h1>");

        assertThat(refusal().problem()).isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
    }

    @Test
    void refusesAForbiddenEndpointWithoutConnecting() {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> registrar.register("https://169.254.169.254/register", METADATA));

        assertThat(refused.problem()).isEqualTo(Problem.URL_FORBIDDEN);
    }
}
