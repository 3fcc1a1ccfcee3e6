package dev.mcpoauth.registration.entity;

import static dev.mcpoauth.discovery.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class ClientInformationTest {

    static Problem refusal(JsonObjectBuilder json) {
        return catchThrowableOfType(ProblemException.class, () -> ClientInformation.fromJSON(json.build())).problem();
    }

    static JsonObjectBuilder minimal() {
        return Json.createObjectBuilder().add("client_id", "abc");
    }

    @Test
    void readsAKeycloakRegistrationResponse() {
        ClientInformation keycloak = ClientInformation.fromJSON(json("registration/keycloak-registration-response.json"));

        assertThat(keycloak.clientId()).isEqualTo("0c9a6f4e-1b2d-4c3e-9f8a-7b6c5d4e3f2a");
        assertThat(keycloak.isConfidential()).isTrue();
        assertThat(keycloak.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
        assertThat(keycloak.clientIdIssuedAt()).isEqualTo(1767225600L);
        assertThat(keycloak.secretExpiry()).isEmpty();
        assertThat(keycloak.registrationClientUri()).endsWith("/openid-connect/0c9a6f4e-1b2d-4c3e-9f8a-7b6c5d4e3f2a");
        assertThat(keycloak.raw().getString("subject_type")).isEqualTo("public");
    }

    @Test
    void readsMillisecondTimestampsAsSeconds() {
        ClientInformation quirky = ClientInformation.fromJSON(json("registration/milliseconds-registration-response.json"));

        assertThat(quirky.clientIdIssuedAt()).isEqualTo(1767225600L);
        assertThat(quirky.clientSecretExpiresAt()).isEqualTo(1769904000L);
        assertThat(quirky.secretExpiry()).contains(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void zeroOrAbsentExpiryMeansTheSecretNeverExpires() {
        ClientInformation never = ClientInformation.fromJSON(minimal().add("client_secret", "s")
                .add("client_secret_expires_at", 0).build());

        assertThat(never.isSecretExpired(Instant.parse("2999-01-01T00:00:00Z"))).isFalse();
        assertThat(ClientInformation.fromJSON(minimal().build()).clientSecretExpiresAt()).isZero();
    }

    @Test
    void knowsWhenTheSecretHasExpired() {
        ClientInformation expiring = ClientInformation.fromJSON(minimal().add("client_secret", "s")
                .add("client_secret_expires_at", 1767225600).build());

        assertThat(expiring.isSecretExpired(Instant.ofEpochSecond(1767225599))).isFalse();
        assertThat(expiring.isSecretExpired(Instant.ofEpochSecond(1767225600))).isTrue();
    }

    @Test
    void readsAPublicClientWithoutSecret() {
        ClientInformation client = ClientInformation.fromJSON(json("registration/public-client-registration-response.json"));

        assertThat(client.isConfidential()).isFalse();
        assertThat(client.tokenEndpointAuthMethod()).isEqualTo("none");
    }

    @Test
    void requiresAClientId() {
        assertThat(refusal(Json.createObjectBuilder().add("client_secret", "s"))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(Json.createObjectBuilder().add("client_id", ""))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(Json.createObjectBuilder().add("client_id", 12345))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void acceptsMembersUpToWhatTheRegistrationTableHolds() {
        ClientInformation client = ClientInformation.fromJSON(Json.createObjectBuilder()
                .add("client_id", "c".repeat(1024))
                .add("client_secret", "\u20ac".repeat(682)) // 2046 bytes in UTF-8
                .add("registration_access_token", "t".repeat(4096))
                .add("registration_client_uri", "https://as.example.com/" + "r".repeat(2048 - 23))
                .build());

        assertThat(client.clientId()).hasSize(1024);
    }

    @Test
    void refusesMembersTooLongForTheRegistrationTable() {
        assertThat(catchThrowableOfType(ProblemException.class, () -> ClientInformation.fromJSON(
                minimal().add("client_id", "c".repeat(1025)).build())).getMessage())
                .isEqualTo("The client registration response has a member client_id longer than 1024 characters.");
        assertThat(refusal(minimal().add("client_secret", "\u20ac".repeat(683)))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(minimal().add("registration_access_token", "t".repeat(4097))))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(minimal().add("registration_client_uri", "https://as.example.com/" + "r".repeat(2048))))
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void refusesMistypedOrNegativeTimestamps() {
        assertThat(refusal(minimal().add("client_secret_expires_at", "0"))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(minimal().add("client_secret_expires_at", 1.5))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refusal(minimal().add("client_id_issued_at", -1))).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void toStringNeverShowsSecrets() {
        ClientInformation keycloak = ClientInformation.fromJSON(json("registration/keycloak-registration-response.json"));

        assertThat(keycloak.toString())
                .contains("0c9a6f4e-1b2d-4c3e-9f8a-7b6c5d4e3f2a")
                .doesNotContain("kc-secret-3Zq9LmN4pR7sT1vW")
                .doesNotContain("kc-registration-token");
    }

    @Test
    void roundTripsTheResponseForSealedStorage() {
        JsonObject response = json("registration/keycloak-registration-response.json");

        assertThat(ClientInformation.fromJSON(response).toJSON()).isEqualTo(response);
    }
}
