package dev.mcpoauth.dpop.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DpopKeyTest {

    @Test
    void signsInTheJoseFormTheJdkVerifiesAsP1363() throws Exception {
        DpopKey key = DpopKey.generate();
        for (int i = 0; i < 20; i++) {
            byte[] input = ("input " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] jose = key.sign(input);
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key.publicKey());
            verifier.update(input);
            assertThat(jose).hasSize(64);
            assertThat(verifier.verify(jose)).isTrue();
        }
    }

    @Test
    void convertsDerWithLeadingZerosAndShortIntegers() {
        // r with a sign byte (33 bytes), s of 31 bytes
        byte[] r = new byte[33];
        r[1] = (byte) 0x80;
        byte[] s = new byte[31];
        s[0] = 0x01;
        byte[] der = new byte[2 + 2 + r.length + 2 + s.length];
        der[0] = 0x30;
        der[1] = (byte) (der.length - 2);
        der[2] = 0x02;
        der[3] = (byte) r.length;
        System.arraycopy(r, 0, der, 4, r.length);
        der[4 + r.length] = 0x02;
        der[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, der, 6 + r.length, s.length);

        byte[] jose = DpopKey.joseSignature(der);

        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(jose, 0, 32))).isEqualTo(new BigInteger(1, r));
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(jose, 32, 64))).isEqualTo(new BigInteger(1, s));
    }

    @Test
    void itsPublicJwkHasNoPrivatePartAndToStringNoKeyMaterial() {
        DpopKey key = DpopKey.generate();
        String stored = key.stored();

        assertThat(key.publicJwk()).doesNotContainKey("d");
        assertThat(key.toString()).isEqualTo("DpopKey[jkt=" + key.thumbprint() + "]")
                .doesNotContain(stored.substring(0, stored.indexOf('.')));
        String d = Base64.getUrlEncoder().withoutPadding().encodeToString(stored.getBytes(StandardCharsets.US_ASCII));
        assertThat(key.publicJwk().toString()).doesNotContain(stored).doesNotContain(d);
    }

    @Test
    void refusesAStoredFormThatIsNotAKeyWithoutQuotingIt() {
        assertThatThrownBy(() -> DpopKey.fromStored("c2VjcmV0.c2VjcmV0")).hasMessage("not a stored DPoP key");
        assertThatThrownBy(() -> DpopKey.fromStored("nodot")).hasMessage("not a stored DPoP key");
    }

    @Test
    void computesTheThumbprintOfRfc9449sExampleKey() {
        // RFC 9449 §4.1 (the proof's jwk) and §6.1 (its jkt)
        jakarta.json.JsonObject jwk = jakarta.json.Json.createObjectBuilder().add("kty", "EC")
                .add("x", "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs")
                .add("y", "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA").add("crv", "P-256").build();

        assertThat(DpopKey.thumbprint(jwk)).isEqualTo("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
    }

    @Test
    void aProofToStringIsRedacted() {
        assertThat(new DpopProof("eyJ.eyJ.sig").toString()).isEqualTo("DpopProof[redacted]");
    }
}
