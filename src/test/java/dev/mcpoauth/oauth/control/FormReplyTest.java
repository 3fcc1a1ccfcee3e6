package dev.mcpoauth.oauth.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.oauth.entity.OAuthRequestException;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Rejected;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Transient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormReplyTest {

    static FormReply reply(int status, String json) {
        Optional<JsonObject> body = json == null ? Optional.empty()
                : Optional.of(Json.createReader(new StringReader(json)).readObject());
        return new FormReply("The endpoint at as.example.com/token", status, body);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "400 | {\"error\":\"invalid_grant\"}                 | Rejected",
        "401 | {\"error\":\"invalid_client\"}                | Rejected",
        "500 | {\"error\":\"invalid_request\"}               | Rejected",
        "200 | {\"error\":\"bad_verification_code\"}         | Rejected",
        "503 | {\"error\":\"temporarily_unavailable\"}       | Transient",
        "400 | {\"error\":\"temporarily_unavailable\"}       | Transient",
        "500 | {\"error\":\"server_error\"}                  | Transient",
        "500 | -                                             | Transient",
        "502 | -                                             | Transient",
        "503 | {\"message\":\"maintenance\"}                 | Transient",
        "429 | -                                             | Transient",
        "302 | -                                             | BadResponse",
        "307 | {\"error\":\"x\",\"note\":\"redirect body\"}   | Rejected",
        "400 | -                                             | BadResponse",
        "401 | -                                             | BadResponse",
        "404 | {\"message\":\"not found\"}                   | BadResponse"})
    void classifiesEveryUnsuccessfulReply(int status, String json, String expected) {
        FormReply reply = reply(status, json);

        OAuthRequestException failure = reply.failure();

        assertThat(reply.isSuccess()).isFalse();
        assertThat(failure.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(failure.status()).isEqualTo(status);
    }

    @Test
    void keepsTheOAuthErrorOfATransientFailure() {
        Transient failure = (Transient) reply(503, "{\"error\":\"temporarily_unavailable\",\"error_description\":\"busy\"}")
                .failure();

        assertThat(failure.error()).hasValueSatisfying(error -> assertThat(error.errorDescription()).isNull());
    }

    @Test
    void namesTheErrorCodeButNotTheDescriptionInMessages() {
        Rejected failure = (Rejected) reply(400, "{\"error\":\"invalid_grant\",\"error_description\":\"code abc123 reused\"}")
                .failure();

        assertThat(failure).hasMessage("The endpoint at as.example.com/token refused the request: invalid_grant (HTTP 400).");
        assertThat(failure.error().errorDescription()).as("not even kept").isNull();
    }
}
