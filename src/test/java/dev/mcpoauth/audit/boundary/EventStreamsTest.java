package dev.mcpoauth.audit.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.audit.entity.Audience;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.web.entity.Paging;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Each person may hold a bounded number of event streams open on a node; whose connections a stream starts with. */
class EventStreamsTest {

    final EventStreams streams = new EventStreams();

    EventStreamsTest() {
        streams.maxStreamsPerUser = 2;
    }

    @Test
    void refusesAStreamBeyondTheUsersLimitWithATooManyProblem() {
        streams.admit(stream("alice"));
        streams.admit(stream("alice"));

        assertThatThrownBy(() -> streams.admit(stream("alice"))).isInstanceOfSatisfying(ProblemException.class,
                refused -> assertThat(refused.problem()).isEqualTo(Problem.LIMIT_REACHED));
        assertThat(Problem.LIMIT_REACHED.status()).isEqualTo(429);
        assertThat(streams.subscriptions).hasSize(2);
    }

    @Test
    void countsEachPersonApartAndFreesTheSlotOfAClosedStream() {
        Subscription first = stream("alice");
        streams.admit(first);
        streams.admit(stream("alice"));
        streams.admit(stream("bob"));

        first.sink.close();
        streams.admit(stream("alice"));

        assertThat(streams.subscriptions).hasSize(3);
    }

    @Test
    void startsAnAdminsStreamWithEveryConnectionAcrossPagesAndAPersonsWithTheirOwn() {
        Instant now = Instant.parse("2026-05-01T10:00:00Z");
        McpServer server = new McpServer("files", "https://mcp.example.com/mcp", now);
        List<Connection> everyone = IntStream.range(0, Paging.MAX_SIZE + 1)
                .mapToObj(index -> Connection.ofUser(server, "basic:user-" + index, now)).toList();
        streams.connections = new Connections() {
            @Override
            public List<Connection> all(Optional<String> user, Optional<String> serverId, Paging paging) {
                return everyone.subList(Math.min(paging.first(), everyone.size()),
                        Math.min(paging.first() + paging.size(), everyone.size()));
            }

            @Override
            public List<Connection> ownedBy(String user) {
                return everyone.stream().filter(connection -> connection.ownerUser().orElseThrow().equals(user))
                        .toList();
            }

            @Override
            public List<Connection> sharedWith(Collection<String> roles) {
                return List.of();
            }
        };

        assertThat(streams.visibleConnections(new Audience("basic:root", true, Set.of()))).containsExactlyElementsOf(
                everyone);
        assertThat(streams.visibleConnections(new Audience("basic:user-3", false, Set.of())))
                .containsExactly(everyone.get(3));
    }

    static Subscription stream(String user) {
        return new Subscription(new OpenSink(), null, new Audience(user, false, Set.of()));
    }

    /** A client that stays connected until closed. */
    static final class OpenSink implements SseEventSink {
        boolean closed;

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
