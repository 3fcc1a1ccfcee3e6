package dev.mcpoauth.mcp.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The step-up limit counts authorizations, the first sign-in included. */
class StepUpAttemptsTest {

    final StepUpAttempts attempts = new StepUpAttempts();

    @Test
    void aServerThatKeepsDemandingScopeGetsThreeAuthorizationsInAll() {
        int authorizations = 1; // the sign-in that issued the token the server refuses
        while (attempts.allowsAnother("c1", "tools/call echo")) {
            authorizations++;
        }

        assertThat(authorizations).isEqualTo(StepUpAttempts.LIMIT).isEqualTo(3);
    }

    @Test
    void aSuccessStartsTheCountAfresh() {
        assertThat(attempts.allowsAnother("c1", "tools/call echo")).isTrue();
        assertThat(attempts.allowsAnother("c1", "tools/call echo")).isTrue();

        attempts.succeeded("c1", "tools/call echo");

        assertThat(attempts.allowsAnother("c1", "tools/call echo")).isTrue();
        assertThat(attempts.allowsAnother("c1", "tools/list")).as("counted per operation").isTrue();
    }
}
