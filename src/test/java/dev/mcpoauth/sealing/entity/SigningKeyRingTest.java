package dev.mcpoauth.sealing.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SigningKeyRingTest {

    static RSAPrivateCrtKey first;
    static RSAPrivateCrtKey second;

    @BeforeAll
    static void keys() throws Exception {
        first = rsa(2048);
        second = rsa(2048);
    }

    @Test
    void publishesEveryKeyActiveFirstWithoutAnyPrivateMember() {
        SigningKeyRing ring = SigningKeyRing.parse(SigningKeyRing.entry("old", first) + ", "
                + SigningKeyRing.entry("new", second), Optional.of("new"));

        List<JsonObject> keys = ring.jwks().getJsonArray("keys").getValuesAs(JsonObject.class);

        assertThat(keys).extracting(key -> key.getString("kid")).containsExactly("new", "old");
        assertThat(keys).allSatisfy(key -> assertThat(key).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e"));
        assertThat(keys.get(0).getString("alg")).isEqualTo("RS256");
        assertThat(ring.jwks().toString()).doesNotContain(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(second.getPrivateExponent().toByteArray()));
    }

    @Test
    void thePublishedKeyVerifiesWhatTheActiveKeySigned() throws Exception {
        SigningKeyRing ring = SigningKeyRing.parse(SigningKeyRing.entry("k1", first), Optional.empty());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(ring.activeKey());
        signer.update("assertion".getBytes());
        byte[] signature = signer.sign();

        JsonObject jwk = ring.jwks().getJsonArray("keys").getJsonObject(0);
        var published = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                unsigned(jwk.getString("n")), unsigned(jwk.getString("e"))));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(published);
        verifier.update("assertion".getBytes());

        assertThat(verifier.verify(signature)).isTrue();
        assertThat(jwk.getString("n")).as("unsigned, without a sign byte").doesNotStartWith("AA");
    }

    @Test
    void refusesShortKeysUnknownActiveIdsAndMaterialThatIsNoKeyWithoutShowingIt() throws Exception {
        RSAPrivateCrtKey weak = rsa(1024);
        assertThatThrownBy(() -> SigningKeyRing.parse(SigningKeyRing.entry("weak", weak), Optional.empty()))
                .isInstanceOf(SealingException.class).hasMessageContaining("1024 bits");
        assertThatThrownBy(() -> SigningKeyRing.parse(SigningKeyRing.entry("k1", first), Optional.of("k2")))
                .hasMessageContaining("'k2' is not among the keys [k1]");
        assertThatThrownBy(() -> SigningKeyRing.parse("k1:c2VjcmV0LW1hdGVyaWFs", Optional.empty()))
                .hasMessageContaining("not an RSA private key").hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> SigningKeyRing.parse(SigningKeyRing.entry("k1", first) + " "
                + SigningKeyRing.entry("k1", second), Optional.empty())).hasMessageContaining("listed twice");
    }

    static BigInteger unsigned(String base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
    }

    static RSAPrivateCrtKey rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
    }
}
