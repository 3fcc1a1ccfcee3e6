package dev.mcpoauth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Work done once per key at a time on this node: a caller that finds the key's work under way
 * waits for it and takes its answer (or its failure) instead of doing the same work again. Only
 * work in flight is held, never an answer after it: this is not a cache.
 */
public final class SingleFlight<T> {

    final ConcurrentHashMap<String, CompletableFuture<T>> running = new ConcurrentHashMap<>();

    public T run(String key, Supplier<T> work) {
        return run(key, work, () -> {});
    }

    /** @param joined runs for a caller that takes another caller's answer rather than doing the work */
    public T run(String key, Supplier<T> work, Runnable joined) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            joined.run();
            return join(theirs);
        }
        try {
            T answer = work.get();
            mine.complete(answer);
            return answer;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    static <T> T join(CompletableFuture<T> theirs) {
        try {
            return theirs.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
