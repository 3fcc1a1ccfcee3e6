package dev.mcpoauth.audit.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.audit.entity.Audience;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Each person may hold a bounded number of event streams open on a node. */
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
