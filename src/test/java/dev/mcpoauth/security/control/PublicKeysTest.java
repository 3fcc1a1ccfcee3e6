package dev.mcpoauth.security.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicKeysTest {

    static final RSAPublicKey RSA_PUBLIC = (RSAPublicKey) JwtFixture.RSA.getPublic();
    static final RSAKey RSA_JWK = new RSAKey.Builder(RSA_PUBLIC).keyID("k1").build();

    @TempDir
    Path tmp;

    @Test
    void readsAPemPublicKey() {
        assertThat(PublicKeys.parse(JwtFixture.pem(JwtFixture.RSA))).singleElement()
                .isInstanceOfSatisfying(RSAKey.class, key -> assertThat(key.getModulus())
                        .isEqualTo(RSA_JWK.getModulus()));
    }

    @Test
    void readsAnEcPemPublicKey() {
        assertThat(PublicKeys.parse(JwtFixture.pem(JwtFixture.EC))).singleElement()
                .isInstanceOfSatisfying(ECKey.class, key -> assertThat(key.getCurve()).isEqualTo(Curve.P_256));
    }

    @Test
    void readsAJwkAndAJwks() {
        assertThat(PublicKeys.parse(RSA_JWK.toJSONString())).singleElement()
                .satisfies(key -> assertThat(key.getKeyID()).isEqualTo("k1"));
        var ec = new ECKey.Builder(Curve.P_256, (ECPublicKey) JwtFixture.EC.getPublic()).keyID("k2").build();
        assertThat(PublicKeys.parse(new JWKSet(List.of(RSA_JWK, ec)).toString())).hasSize(2);
    }

    @Test
    void readsBase64OfADerKeyOrAJwks() {
        String der = Base64.getEncoder().encodeToString(RSA_PUBLIC.getEncoded());
        String jwks = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new JWKSet(RSA_JWK).toString().getBytes(StandardCharsets.UTF_8));

        assertThat(PublicKeys.parse(der)).hasSize(1);
        assertThat(PublicKeys.parse(jwks)).hasSize(1);
    }

    @Test
    void keepsOnlyThePublicPartOfAPrivateJwk() {
        var pair = JwtFixture.RSA;
        var privateJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate()).build();

        assertThat(PublicKeys.parse(privateJwk.toJSONString())).singleElement()
                .satisfies(key -> assertThat(key.isPrivate()).isFalse());
    }

    @Test
    void refusesSymmetricKeys() {
        var secret = new OctetSequenceKey.Builder(new byte[32]).build();

        assertThatThrownBy(() -> PublicKeys.parse(secret.toJSONString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no RSA or EC public key");
    }

    @Test
    void readsTheKeyFromAFileOrAClasspathResource() throws Exception {
        Path file = Files.writeString(tmp.resolve("key.pem"), JwtFixture.pem(JwtFixture.RSA));

        assertThat(PublicKeys.configured(Optional.empty(), Optional.of(file.toString()))).hasSize(1);
        assertThat(PublicKeys.configured(Optional.empty(), Optional.of("security/jwt-public-key.pem"))).hasSize(1);
        assertThat(PublicKeys.configured(Optional.empty(), Optional.of("classpath:/security/jwt-public-key.pem")))
                .hasSize(1);
    }

    @Test
    void prefersTheInlineKey() {
        assertThat(PublicKeys.configured(Optional.of(RSA_JWK.toJSONString()), Optional.of("missing.pem")))
                .singleElement().satisfies(key -> assertThat(key.getKeyID()).isEqualTo("k1"));
    }

    @Test
    void neverFetchesKeysOverTheNetwork() {
        assertThatThrownBy(() -> PublicKeys.configured(Optional.empty(), Optional.of("https://issuer.example/jwks")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not fetched over the network");
    }

    @Test
    void failsWithoutAnyKey() {
        assertThatThrownBy(() -> PublicKeys.configured(Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mp.jwt.verify.publickey");
        assertThatThrownBy(() -> PublicKeys.configured(Optional.empty(), Optional.of("no/such/key.pem")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
