package dev.mcpoauth.registration.entity;

import static dev.mcpoauth.discovery.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationErrorTest {

    static final ClientMetadata METADATA = ClientMetadata.webClient("broker",
            List.of("https://broker.example.com/oauth/callback"), "client_secret_basic", null);

    @Test
    void readsAnInvalidRedirectUriError() {
        RegistrationError error = RegistrationError.fromJSON(json("registration/invalid-redirect-uri-error.json"));

        assertThat(error.error()).isEqualTo("invalid_redirect_uri");
        assertThat(error.isMetadataRejected()).isTrue();
        assertThat(error.plainMessage(METADATA)).as("the catalogue's words, not the server's")
                .contains("invalid_redirect_uri", "https://broker.example.com/oauth/callback", "client id")
                .doesNotContain("not permitted for web clients");
    }

    @Test
    void keepsOnlyErrorAndDescription() {
        RegistrationError error = RegistrationError.fromJSON(Json.createObjectBuilder()
                .add("error", "invalid_client_metadata")
                .add("error_uri", "https://as.example.com/errors")
                .add("trace", "internal stack trace")
                .build());

        assertThat(error.toJSON()).isEqualTo(Json.createObjectBuilder().add("error", "invalid_client_metadata").build());
    }

    @Test
    void treatsAMalformedCodeAsUnrecognized() {
        RegistrationError error = RegistrationError.fromJSON(Json.createObjectBuilder()
                .add("error", "line\r\nbreak " + "x".repeat(5000))
                .build());

        assertThat(error.error()).isEqualTo("unrecognized_error");
        assertThat(error.plainMessage(METADATA)).doesNotContain("xxx").hasSizeLessThan(300);
        assertThat(error.isMetadataRejected()).isFalse();
    }

    @Test
    void requiresAnErrorCode() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> RegistrationError.fromJSON(
                Json.createObjectBuilder().add("error_description", "no code").build())).problem())
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }
}
