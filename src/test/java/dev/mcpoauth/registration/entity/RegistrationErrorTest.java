package dev.mcpoauth.registration.entity;

import static dev.mcpoauth.discovery.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.discovery.entity.DiscoveryException;
import dev.mcpoauth.discovery.entity.DiscoveryException.Reason;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class RegistrationErrorTest {

    @Test
    void readsAnInvalidRedirectUriError() {
        RegistrationError error = RegistrationError.fromJSON(json("registration/invalid-redirect-uri-error.json"));

        assertThat(error.error()).isEqualTo("invalid_redirect_uri");
        assertThat(error.errorDescription()).contains("not permitted for web clients");
        assertThat(error.isMetadataRejected()).isTrue();
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
    void boundsTheDescriptionAndStripsControlCharacters() {
        RegistrationError error = RegistrationError.fromJSON(Json.createObjectBuilder()
                .add("error", "invalid_software_statement")
                .add("error_description", "line\r\nbreak " + "x".repeat(5000))
                .build());

        assertThat(error.errorDescription()).doesNotContain("\r", "\n").hasSizeLessThan(310);
        assertThat(error.isMetadataRejected()).isFalse();
    }

    @Test
    void requiresAnErrorCode() {
        assertThat(catchThrowableOfType(DiscoveryException.class, () -> RegistrationError.fromJSON(
                Json.createObjectBuilder().add("error_description", "no code").build())).reason())
                .isEqualTo(Reason.BAD_UPSTREAM_DOCUMENT);
    }
}
