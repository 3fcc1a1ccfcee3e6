package dev.mcpoauth.authorization.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PkceTest {

    // RFC 7636 Appendix B
    static final String RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void computesTheS256ChallengeOfRfc7636AppendixB() {
        Pkce pkce = Pkce.fromVerifier(RFC_VERIFIER);

        assertThat(pkce.challenge()).isEqualTo(RFC_CHALLENGE);
        assertThat(pkce.method()).isEqualTo("S256");
    }

    @Test
    void generatesA43CharacterBase64UrlVerifierWithoutPadding() {
        Pkce pkce = Pkce.generate();

        assertThat(pkce.verifier()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(pkce.challenge()).isEqualTo(Pkce.fromVerifier(pkce.verifier()).challenge()).hasSize(43);
    }

    @Test
    void generatesADifferentVerifierEachTime() {
        Set<String> verifiers = new HashSet<>();
        IntStream.range(0, 100).forEach(i -> verifiers.add(Pkce.generate().verifier()));

        assertThat(verifiers).hasSize(100);
    }

    @Test
    void acceptsEveryUnreservedCharacterAndTheMaximumLength() {
        String verifier = "ABCXYZabcxyz0189-._~".repeat(7).substring(0, 128);

        assertThat(Pkce.fromVerifier(verifier).verifier()).hasSize(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "short",
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX", // 42 characters
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk+", // '+' is not unreserved
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk=",
        "dBjftJeZ4CVP mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXé"})
    void refusesVerifiersOutsideTheRfc7636Charset(String verifier) {
        assertThatIllegalArgumentException().isThrownBy(() -> Pkce.fromVerifier(verifier));
    }

    @Test
    void refusesAVerifierOver128Characters() {
        assertThatIllegalArgumentException().isThrownBy(() -> Pkce.fromVerifier("a".repeat(129)));
    }

    @Test
    void refusesAChallengeThatDoesNotBelongToTheVerifier() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Pkce(RFC_VERIFIER, RFC_VERIFIER))
                .withMessageNotContaining(RFC_VERIFIER);
    }

    @Test
    void hidesTheVerifierInToString() {
        assertThat(Pkce.fromVerifier(RFC_VERIFIER).toString()).doesNotContain(RFC_VERIFIER).contains(RFC_CHALLENGE);
    }
}
