package dev.mcpoauth.oauth.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthErrorTest {

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void keepsNothingButTheCodeOfATokenEndpointReply() {
        OAuthError error = OAuthError.fromJSON(json("""
                {"error":"invalid_grant","error_description":"code c0de-123 with verifier v3r1f13r is invalid",
                 "error_uri":"https://as.example.com/errors?secret=s3cr3t","trace_id":"abc"}""")).orElseThrow();

        assertThat(error).isEqualTo(new OAuthError("invalid_grant"));
        assertThat(error.toJSON().toString()).doesNotContain("c0de-123", "v3r1f13r", "s3cr3t");
    }

    @Test
    void isLenientAboutMistypedOptionalMembers() {
        OAuthError error = OAuthError.fromJSON(json("""
                {"error":"invalid_request","error_description":42,"error_uri":["x"]}""")).orElseThrow();

        assertThat(error.errorDescription()).isNull();
        assertThat(error.errorUri()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"error\":null}", "{\"error\":7}", "{\"error\":\"\"}", "{\"error\":\"  \"}",
        "{\"access_token\":\"x\"}"})
    void findsNoErrorWithoutAStringErrorCode(String body) {
        assertThat(OAuthError.fromJSON(json(body))).isEmpty();
    }

    @Test
    void readsTheFirstValuesOfQueryParameters() {
        OAuthError error = OAuthError.fromQuery(Map.of("error", List.of("access_denied"),
                "error_description", List.of("The user said no"), "state", List.of("s"))).orElseThrow();

        assertThat(error.error()).isEqualTo("access_denied");
        assertThat(error.errorDescription()).isEqualTo("The user said no");
        assertThat(OAuthError.fromQuery(Map.of("code", List.of("c")))).isEmpty();
    }

    @Test
    void stripsControlAndInvisibleFormattingCharactersFromDescriptions() {
        OAuthError error = new OAuthError("invalid_request", "line one\r\nline\u0000two\u202Eevil\u001b[31m", null);

        assertThat(error.errorDescription()).isEqualTo("line one  line two evil [31m");
    }

    @Test
    void truncatesLongDescriptions() {
        OAuthError error = new OAuthError("invalid_request", "x".repeat(10_000), null);

        assertThat(error.errorDescription()).hasSize(OAuthError.MAX_DESCRIPTION + 1).endsWith("…");
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid\r\ngrant", "quote\"d", "back\\slash", "caf\u00e9", "evil\u202Ecode",
        "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"})
    void treatsACodeOutsideTheRfc6749CharsetOrTooLongAsUnrecognized(String code) {
        OAuthError error = new OAuthError(code);

        assertThat(error.error()).isEqualTo(OAuthError.UNRECOGNIZED);
        assertThat(error.plainMessage()).doesNotContain(code).contains("not a valid OAuth error code");
    }

    @Test
    void checksACodeOnItsOwnAsTheErrorChecksIt() {
        assertThat(OAuthError.checkedCode("invalid_redirect_uri")).isEqualTo("invalid_redirect_uri");
        assertThat(OAuthError.checkedCode("e".repeat(65))).isEqualTo(OAuthError.UNRECOGNIZED);
        assertThat(OAuthError.checkedCode("line\r\nbreak")).isEqualTo(OAuthError.UNRECOGNIZED);
        assertThat(OAuthError.checkedCode(null)).isEqualTo(OAuthError.UNRECOGNIZED);
    }

    @Test
    void keepsAWellFormedCodeAndNeedsOne() {
        assertThat(new OAuthError("e".repeat(64)).error()).hasSize(64);
        assertThat(new OAuthError("vendor_specific-error.1").error()).isEqualTo("vendor_specific-error.1");
        assertThatIllegalArgumentException().isThrownBy(() -> new OAuthError("\r\n"));
    }

    @Test
    void describesACodeFromTheCatalogueOrByItsCodeAlone() {
        assertThat(new OAuthError("invalid_client", "client_secret s3cr3t is wrong", null).plainMessage())
                .isEqualTo("The authorization server did not accept the broker's client (invalid_client).")
                .doesNotContain("s3cr3t");
        assertThat(new OAuthError("vendor_error", "echo s3cr3t", null).plainMessage())
                .isEqualTo("The authorization server answered with the error vendor_error.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "/relative",
        "https://", "not a uri"})
    void dropsAnErrorUriThatIsNotAWebPage(String uri) {
        assertThat(new OAuthError("invalid_request", null, uri).errorUri()).isNull();
    }

    @Test
    void keepsAnHttpsErrorUriAsSent() {
        assertThat(new OAuthError("invalid_request", null, "HTTPS://as.example.com/e?x=1").errorUri())
                .isEqualTo("HTTPS://as.example.com/e?x=1");
    }

    @Test
    void requiresReauthorizationOnlyForInvalidGrant() {
        assertThat(new OAuthError("invalid_grant").requiresReauthorization()).isTrue();
        assertThat(new OAuthError("invalid_client").requiresReauthorization()).isFalse();
        assertThat(new OAuthError("invalid_request").requiresReauthorization()).isFalse();
    }

    @Test
    void recognisesInvalidClient() {
        assertThat(new OAuthError("invalid_client").isInvalidClient()).isTrue();
        assertThat(new OAuthError("unauthorized_client").isInvalidClient()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"temporarily_unavailable", "server_error"})
    void treatsTemporaryConditionsAsTransient(String code) {
        assertThat(new OAuthError(code).isTransient()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_grant", "invalid_client", "invalid_scope", "Server_Error"})
    void treatsOtherCodesAsFinal(String code) {
        assertThat(new OAuthError(code).isTransient()).isFalse();
    }

    @Test
    void recognisesUnsupportedTokenType() {
        assertThat(new OAuthError("unsupported_token_type").isUnsupportedTokenType()).isTrue();
    }

    @Test
    void roundTripsTheCodeThroughJson() {
        OAuthError error = new OAuthError("invalid_scope", "Unknown scope", "https://as.example.com/e");

        assertThat(error.toJSON()).containsOnlyKeys("error", "error_description", "error_uri");
        assertThat(OAuthError.fromJSON(error.toJSON())).contains(new OAuthError("invalid_scope"));
        assertThat(new OAuthError("invalid_scope").toJSON()).containsOnlyKeys("error");
    }
}
