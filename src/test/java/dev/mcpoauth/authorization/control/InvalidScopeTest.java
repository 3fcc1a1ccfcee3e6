package dev.mcpoauth.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvalidScopeTest {

    @Test
    void namesTheScopesSaysRetryingCannotHelpAndGivesTheAdminsWaysOut() {
        assertThat(InvalidScope.message(Optional.of("mcp:read offline_access")))
                .contains("invalid_scope", "\u201cmcp:read offline_access\u201d", "will not help", "scopes override",
                        "sendScope false", "client id");
        assertThat(InvalidScope.message(Optional.empty())).contains("asked for no scope");
    }

    @Test
    void boundsAnUpstreamScopeListThatIsLong() {
        assertThat(InvalidScope.message(Optional.of("s".repeat(3000)))).hasSizeLessThan(700);
    }
}
