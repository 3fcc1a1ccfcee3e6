package dev.mcpoauth.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A text/event-stream reader on the JDK client, as a front end's EventSource would read the
 * broker's stream: events (id, name, data) and comments, parsed line by line on a thread of its own.
 */
final class EventStreamClient implements AutoCloseable {

    record Event(String id, String name, String data) {

        JsonObject json() {
            return Json.createReader(new StringReader(data)).readObject();
        }

        boolean is(String type, String connectionId) {
            return type.equals(name) && data != null && data.contains("\"" + connectionId + "\"");
        }

        boolean names(String value) {
            return data != null && data.contains("\"" + value + "\"");
        }
    }

    static final Event COMMENT = new Event(null, ":comment", null);

    final HttpResponse<InputStream> response;
    final BlockingQueue<Event> arrived = new LinkedBlockingQueue<>();
    final List<Event> taken = new ArrayList<>();
    final Thread reader;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Returns once the broker answered with headers, i.e. once the subscription is live. */
    static EventStreamClient open(BrokerClient broker, String authorization, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(broker.uri("api/v1/events"))
                .header("Accept", "text/event-stream")
                .header("Authorization", authorization)
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStreamClient(HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    /** The next event that matches, waiting at most {@code timeout}; every event passed on the way is kept. */
    Event next(Predicate<Event> wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (Instant.now().isBefore(deadline)) {
                Event event = arrived.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    break;
                }
                taken.add(event);
                if (wanted.test(event)) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no such event within " + timeout + "; received " + taken);
    }

    Event next(String type, String connectionId) {
        return next(event -> event.is(type, connectionId), Duration.ofSeconds(20));
    }

    /** Everything received so far, in order (heartbeat comments included as {@link #COMMENT}). */
    List<Event> received() {
        arrived.drainTo(taken);
        return List.copyOf(taken);
    }

    void read() {
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null || name != null) {
                        arrived.add(new Event(id, name, data == null ? null : data.toString()));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    arrived.add(COMMENT);
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    name = value(line);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
                }
            }
        } catch (IOException e) {
            // closed by the test or by the broker: the stream simply ends
        }
    }

    static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
