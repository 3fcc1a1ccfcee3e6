package dev.mcpoauth.outbound.control;

import dev.mcpoauth.outbound.entity.OutboundFailure;
import dev.mcpoauth.outbound.entity.OutboundFailure.Kind;
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
final class CappedBody implements BodySubscriber<byte[]> {

    enum Mode { READ, IGNORE, REFUSE }

    final int limit;
    final Mode mode;
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> body = new CompletableFuture<>();
    Flow.Subscription subscription;

    CappedBody(int limit) {
        this(limit, Mode.READ);
    }

    private CappedBody(int limit, Mode mode) {
        this.limit = limit;
        this.mode = mode;
    }

    /** A body that is not wanted at all (error statuses): cancelled unread. */
    static CappedBody ignored() {
        return new CappedBody(0, Mode.IGNORE);
    }

    /** A body whose declared length is over the limit: cancelled unread, and the exchange fails. */
    static CappedBody refused(int limit) {
        return new CappedBody(limit, Mode.REFUSE);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        switch (mode) {
            case IGNORE -> body.complete(new byte[0]);
            case REFUSE -> body.completeExceptionally(tooLarge(limit));
            case READ -> {
                subscription.request(1);
                return;
            }
        }
        subscription.cancel();
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

    static OutboundFailure tooLarge(int limit) {
        return new OutboundFailure(Kind.TOO_LARGE, "The document is larger than the limit of " + limit + " bytes.", null);
    }
}
