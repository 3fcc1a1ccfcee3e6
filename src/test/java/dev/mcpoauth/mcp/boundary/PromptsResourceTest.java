package dev.mcpoauth.mcp.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

class PromptsResourceTest {

    @Test
    void takesEachArgumentAsTheStringItIs() {
        assertThat(PromptsResource.strings(Json.createObjectBuilder().add("name", "Alice").add("empty", "").build()))
                .containsExactly(java.util.Map.entry("name", "Alice"), java.util.Map.entry("empty", ""));
        assertThat(PromptsResource.strings(null)).isEmpty();
    }

    @Test
    void refusesAnArgumentThatIsNoString() {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> PromptsResource.strings(Json.createObjectBuilder().add("count", 3).build()));

        assertThat(refused.problem()).isEqualTo(Problem.INVALID_INPUT);
        assertThat(refused.getMessage()).isEqualTo("Prompt argument count must be a string.");
    }
}
