package dev.mcpoauth.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A person's sign-ins under way are bounded. */
class PendingFlowLimitTest {

    final PendingFlowLimit limit = new PendingFlowLimit(20, Duration.ofMinutes(5));

    @Test
    void admitsFlowsUpToTheLimit() {
        assertThatCode(() -> limit.admit(0)).doesNotThrowAnyException();
        assertThatCode(() -> limit.admit(19)).doesNotThrowAnyException();
    }

    @Test
    void refusesTheFlowBeyondTheLimitInPlainWords() {
        assertThatThrownBy(() -> limit.admit(20)).isInstanceOfSatisfying(ProblemException.class, refused -> {
            assertThat(refused.problem()).isEqualTo(Problem.LIMIT_REACHED);
            assertThat(refused.problem().status()).isEqualTo(429);
            assertThat(refused.getMessage()).contains("20 sign-ins under way").contains("5 minutes");
        });
    }
}
