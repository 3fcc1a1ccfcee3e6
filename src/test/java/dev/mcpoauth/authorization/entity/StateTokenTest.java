package dev.mcpoauth.authorization.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class StateTokenTest {

    @Test
    void generates256RandomBitsAsBase64UrlWithoutPadding() {
        StateToken state = StateToken.generate();

        assertThat(state.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(StateToken.generate().value()).isNotEqualTo(state.value());
    }

    @Test
    void hashesAsLowerCaseHexSha256() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1
        assertThat(new StateToken("abc").hash())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hashesAReceivedValueLikeTheGeneratedOne() {
        StateToken state = StateToken.generate();

        assertThat(StateToken.hash(state.value())).isEqualTo(state.hash()).hasSize(64);
    }

    @Test
    void matchesOnlyItsOwnStoredHash() {
        StateToken state = StateToken.generate();

        assertThat(state.matches(state.hash())).isTrue();
        assertThat(state.matches(StateToken.generate().hash())).isFalse();
        assertThat(state.matches(null)).isFalse();
    }

    @Test
    void comparesHashesExactly() {
        String hash = new StateToken("abc").hash();

        assertThat(StateToken.hashesEqual(hash, new StateToken("abc").hash())).isTrue();
        assertThat(StateToken.hashesEqual(hash, hash.toUpperCase())).isFalse();
        assertThat(StateToken.hashesEqual(hash, hash.substring(1))).isFalse();
        assertThat(StateToken.hashesEqual(null, hash)).isFalse();
        assertThat(StateToken.hashesEqual(hash, null)).isFalse();
    }

    @Test
    void refusesAnEmptyValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> new StateToken(""));
        assertThatIllegalArgumentException().isThrownBy(() -> new StateToken(null));
    }

    @Test
    void hidesTheValueInToString() {
        StateToken state = StateToken.generate();

        assertThat(state.toString()).doesNotContain(state.value());
    }
}
