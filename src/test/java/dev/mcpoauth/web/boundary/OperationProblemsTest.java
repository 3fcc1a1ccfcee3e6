package dev.mcpoauth.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.web.entity.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationProblemsTest {

    @Test
    void everyTypeIsListedUnderItsOwnStatus() {
        for (String id : List.of("createServer", "updateServer", "validateServer", "authorizeConnection", "callTool",
                "refreshConnection", "exchangeFlowCode", "signOut", "getMe")) {
            OperationProblems.of(id, "/api/v1/x/{id}", "POST").forEach((status, answer) -> answer.types()
                    .forEach(problem -> assertThat(Integer.toString(problem.status())).as(id + " " + problem)
                            .isEqualTo(status)));
        }
    }

    @Test
    void savingAServerAnswersTheRefusalWithItsCauses() {
        Map<String, OperationProblems.Answer> answers = OperationProblems.of("createServer", "/api/v1/servers", "POST");
        assertThat(answers.get("422").types()).containsExactly(Problem.SERVER_CONFIGURATION_REFUSED);
        assertThat(answers.get("409").types()).containsExactly(Problem.CONFLICT);
        assertThat(answers.get("400").types()).contains(Problem.BAD_REQUEST, Problem.INVALID_INPUT,
                Problem.JSON_TOO_DEEP);
        assertThat(answers.get("415").types()).containsExactly(Problem.UNSUPPORTED_MEDIA_TYPE);
        assertThat(OperationProblems.REFUSAL_CAUSES).contains(Problem.URL_FORBIDDEN, Problem.NOT_PROTECTED,
                Problem.REGISTRATION_REJECTED).allMatch(cause -> !cause.isRetryable());
    }

    @Test
    void validationReportsFaultsInItsAnswerNotAsProblems() {
        Map<String, OperationProblems.Answer> answers = OperationProblems.of("validateServer",
                "/api/v1/servers/{id}/validate", "POST");
        assertThat(answers).containsKeys("401", "403", "404", "500").doesNotContainKeys("409", "422", "502", "503");
    }

    @Test
    void aPersonConnectingGetsServerNotSetUpAndAnAdminTheFault() {
        Map<String, OperationProblems.Answer> answers = OperationProblems.of("authorizeConnection",
                "/api/v1/connections/{serverId}/authorize", "POST");
        assertThat(answers.get("409").types()).contains(Problem.SERVER_NOT_SET_UP, Problem.CONFIGURATION_MISMATCH);
        assertThat(answers.get("400").types()).contains(Problem.RETURN_URL_NOT_ALLOWED);
        assertThat(answers.get("429").types()).contains(Problem.LIMIT_REACHED, Problem.SIGN_IN_THROTTLED);
        assertThat(answers.get("503").types()).containsExactly(Problem.UPSTREAM_UNAVAILABLE);
    }

    @Test
    void pagesDocumentOnlyWhatFailsBeforeThem() {
        assertThat(OperationProblems.of("oauthCallback", "/oauth/callback", "GET")).containsOnlyKeys("500");
    }
}
