package dev.mcpoauth.oauth.control;

import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit; one byte more, or a Content-Length above it,
 * and the exchange is cancelled. Interim twin of discovery's package-private CappedBody, to be
 * replaced by it once it is public (it throws DiscoveryException there, mapped to BadResponse).
 */
final class BoundedBody implements BodySubscriber<byte[]> {

    final int limit;
    final long declaredLength;
    final int status;
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> body = new CompletableFuture<>();
    Flow.Subscription subscription;

    BoundedBody(int limit, long declaredLength, int status) {
        this.limit = limit;
        this.declaredLength = declaredLength;
        this.status = status;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredLength > limit) {
            tooLarge();
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
                tooLarge();
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    void tooLarge() {
        subscription.cancel();
        body.completeExceptionally(new BadResponse("The response is larger than the limit of " + limit + " bytes.", status));
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(buffer.toByteArray());
    }
}
