package dev.mcpoauth.sealing.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.sealing.control.SecretSealer;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SealedColumnTest {

    final SecretSealer sealer = new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));
    final SealedColumn column = new SealedColumn("token_set.access_token");

    @Test
    void sealsWithTheContextEarlierReleasesStored() {
        // rows written before sealing moved onto the entities must still open
        String stored = sealer.seal("at", "token_set.access_token/c-1");

        assertThat(column.open(sealer, "c-1", stored)).isEqualTo("at");
        assertThat(sealer.open(column.seal(sealer, "c-1", "at"), "token_set.access_token/c-1")).isEqualTo("at");
    }

    @Test
    void aValueDoesNotOpenOnAnotherRowOrColumn() {
        String sealed = column.seal(sealer, "c-1", "at");

        assertThatThrownBy(() -> column.open(sealer, "c-2", sealed)).isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> new SealedColumn("token_set.refresh_token").open(sealer, "c-1", sealed))
                .isInstanceOf(SealingException.class);
    }

    @Test
    void anAbsentSecretStaysAbsent() {
        assertThat(column.seal(sealer, "c-1", null)).isNull();
        assertThat(column.open(sealer, "c-1", null)).isNull();
    }
}
