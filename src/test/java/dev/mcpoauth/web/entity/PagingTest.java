package dev.mcpoauth.web.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void defaultsToTheFirstPageOfFifty() {
        InputErrors errors = new InputErrors();

        Paging paging = Paging.of(null, " ", errors);

        errors.throwIfAny();
        assertThat(paging).isEqualTo(new Paging(0, 50));
        assertThat(paging.first()).isZero();
    }

    @Test
    void namesEveryWrongParameter() {
        InputErrors errors = new InputErrors();

        Paging.of("-1", "201", errors);
        errors.parse("since", "yesterday", java.time.Instant::parse, "must be an instant");

        assertThatThrownBy(errors::throwIfAny).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.problem()).isEqualTo(Problem.INVALID_INPUT);
            assertThat(problem.extensions().get("errors").toString()).contains("\"page\"", "\"size\"", "\"since\"");
        });
    }

    @Test
    void refusesAPageBeyondTheAddressableRows() {
        InputErrors errors = new InputErrors();

        Paging.of(String.valueOf(Integer.MAX_VALUE), "200", errors);

        assertThatThrownBy(errors::throwIfAny).isInstanceOf(ProblemException.class);
    }

    @Test
    void tellsWhetherMorePagesFollow() {
        JsonObject middle = new Paging(1, 2).toJSON(Json.createArrayBuilder().add(1).add(2).build(), 5);
        JsonObject last = new Paging(2, 2).toJSON(Json.createArrayBuilder().add(1).build(), 5);

        assertThat(middle.getBoolean("hasMore")).isTrue();
        assertThat(middle.getInt("total")).isEqualTo(5);
        assertThat(last.getBoolean("hasMore")).isFalse();
    }
}
