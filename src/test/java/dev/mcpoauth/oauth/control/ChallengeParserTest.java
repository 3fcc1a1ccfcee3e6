package dev.mcpoauth.oauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mcpoauth.oauth.entity.BearerChallenge;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChallengeParserTest {

    static List<BearerChallenge> bearer(String... headerValues) {
        return ChallengeParser.bearerChallenges(Arrays.asList(headerValues));
    }

    static BearerChallenge single(String headerValue) {
        List<BearerChallenge> challenges = bearer(headerValue);
        assertThat(challenges).hasSize(1);
        return challenges.get(0);
    }

    @Test
    void readsTheMcpChallengeWithResourceMetadataAndScope() {
        BearerChallenge challenge = single("Bearer resource_metadata=\"https://mcp.example.com/.well-known/"
                + "oauth-protected-resource/mcp\", scope=\"files:read files:write\"");

        assertThat(challenge.resourceMetadata())
                .isEqualTo("https://mcp.example.com/.well-known/oauth-protected-resource/mcp");
        assertThat(challenge.scope()).isEqualTo("files:read files:write");
        assertThat(challenge.scopes()).containsExactly("files:read", "files:write");
    }

    @Test
    void readsTheConformanceMockChallengeWithErrorFirst() {
        BearerChallenge challenge = single("Bearer error=\"invalid_token\", error_description=\"The access token "
                + "expired\", resource_metadata=\"http://localhost:3000/.well-known/oauth-protected-resource\"");

        assertThat(challenge.error()).isEqualTo("invalid_token");
        assertThat(challenge.isInvalidToken()).isTrue();
        assertThat(challenge.errorDescription()).isEqualTo("The access token expired");
        assertThat(challenge.resourceMetadata()).startsWith("http://localhost:3000/");
    }

    @Test
    void readsInsufficientScopeForStepUp() {
        BearerChallenge challenge = single("Bearer error=\"insufficient_scope\", scope=\"repo admin:org\"");

        assertThat(challenge.isInsufficientScope()).isTrue();
        assertThat(challenge.scopes()).containsExactly("repo", "admin:org");
    }

    @Test
    void findsTheBearerChallengeAmongSeveralInOneValue() {
        assertThat(single("Basic realm=\"simple\", Bearer realm=\"apps\", scope=\"read write\", Digest nonce=\"x\"")
                .params()).isEqualTo(Map.of("realm", "apps", "scope", "read write"));
    }

    @Test
    void readsTheRfc9110ExampleWithEscapedQuotes() {
        List<ChallengeParser.Challenge> challenges = ChallengeParser.parse(
                "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"");

        assertThat(challenges).extracting(ChallengeParser.Challenge::scheme).containsExactly("Newauth", "Basic");
        assertThat(challenges.get(0).params())
                .containsEntry("type", "1")
                .containsEntry("title", "Login to \"apps\"");
    }

    @Test
    void unescapesBackslashPairsInQuotedStrings() {
        assertThat(single("Bearer error_description=\"a \\\\ b \\\"c\\\" \\d\"").errorDescription())
                .isEqualTo("a \\ b \"c\" d");
    }

    @Test
    void skipsToken68ChallengesOfOtherSchemes() {
        assertThat(single("Basic dXNlcjpwYXNz==, Bearer realm=\"x\"").realm()).isEqualTo("x");
        assertThat(single("Negotiate YII=, Bearer").params()).isEmpty();
        // "realm=" is a valid token68 (RFC 9110 §11.2), not a parameter with an empty value
        assertThat(single("Bearer realm=").params()).isEmpty();
    }

    @Test
    void readsChallengesFromSeveralHeaderValues() {
        List<BearerChallenge> challenges = bearer("Basic realm=\"a\"", "Bearer scope=\"one\"", "Bearer scope=\"two\"");

        assertThat(challenges).extracting(BearerChallenge::scope).containsExactly("one", "two");
    }

    @Test
    void matchesSchemeAndParameterNamesCaseInsensitively() {
        BearerChallenge challenge = single("BEARER Resource_Metadata=\"https://x.example/prm\", SCOPE=\"a\"");

        assertThat(challenge.scheme()).isEqualTo("BEARER");
        assertThat(challenge.resourceMetadata()).isEqualTo("https://x.example/prm");
        assertThat(challenge.scope()).isEqualTo("a");
    }

    @Test
    void acceptsWhitespaceAroundEqualsAndEmptyListElements() {
        BearerChallenge challenge = single(" , Bearer\tscope = \"a b\" ,  , error= invalid_token ,, ");

        assertThat(challenge.params()).isEqualTo(Map.of("scope", "a b", "error", "invalid_token"));
    }

    @Test
    void acceptsBareValuesIncludingUnquotedUrls() {
        BearerChallenge challenge = single("Bearer error=invalid_token, resource_metadata=https://mcp.example.com/"
                + ".well-known/oauth-protected-resource, scope=files:read");

        assertThat(challenge.error()).isEqualTo("invalid_token");
        assertThat(challenge.resourceMetadata()).isEqualTo("https://mcp.example.com/.well-known/oauth-protected-resource");
        assertThat(challenge.scopes()).containsExactly("files:read");
    }

    @Test
    void readsABearerChallengeWithoutParameters() {
        assertThat(single("Bearer").params()).isEmpty();
        assertThat(single("Bearer").scopes()).isEmpty();
        assertThat(single("Bearer").resourceMetadata()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        ",,,",
        " , , ",
        "Bearer realm=\"unterminated",
        "Bearer realm=\"x\\",
        "=\"x\"",
        "realm=\"x\"",
        "Bearer realm=\"a\", realm=\"b\"",
        "Bearer realm=\"x\" trailing",
        "Bearer realm=\"bell\u0007\"",
        "Bearer realm=\"a\" scope=\"b\"",
        "Bearer ,=",
        "\"Bearer\" realm=\"x\"",
        "Bearer realm=\"x\", ===",
        "Bearer realm=\"x\", scope=",
    })
    void yieldsNothingForMalformedValues(String headerValue) {
        assertThat(bearer(headerValue)).isEmpty();
    }

    @Test
    void aMalformedValueDoesNotSpoilTheOtherValues() {
        assertThat(bearer("Bearer realm=\"broken", null, "Bearer scope=\"ok\""))
                .extracting(BearerChallenge::scope).containsExactly("ok");
    }

    @Test
    void tellsAMalformedValueFromAnAbsentOrWellFormedOne() {
        assertThat(ChallengeParser.anyMalformed(List.of("Basic realm=\"x\"", "Bearer realm=\"broken"))).isTrue();
        assertThat(ChallengeParser.anyMalformed(List.of("Bearer realm=\"a\", realm=\"b\""))).isTrue();
        assertThat(ChallengeParser.anyMalformed(Arrays.asList("Bearer", null, "", "Basic realm=\"x\""))).isFalse();
        assertThat(ChallengeParser.anyMalformed(List.of())).isFalse();
    }

    @Test
    void splitsScopesOnSpacesOnly() {
        assertThat(single("Bearer scope=\"  a  b:c   a d/e \"").scopes()).containsExactly("a", "b:c", "d/e");
    }

    @Test
    void neverThrowsOnArbitraryInput() {
        String alphabet = "Bearer realm=\"\\,; \t=abc:/\u0000\u00ff\u2603";
        Random random = new Random(9728);
        for (int i = 0; i < 20_000; i++) {
            char[] text = new char[random.nextInt(40)];
            for (int j = 0; j < text.length; j++) {
                text[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String headerValue = (random.nextBoolean() ? "Bearer " : "") + new String(text);
            assertThatCode(() -> bearer(headerValue)).doesNotThrowAnyException();
        }
    }
    @Test
    void readsADpopChallengeLikeABearerOne() {
        // RFC 9449 §7.1; the conformance suite's first 401
        BearerChallenge challenge = single("DPoP algs=\"ES256 PS256\", resource_metadata=\"http://localhost:3001/"
                + ".well-known/oauth-protected-resource/mcp\"");

        assertThat(challenge.isDpop()).isTrue();
        assertThat(challenge.resourceMetadata()).isEqualTo("http://localhost:3001/.well-known/oauth-protected-resource/mcp");
        assertThat(challenge.params()).containsEntry("algs", "ES256 PS256");
        assertThat(challenge.isUseDpopNonce()).isFalse();
    }

    @Test
    void readsStepUpFromADpopChallenge() {
        BearerChallenge challenge = single("dpop error=\"insufficient_scope\", scope=\"files:write\"");

        assertThat(challenge.isInsufficientScope()).isTrue();
        assertThat(challenge.scopes()).containsExactly("files:write");
    }

    @Test
    void tellsANonceChallengeOnlyOfTheDpopScheme() {
        // RFC 9449 §9
        assertThat(ChallengeParser.asksForDpopNonce(List.of("DPoP error=\"use_dpop_nonce\", error_description="
                + "\"Resource server requires nonce in DPoP proof\""))).isTrue();
        assertThat(ChallengeParser.asksForDpopNonce(List.of("Bearer error=\"use_dpop_nonce\""))).isFalse();
        assertThat(ChallengeParser.asksForDpopNonce(List.of("DPoP error=\"invalid_token\""))).isFalse();
        assertThat(ChallengeParser.asksForDpopNonce(List.of("DPoP error=\"use_dpop_nonce"))).as("malformed").isFalse();
    }

    @Test
    void findsBothWhenAServerOffersBearerAndDpop() {
        List<BearerChallenge> challenges = bearer("Bearer realm=\"mcp\", DPoP algs=\"ES256\"");

        assertThat(challenges).extracting(BearerChallenge::isDpop).containsExactly(false, true);
    }
}
