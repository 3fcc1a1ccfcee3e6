package dev.mcpoauth.token.entity;

import static dev.mcpoauth.discovery.Fixtures.json;
import static dev.mcpoauth.discovery.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenResponseTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    static JsonObjectBuilder minimal() {
        return Json.createObjectBuilder().add("access_token", "at-1").add("token_type", "Bearer");
    }

    static ProblemException refusal(JsonObject json) {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> TokenResponse.fromJSON(json));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.problem()).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        return refused;
    }

    @Test
    void readsAKeycloakTokenResponse() {
        TokenResponse keycloak = TokenResponse.fromJSON(json("token/keycloak-token-response.json"));

        assertThat(keycloak.accessToken()).startsWith("eyJhbGciOiJSUzI1NiIs");
        assertThat(keycloak.tokenType()).isEqualTo("Bearer");
        assertThat(keycloak.expiresIn()).isEqualTo(300);
        assertThat(keycloak.refreshToken()).startsWith("eyJhbGciOiJIUzUxMi");
        assertThat(keycloak.scope()).isEqualTo("mcp:read offline_access");
        assertThat(keycloak.expiresAt(NOW, DEFAULT_LIFETIME)).isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void acceptsLowerCaseBearerAndNoExpiryLikeGitHub() {
        TokenResponse github = TokenResponse.fromJSON(json("token/github-token-response.json"));

        assertThat(github.tokenType()).isEqualTo("Bearer");
        assertThat(github.expiresIn()).isNull();
        assertThat(github.hasRefreshToken()).isFalse();
        assertThat(github.expiresAt(NOW, DEFAULT_LIFETIME)).isEqualTo(NOW.plus(DEFAULT_LIFETIME));
    }

    @Test
    void acceptsExpiresInAsADigitStringLikeEntraIdV1AndIgnoresExtraMembers() {
        TokenResponse entra = TokenResponse.fromJSON(json("token/entra-v1-token-response.json"));

        assertThat(entra.expiresIn()).isEqualTo(3599);
        assertThat(entra.refreshToken()).startsWith("0.AXoA");
        assertThat(entra.toJSON()).doesNotContainKeys("id_token", "ext_expires_in", "resource");
    }

    @Test
    void refusesTheRfc6749ExampleBecauseItsTokenTypeIsNotBearer() {
        assertThat(refusal(json("token/rfc6749-token-response.json")).getMessage()).contains("token_type other than Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mac", "N_A", "Bearer ", "bearer2", "DPoP ", "PoP"})
    void refusesTokenTypesOtherThanBearerAndDpop(String tokenType) {
        refusal(minimal().add("token_type", tokenType).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DPoP", "dpop", "DPOP"})
    void acceptsADpopBoundToken(String tokenType) {
        // RFC 9449 §5: token_type is case-insensitive (RFC 6749 §7.1)
        TokenResponse bound = TokenResponse.fromJSON(minimal().add("token_type", tokenType).build());

        assertThat(bound.tokenType()).isEqualTo("DPoP");
        assertThat(bound.isDpopBound()).isTrue();
    }

    @Test
    void refusesAResponseWithoutTokenType() {
        refusal(Json.createObjectBuilder().add("access_token", "at-1").build());
    }

    @Test
    void refusesAResponseWithoutAccessToken() {
        assertThat(refusal(Json.createObjectBuilder().add("token_type", "Bearer").add("expires_in", 60).build())
                .getMessage()).contains("access_token");
        refusal(minimal().add("access_token", "").build());
        refusal(minimal().add("access_token", 42).build());
    }

    @Test
    void refusesAnAccessTokenThatCouldBreakAHeader() {
        ProblemException refused = refusal(minimal().add("access_token", "at\r\nX-Injected: 1").build());

        assertThat(refused.getMessage()).doesNotContain("X-Injected");
    }

    @Test
    void readsExpiresInAbsentOrNullAsUnknown() {
        assertThat(TokenResponse.fromJSON(minimal().build()).expiresIn()).isNull();
        assertThat(TokenResponse.fromJSON(minimal().addNull("expires_in").build()).expiresIn()).isNull();
    }

    @Test
    void acceptsZeroAndWholeNumbersWrittenWithAFraction() {
        assertThat(TokenResponse.fromJSON(minimal().add("expires_in", 0).build()).expiresIn()).isZero();
        assertThat(TokenResponse.fromJSON(parse("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":3600.0}"))
                .expiresIn()).isEqualTo(3600);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-99999999999999999999999", "\"-5\"", "\"soon\"", "\"3600s\"", "\"\"", "12.5", "true",
        "[3600]", "{}"})
    void refusesAnExpiresInThatIsNotANonNegativeWholeNumber(String expiresIn) {
        refusal(parse("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"315360000", "9223372036854775807", "99999999999999999999999999", "1e400", "\"999999999999999999999\""})
    void capsAHugeExpiresInAtAYear(String expiresIn) {
        TokenResponse response = TokenResponse.fromJSON(
                parse("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}"));

        assertThat(response.expiresIn()).isEqualTo(Duration.ofDays(365).toSeconds());
        assertThat(response.expiresAt(NOW, DEFAULT_LIFETIME)).isEqualTo(NOW.plus(Duration.ofDays(365)));
    }

    @Test
    void treatsAnEmptyRefreshTokenAsNone() {
        assertThat(TokenResponse.fromJSON(minimal().add("refresh_token", "").build()).hasRefreshToken()).isFalse();
    }

    @Test
    void hidesBothTokensInToStringAndMessages() {
        TokenResponse response = TokenResponse.fromJSON(json("token/keycloak-token-response.json"));
        ProblemException refused = refusal(minimal().add("access_token", "secret-at").add("token_type", "mac").build());

        assertThat(response.toString()).doesNotContain(response.accessToken()).doesNotContain(response.refreshToken())
                .contains("Bearer").contains("300");
        assertThat(refused.getMessage()).doesNotContain("secret-at");
    }

    @Test
    void roundTripsThroughJson() {
        TokenResponse response = new TokenResponse("at", "bearer", 60L, "rt", "a b");

        assertThat(TokenResponse.fromJSON(response.toJSON())).isEqualTo(response);
        assertThat(response.toJSON().getString("token_type")).isEqualTo("Bearer");
    }
}
