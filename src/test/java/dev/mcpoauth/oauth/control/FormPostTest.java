package dev.mcpoauth.oauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mcpoauth.oauth.entity.Form;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Transient;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FormPostTest {

    static final int LIMIT = 1024;

    FormServer server;
    FormPost post;

    static FormPost post(UrlGuard guard) {
        return new FormPost(new Outbound(guard, Duration.ofSeconds(1), Duration.ofMillis(1500), LIMIT));
    }

    @BeforeEach
    void start() throws IOException {
        server = new FormServer();
        post = FormServer.formPost(Duration.ofMillis(1500), LIMIT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Throwable failure(String path) {
        return catchThrowable(() -> post.post(server.url(path), new Form().add("a", "1"), "The endpoint"));
    }

    @Test
    void postsTheFormWithItsHeadersAndAsksForJson() {
        server.json("/token", 200, "{\"ok\":true}");

        FormReply reply = post.post(server.url("/token"), new Form().add("grant_type", "x y").header("X-Test", "1"), "The endpoint");

        assertThat(reply.isSuccess()).isTrue();
        assertThat(reply.requireJson().getBoolean("ok")).isTrue();
        FormServer.Received request = server.received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo("grant_type=x+y");
        assertThat(request.header("Content-Type")).contains("application/x-www-form-urlencoded");
        assertThat(request.header("Accept")).contains("application/json");
        assertThat(request.header("X-Test")).contains("1");
    }

    @Test
    void takesAnEmptySuccessfulBodyAsSuccessWithoutJson() {
        server.answer("/revoke", 200, null, "");

        FormReply reply = post.post(server.url("/revoke"), new Form(), "The endpoint");

        assertThat(reply.isSuccess()).isTrue();
        assertThat(reply.json()).isEmpty();
        assertThat(catchThrowable(reply::requireJson)).isInstanceOf(BadResponse.class);
    }

    @Test
    void checksTheUrlPolicyBeforeConnecting() {
        post = post(new UrlGuard(false, List.of(), InetAddress::getAllByName));

        assertThat(failure("/token")).isInstanceOf(UrlForbiddenException.class);
        assertThat(server.received).isEmpty();
    }

    @Test
    void reportsAnUnresolvableHostAsTransient() {
        post = post(new UrlGuard(false, List.of(), host -> {
            throw new UnknownHostException(host);
        }));

        assertThat(catchThrowable(() -> post.post("https://as.example.com/token", new Form(), "The endpoint")))
                .isInstanceOf(Transient.class);
    }

    @Test
    void reportsARefusedConnectionAsTransient() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        int closed = port;

        assertThat(catchThrowable(() -> post.post("http://127.0.0.1:" + closed + "/token", new Form(), "The endpoint")))
                .isInstanceOf(Transient.class).hasMessageContaining("could not be reached");
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() {
        String body = "{\"a\":\"" + "x".repeat(LIMIT - 8) + "\"}";
        server.json("/token", 200, body);

        assertThat(post.post(server.url("/token"), new Form(), "The endpoint").json()).isPresent();
    }

    @Test
    void refusesAHugeStreamedBodyWhileReadingIt() {
        server.streamLarge("/token", 1024 * 1024);

        assertThat(failure("/token")).isInstanceOf(BadResponse.class).hasMessageContaining("larger than the limit");
    }

    @Test
    void refusesABodyAnnouncedTooLarge() {
        server.json("/token", 400, "{\"error\":\"" + "x".repeat(2 * LIMIT) + "\"}");

        assertThat(failure("/token")).isInstanceOf(BadResponse.class);
    }

    @Test
    void givesUpOnABodyThatTrickles() {
        server.handle("/token", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(failure("/token")).isInstanceOf(Transient.class).hasMessageContaining("did not answer within");
    }

    @Test
    void readsOnlyJsonObjectsAsJson() {
        assertThat(FormPost.jsonObject("{\"a\":1}".getBytes())).isPresent();
        assertThat(FormPost.jsonObject("[1]".getBytes())).isEmpty();
        assertThat(FormPost.jsonObject("<html></html>".getBytes())).isEmpty();
        assertThat(FormPost.jsonObject(new byte[0])).isEmpty();
        assertThat(FormPost.jsonObject("{\"a\":1} trailing".getBytes())).isEmpty();
        assertThat(FormPost.jsonObject(("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes())).isEmpty();
    }
}
