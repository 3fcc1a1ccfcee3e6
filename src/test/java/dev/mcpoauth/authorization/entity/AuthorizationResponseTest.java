package dev.mcpoauth.authorization.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationResponseTest {

    static final String CODE = "SplxlOBeZQQYbYS6WxSbIA";
    static final String STATE = "xyz-state-value";

    static Map<String, List<String>> query(String... namesAndValues) {
        Map<String, List<String>> query = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.computeIfAbsent(namesAndValues[i], name -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return query;
    }

    @Test
    void readsASuccessfulResponseWithIssuer() {
        AuthorizationResponse response = AuthorizationResponse.fromQuery(
                query("code", CODE, "state", STATE, "iss", "https://as.example.com", "session_state", "s"));

        assertThat(response.code()).isEqualTo(CODE);
        assertThat(response.state()).isEqualTo(STATE);
        assertThat(response.issuer()).contains("https://as.example.com");
        assertThat(response.isError()).isFalse();
    }

    @Test
    void readsAnErrorResponse() {
        AuthorizationResponse response = AuthorizationResponse.fromQuery(query("error", "access_denied",
                "error_description", "The user denied access", "error_uri", "https://as.example.com/e", "state", STATE));

        assertThat(response.isError()).isTrue();
        assertThat(response.code()).isNull();
        assertThat(response.error().error()).isEqualTo("access_denied");
        assertThat(response.error().errorDescription()).isEqualTo("The user denied access");
        assertThat(response.error().errorUri()).isEqualTo("https://as.example.com/e");
    }

    @Test
    void keepsIssAsDecoded() {
        AuthorizationResponse response = AuthorizationResponse.fromQuery(
                query("code", CODE, "state", STATE, "iss", "HTTPS://AS.example.com:443/"));

        assertThat(response.iss()).isEqualTo("HTTPS://AS.example.com:443/");
    }

    @Test
    void keepsAnEmptyIssAsPresent() {
        assertThat(AuthorizationResponse.fromQuery(query("code", CODE, "state", STATE, "iss", "")).issuer()).contains("");
    }

    @Test
    void rejectsARepeatedParameter() {
        for (String name : List.of("code", "state", "iss", "error", "error_description", "error_uri")) {
            Map<String, List<String>> query = query("code", CODE, "state", STATE, "iss", "https://as.example.com");
            query.put(name, List.of("a", "b"));

            assertThatIllegalArgumentException().as(name)
                    .isThrownBy(() -> AuthorizationResponse.fromQuery(query))
                    .withMessageContaining("repeats the " + name);
        }
    }

    @Test
    void rejectsTheSameCodeTwice() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AuthorizationResponse.fromQuery(query("code", CODE, "code", CODE, "state", STATE)));
    }

    @Test
    void ignoresRepeatsOfParametersItDoesNotRead() {
        assertThat(AuthorizationResponse.fromQuery(query("code", CODE, "state", STATE, "x", "1", "x", "2")).code())
                .isEqualTo(CODE);
    }

    @Test
    void rejectsOverLongValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AuthorizationResponse.fromQuery(query("code", "c".repeat(5000), "state", STATE)))
                .withMessageContaining("over-long code");
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationResponse.fromQuery(
                query("error", "access_denied", "error_description", "d".repeat(5000), "state", STATE)));
    }

    @Test
    void rejectsAResponseWithoutState() {
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationResponse.fromQuery(query("code", CODE)))
                .withMessageContaining("no state");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AuthorizationResponse.fromQuery(query("code", CODE, "state", "")));
    }

    @Test
    void rejectsAResponseWithNeitherCodeNorError() {
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationResponse.fromQuery(query("state", STATE)))
                .withMessageContaining("neither");
    }

    @Test
    void rejectsAResponseWithBothCodeAndError() {
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationResponse.fromQuery(
                query("code", CODE, "error", "access_denied", "state", STATE))).withMessageContaining("both");
    }

    @Test
    void neverShowsCodeOrStateInMessagesOrToString() {
        AuthorizationResponse response = AuthorizationResponse.fromQuery(query("code", CODE, "state", STATE));
        Map<String, List<String>> repeated = query("code", CODE, "state", STATE, "state", STATE);

        assertThat(response.toString()).doesNotContain(CODE).doesNotContain(STATE);
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationResponse.fromQuery(repeated))
                .withMessageNotContaining(CODE).withMessageNotContaining(STATE);
    }
}
