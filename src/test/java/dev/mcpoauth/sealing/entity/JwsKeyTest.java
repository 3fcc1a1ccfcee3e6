package dev.mcpoauth.sealing.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JwsKeyTest {

    static final JsonObject CLAIMS = Json.createObjectBuilder().add("iss", "svc").add("aud", "https://as").build();
    static final JsonObject HEADER = Json.createObjectBuilder().add("typ", "JWT").build();

    static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    static JsonObject part(String jws, int index) {
        String json = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[index]), StandardCharsets.UTF_8);
        return Json.createReader(new StringReader(json)).readObject();
    }

    /** What a JOSE verifier does for ES*: r || s back to the DER the JDK verifies. */
    static byte[] der(byte[] jose) {
        int half = jose.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(jose, 0, half)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(jose, half, jose.length)).toByteArray();
        int length = 4 + r.length + s.length;
        byte[] prefix = length > 127 ? new byte[] {0x30, (byte) 0x81, (byte) length} : new byte[] {0x30, (byte) length};
        byte[] out = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        int at = prefix.length;
        out[at++] = 2;
        out[at++] = (byte) r.length;
        System.arraycopy(r, 0, out, at, r.length);
        at += r.length;
        out[at++] = 2;
        out[at++] = (byte) s.length;
        System.arraycopy(s, 0, out, at, s.length);
        return out;
    }

    static boolean verifies(String jws, PublicKey key, String jcaName, boolean ecdsa) throws Exception {
        int lastDot = jws.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(jws.substring(lastDot + 1));
        Signature verifier = Signature.getInstance(jcaName);
        verifier.initVerify(key);
        verifier.update(jws.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(ecdsa ? der(signature) : signature);
    }

    @ParameterizedTest
    @CsvSource({"secp256r1, ES256, SHA256withECDSA, 64", "secp384r1, ES384, SHA384withECDSA, 96",
            "secp521r1, ES512, SHA512withECDSA, 132"})
    void signsWithTheCurvesAlgorithmInJoseForm(String curve, String algorithm, String jcaName, int length)
            throws Exception {
        KeyPair pair = ec(curve);
        JwsKey key = JwsKey.fromPem(pem(pair));

        for (int i = 0; i < 20; i++) { // r and s with a leading zero byte, or short ones, come up within a few
            String jws = key.sign(HEADER, CLAIMS);
            assertThat(Base64.getUrlDecoder().decode(jws.split("\\.")[2])).hasSize(length);
            assertThat(verifies(jws, pair.getPublic(), jcaName, true)).isTrue();
        }
        String jws = key.sign(HEADER, CLAIMS);
        assertThat(part(jws, 0).getString("alg")).isEqualTo(algorithm);
        assertThat(part(jws, 0).getString("typ")).isEqualTo("JWT");
        assertThat(part(jws, 0).containsKey("kid")).isFalse();
        assertThat(part(jws, 1)).isEqualTo(CLAIMS);
    }

    @Test
    void signsRs256WithItsKeyId() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();

        String jws = JwsKey.of(pair.getPrivate(), "key-1").sign(HEADER, CLAIMS);

        assertThat(part(jws, 0).getString("alg")).isEqualTo("RS256");
        assertThat(part(jws, 0).getString("kid")).isEqualTo("key-1");
        assertThat(verifies(jws, pair.getPublic(), "SHA256withRSA", false)).isTrue();
    }

    @Test
    void refusesWhatCannotSignHere() throws Exception {
        KeyPairGenerator weak = KeyPairGenerator.getInstance("RSA");
        weak.initialize(1024);
        KeyPairGenerator edwards = KeyPairGenerator.getInstance("Ed25519");

        assertThatThrownBy(() -> JwsKey.fromPem(pem(weak.generateKeyPair()))).isInstanceOf(SealingException.class)
                .hasMessageContaining("2048");
        assertThatThrownBy(() -> JwsKey.fromPem(pem(edwards.generateKeyPair()))).isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> JwsKey.fromPem("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"))
                .isInstanceOf(SealingException.class).hasMessageContaining("PKCS #8");
        assertThatThrownBy(() -> JwsKey.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> JwsKey.fromPem(null)).isInstanceOf(SealingException.class);
    }

    @Test
    void neverShowsTheKey() throws Exception {
        KeyPair pair = ec("secp256r1");

        assertThat(JwsKey.fromPem(pem(pair)).toString()).isEqualTo("JwsKey[ES256, private key hidden]");
    }
}
