package dev.mcpoauth.oauth.control;

import dev.mcpoauth.oauth.entity.DiscoveryException.Reason;
import dev.mcpoauth.oauth.entity.DiscoveryException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: one byte more and the exchange is cancelled,
 * so an oversized document costs at most {@code limit} bytes, whatever Content-Length says.
 */
public final class CappedBody implements BodySubscriber<byte[]> {

    final int limit;
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> body = new CompletableFuture<>();
    Flow.Subscription subscription;

    public CappedBody(int limit) {
        this.limit = limit;
    }

    /** A body that is not wanted at all (error statuses): cancelled unread. */
    public static CappedBody ignored() {
        return new CappedBody(-1);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (limit < 0) {
            body.complete(new byte[0]);
            subscription.cancel();
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (buffer.size() + (long) item.remaining() > limit) {
                body.completeExceptionally(tooLarge(limit));
                subscription.cancel();
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(buffer.toByteArray());
    }

    public static DiscoveryException tooLarge(int limit) {
        return new DiscoveryException(Reason.BAD_UPSTREAM_DOCUMENT,
                "The document is larger than the limit of " + limit + " bytes.");
    }
}
