package dev.mcpoauth.sealing.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    static final String KEY_A = base64Key(1);
    static final String KEY_B = base64Key(2);

    static String base64Key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void parsesIdsAndKeysWithTheFirstActive() {
        KeyRing ring = KeyRing.parse("a:" + KEY_A + ", b:" + KEY_B, Optional.empty());

        assertThat(ring.activeKeyId()).isEqualTo("a");
        assertThat(ring.keys()).containsOnlyKeys("a", "b");
        assertThat(ring.activeKey().getEncoded()).isEqualTo(Base64.getDecoder().decode(KEY_A));
    }

    @Test
    void honoursTheConfiguredActiveKey() {
        KeyRing ring = KeyRing.parse("a:" + KEY_A + ",b:" + KEY_B, Optional.of("b"));

        assertThat(ring.activeKeyId()).isEqualTo("b");
        assertThat(ring.key("a")).isPresent();
    }

    @Test
    void acceptsNewlineSeparatedEntries() {
        assertThat(KeyRing.parse("a:" + KEY_A + "\nb:" + KEY_B + "\n", Optional.empty()).keys()).hasSize(2);
    }

    @Test
    void rejectsBadBase64() {
        assertThatThrownBy(() -> KeyRing.parse("a:not*base64", Optional.empty()))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("base64");
    }

    @Test
    void rejectsA16ByteKey() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> KeyRing.parse("a:" + shortKey, Optional.empty()))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void rejectsAnUnknownActiveKeyId() {
        assertThatThrownBy(() -> KeyRing.parse("a:" + KEY_A, Optional.of("z")))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("'z'");
    }

    @Test
    void rejectsInvalidKeyIds() {
        assertThatThrownBy(() -> KeyRing.parse("bad id!:" + KEY_A, Optional.empty()))
                .isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> KeyRing.parse("x".repeat(33) + ":" + KEY_A, Optional.empty()))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void rejectsEntriesWithoutId() {
        assertThatThrownBy(() -> KeyRing.parse(KEY_A, Optional.empty()))
                .isInstanceOf(SealingException.class)
                .hasMessageNotContaining(KEY_A);
    }

    @Test
    void rejectsDuplicateIds() {
        assertThatThrownBy(() -> KeyRing.parse("a:" + KEY_A + ",a:" + KEY_B, Optional.empty()))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void rejectsAnEmptyConfiguration() {
        assertThatThrownBy(() -> KeyRing.parse("  ", Optional.empty()))
                .isInstanceOf(SealingException.class)
                .hasMessageContaining("no sealing keys");
    }

    @Test
    void toStringShowsIdsButNoKeys() {
        KeyRing ring = KeyRing.parse("a:" + KEY_A, Optional.empty());

        assertThat(ring.toString()).contains("a").doesNotContain(KEY_A);
    }
}
