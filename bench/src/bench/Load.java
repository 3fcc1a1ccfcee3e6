package bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

/**
 * A closed-loop load generator: {@code callers} platform threads (a fixed pool; JDK 17 has no
 * virtual threads), each sending its next request as soon as the previous answer is read, through
 * one shared JDK {@link HttpClient} (HTTP/1.1, keep-alive: the client pools one connection per
 * busy caller). Nothing paces or limits the callers. A run stops after {@code requests} requests or
 * at {@code cap}, whichever comes first (a capped run says so). Every answer other than the
 * expected status, and every exception, is an error, counted by kind; errors are timed too.
 */
final class Load {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** The shared client of all callers of all runs. */
    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    record Result(String name, int callers, long planned, long sent, long errors, Map<String, Long> errorKinds,
                  double seconds, long[] latenciesNanos, boolean capped) {

        double throughput() {
            return sent / seconds;
        }

        double percentileMillis(double p) {
            return Load.percentileMillis(latenciesNanos, p);
        }

        /** The same measurements of several rounds as one. */
        static Result merge(String name, Iterable<Result> rounds) {
            long planned = 0;
            long sent = 0;
            long errors = 0;
            double seconds = 0;
            boolean capped = false;
            int callers = 0;
            Map<String, Long> kinds = new TreeMap<>();
            long[] all = new long[0];
            for (Result r : rounds) {
                planned += r.planned;
                sent += r.sent;
                errors += r.errors;
                seconds += r.seconds;
                capped |= r.capped;
                callers = r.callers;
                r.errorKinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
                long[] joined = Arrays.copyOf(all, all.length + r.latenciesNanos.length);
                System.arraycopy(r.latenciesNanos, 0, joined, all.length, r.latenciesNanos.length);
                all = joined;
            }
            Arrays.sort(all);
            return new Result(name, callers, planned, sent, errors, kinds, seconds, all, capped);
        }
    }

    /**
     * {@code requests} requests from {@code callers} threads; request {@code i} is {@code request.apply(i)}.
     * All callers start together (after a latch).
     */
    static Result run(String name, HttpClient client, int callers, long requests, Duration cap, int expectedStatus,
                      LongFunction<HttpRequest> request) {
        long[] latencies = new long[(int) requests];
        AtomicLong next = new AtomicLong();
        LongAdder errors = new LongAdder();
        Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers, r -> {
            Thread t = new Thread(r, "caller-" + name);
            t.setDaemon(true);
            return t;
        });
        long[] startedAt = new long[1];
        long deadline[] = new long[1];
        for (int c = 0; c < callers; c++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (true) {
                    long i = next.getAndIncrement();
                    if (i >= requests || System.nanoTime() > deadline[0]) {
                        return;
                    }
                    HttpRequest r = request.apply(i);
                    long t0 = System.nanoTime();
                    String kind = null;
                    try {
                        HttpResponse<byte[]> response = client.send(r, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != expectedStatus) {
                            kind = errorKind(response.statusCode(), new String(response.body(),
                                    java.nio.charset.StandardCharsets.UTF_8));
                        }
                    } catch (IOException | RuntimeException e) {
                        kind = exceptionKind(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        kind = "interrupted";
                    }
                    latencies[(int) i] = System.nanoTime() - t0;
                    if (kind != null) {
                        errors.increment();
                        kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
                    }
                }
            });
        }
        startedAt[0] = System.nanoTime();
        deadline[0] = startedAt[0] + cap.toNanos();
        start.countDown();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(cap.toMillis() + REQUEST_TIMEOUT.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                throw new IllegalStateException(name + ": callers still busy after the cap and a request timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - startedAt[0]) / 1e9;
        long sent = Math.min(next.get(), requests);
        // a capped run leaves the slots of requests never sent at zero: drop them
        long[] measured = Arrays.stream(latencies, 0, (int) sent).filter(l -> l > 0).sorted().toArray();
        Map<String, Long> errorKinds = new TreeMap<>();
        kinds.forEach((k, v) -> errorKinds.put(k, v.sum()));
        return new Result(name, callers, requests, measured.length, errors.sum(), errorKinds, seconds, measured,
                measured.length < requests);
    }

    /** One answer of a {@link #burst}: its status (-1 after an exception), body and time. */
    record Answer(int status, String body, String error, long nanos) {
    }

    /**
     * {@code callers} threads that each send exactly one request, all released at once by a latch
     * (a thundering herd, not a closed loop); every answer is returned, in caller order.
     */
    static List<Answer> burst(String name, HttpClient client, int callers, LongFunction<HttpRequest> request) {
        Answer[] answers = new Answer[callers];
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int index = c;
            HttpRequest r = request.apply(c);
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> response = client.send(r, HttpResponse.BodyHandlers.ofString());
                    answers[index] = new Answer(response.statusCode(), response.body(), null, System.nanoTime() - t0);
                } catch (IOException | RuntimeException | InterruptedException e) {
                    answers[index] = new Answer(-1, null, exceptionKind(e), System.nanoTime() - t0);
                }
            }, "burst-" + name + "-" + c);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            ready.await();
            start.countDown();
            for (Thread t : threads) {
                t.join(REQUEST_TIMEOUT.toMillis() + 30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<Answer> out = new ArrayList<>();
        for (Answer a : answers) {
            out.add(a == null ? new Answer(-1, null, "no answer in time", REQUEST_TIMEOUT.toNanos()) : a);
        }
        return out;
    }

    private static final java.util.regex.Pattern PROBLEM_TYPE =
            java.util.regex.Pattern.compile("\"type\"\\s*:\\s*\"[^\"]*?([a-z-]+)\"");

    /** {@code HTTP 409 authorization-required}: the status and, for an RFC 9457 problem, the end of its type. */
    static String errorKind(int status, String body) {
        java.util.regex.Matcher m = PROBLEM_TYPE.matcher(body == null ? "" : body);
        return "HTTP " + status + (m.find() ? " " + m.group(1) : "");
    }

    /** {@code IOException: Connection reset}: the class and the start of the message (never a URL's query). */
    static String exceptionKind(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\?\\S*", "");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message.substring(0, Math.min(60, message.length())));
    }

    static double percentileMillis(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

    static String table(Iterable<Result> results) {
        StringBuilder out = new StringBuilder(String.format("%-26s %7s %9s %7s %8s %9s %8s %8s %8s%n",
                "target", "callers", "requests", "errors", "seconds", "req/s", "p50 ms", "p99 ms", "max ms"));
        for (Result r : results) {
            out.append(String.format(java.util.Locale.ROOT, "%-26s %7d %9d %7d %8.2f %9.1f %8.2f %8.2f %8.1f%s%n",
                    r.name, r.callers, r.sent, r.errors, r.seconds, r.throughput(), r.percentileMillis(50),
                    r.percentileMillis(99), r.percentileMillis(100),
                    (r.capped ? "  (stopped at the time cap: " + r.sent + " of " + r.planned + ")" : "")
                            + (r.errorKinds.isEmpty() ? "" : "  errors " + r.errorKinds)));
        }
        return out.toString();
    }
}
