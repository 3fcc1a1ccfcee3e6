package dev.mcpoauth.outbound.control;

import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.OutboundFailure.Kind;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request whose whole answer, body included, must arrive within a deadline. The client's
 * request timeout ends with the response headers, so a server trickling its body would otherwise
 * hold the thread for ever.
 */
public final class BoundedExchange {

    private BoundedExchange() {}

    /**
     * @throws OutboundFailure when no complete answer arrived
     * @throws RuntimeException the body handler's own refusal (e.g. a body over its limit), unwrapped
     */
    public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, BodyHandler<T> body,
            Duration readTimeout) {
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, body);
        Duration deadline = readTimeout.plus(client.connectTimeout().orElse(Duration.ZERO));
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
}
