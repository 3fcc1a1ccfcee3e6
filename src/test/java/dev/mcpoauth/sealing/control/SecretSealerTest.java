package dev.mcpoauth.sealing.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.sealing.entity.KeyRing;
import dev.mcpoauth.sealing.entity.SealingException;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretSealerTest {

    static final String KEY_OLD = key(7);
    static final String KEY_NEW = key(9);
    static final String SECRET = "access-token-value-123";
    static final String CONTEXT = "token_set.access_token/42";

    static String key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static SecretSealer sealer(String keys, String activeKeyId) {
        return new SecretSealer(KeyRing.parse(keys, Optional.ofNullable(activeKeyId)));
    }

    final SecretSealer sealer = sealer("old:" + KEY_OLD, null);

    @Test
    void opensWhatItSealed() {
        String sealed = sealer.seal(SECRET, CONTEXT);

        assertThat(sealer.open(sealed, CONTEXT)).isEqualTo(SECRET);
    }

    @Test
    void prefixesTheKeyIdAndUsesUnpaddedBase64Url() {
        String sealed = sealer.seal(SECRET, CONTEXT);

        assertThat(sealed).startsWith("old:").doesNotContain(SECRET);
        String payload = sealed.substring("old:".length());
        assertThat(payload).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(payload)).hasSize(12 + SECRET.length() + 16);
    }

    @Test
    void sealsTheSamePlaintextDifferentlyEachTime() {
        assertThat(sealer.seal(SECRET, CONTEXT)).isNotEqualTo(sealer.seal(SECRET, CONTEXT));
    }

    @Test
    void sealsEmptyAndUnicodeText() {
        assertThat(sealer.open(sealer.seal("", CONTEXT), CONTEXT)).isEmpty();
        assertThat(sealer.open(sealer.seal("schlüssel ✓", CONTEXT), CONTEXT)).isEqualTo("schlüssel ✓");
    }

    @Test
    void rejectsTamperedCiphertext() {
        String sealed = sealer.seal(SECRET, CONTEXT);
        byte[] payload = Base64.getUrlDecoder().decode(sealed.substring(4));
        payload[payload.length - 1] ^= 1;
        String tampered = "old:" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);

        assertThatThrownBy(() -> sealer.open(tampered, CONTEXT))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("'old'");
    }

    @Test
    void rejectsAnotherContext() {
        String sealed = sealer.seal(SECRET, CONTEXT);

        assertThatThrownBy(() -> sealer.open(sealed, "token_set.refresh_token/42"))
                .isInstanceOf(SealingException.class)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void rejectsAnUnknownKeyId() {
        String sealed = sealer.seal(SECRET, CONTEXT);
        SecretSealer other = sealer("new:" + KEY_NEW, null);

        assertThatThrownBy(() -> other.open(sealed, CONTEXT))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("unknown sealing key id 'old'");
    }

    @Test
    void rejectsAValueLabelledWithTheWrongKeyId() {
        SecretSealer both = sealer("old:" + KEY_OLD + ",new:" + KEY_NEW, "old");
        String relabelled = "new" + both.seal(SECRET, CONTEXT).substring(3);

        assertThatThrownBy(() -> both.open(relabelled, CONTEXT))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("'new'");
    }

    @Test
    void opensValuesOfAnOlderKeyAfterRotationAndSealsWithTheActiveKey() {
        String sealedBefore = sealer.seal(SECRET, CONTEXT);
        SecretSealer rotated = sealer("new:" + KEY_NEW + ",old:" + KEY_OLD, "new");

        assertThat(rotated.open(sealedBefore, CONTEXT)).isEqualTo(SECRET);
        assertThat(rotated.activeKeyId()).isEqualTo("new");
        assertThat(rotated.seal(SECRET, CONTEXT)).startsWith("new:");
    }

    @Test
    void rejectsMalformedSealedValues() {
        assertThatThrownBy(() -> sealer.open("no-colon-here", CONTEXT))
                .isInstanceOf(SealingException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> sealer.open("old:***", CONTEXT))
                .isInstanceOf(SealingException.class).hasMessageContaining("base64url");
        assertThatThrownBy(() -> sealer.open("old:AAAA", CONTEXT))
                .isInstanceOf(SealingException.class).hasMessageContaining("too short");
    }

    @Test
    void reportsWhyItIsNotReady() {
        var unready = new SecretSealer();
        unready.configuredKeys = Optional.of("a:" + Base64.getEncoder().encodeToString(new byte[16]));
        unready.activeKeyId = Optional.empty();
        unready.dataDir = "unused";

        unready.load();

        assertThat(unready.isReady()).isFalse();
        assertThat(unready.notReadyReason()).hasValueSatisfying(reason -> assertThat(reason).contains("32 bytes"));
        assertThatThrownBy(() -> unready.seal(SECRET, CONTEXT))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("not ready");
    }

    @Test
    void isReadyWithKeys() {
        assertThat(sealer.isReady()).isTrue();
        assertThat(sealer.notReadyReason()).isEmpty();
    }
}
