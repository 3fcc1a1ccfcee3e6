package dev.mcpoauth.dpop.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.dpop.entity.DpopKey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DpopProofsTest {

    static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    static final DpopKey KEY = DpopKey.generate();

    static JsonObject part(String proof, int index) {
        byte[] json = Base64.getUrlDecoder().decode(proof.split("\\.")[index]);
        return Json.createReader(new StringReader(new String(json, StandardCharsets.UTF_8))).readObject();
    }

    /** The public key as a verifier rebuilds it from the proof's jwk alone. */
    static PublicKey fromJwk(JsonObject jwk) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECPoint point = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("x"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("y"))));
        return KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
    }

    static boolean verifies(String proof) throws Exception {
        String[] parts = proof.split("\\.");
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(fromJwk(part(proof, 0).getJsonObject("jwk")));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    @Test
    void signsAResourceRequestProofTheJdkVerifiesWithTheKeyOfItsHeader() throws Exception {
        String proof = DpopProofs.create(KEY, "POST", URI.create("https://mcp.example.com/mcp?tenant=a#frag"),
                "n-1", "at-123", NOW).value();

        assertThat(proof.split("\\.")).hasSize(3);
        assertThat(Base64.getUrlDecoder().decode(proof.split("\\.")[2])).hasSize(64);
        assertThat(verifies(proof)).isTrue();
        JsonObject header = part(proof, 0);
        assertThat(header.getString("typ")).isEqualTo("dpop+jwt");
        assertThat(header.getString("alg")).isEqualTo("ES256");
        assertThat(header.getJsonObject("jwk").keySet()).containsExactlyInAnyOrder("kty", "crv", "x", "y");
        assertThat(header.getJsonObject("jwk").getString("kty")).isEqualTo("EC");
        assertThat(header.getJsonObject("jwk").getString("crv")).isEqualTo("P-256");
        JsonObject claims = part(proof, 1);
        assertThat(claims.keySet()).containsExactlyInAnyOrder("jti", "htm", "htu", "iat", "nonce", "ath");
        assertThat(claims.getString("htm")).isEqualTo("POST");
        assertThat(claims.getString("htu")).isEqualTo("https://mcp.example.com/mcp");
        assertThat(claims.getJsonNumber("iat").longValueExact()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getString("nonce")).isEqualTo("n-1");
        String ath = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("at-123".getBytes(StandardCharsets.US_ASCII)));
        assertThat(claims.getString("ath")).isEqualTo(ath);
        assertThat(claims.getString("jti")).hasSizeGreaterThanOrEqualTo(22);
    }

    @Test
    void aTokenRequestProofHasNoAthAndNoNonceUntilOneIsKnown() throws Exception {
        String proof = DpopProofs.forTokenRequest(KEY, URI.create("https://as.example.com/token"), null, NOW).value();

        assertThat(verifies(proof)).isTrue();
        JsonObject claims = part(proof, 1);
        assertThat(claims.keySet()).containsExactlyInAnyOrder("jti", "htm", "htu", "iat");
        assertThat(claims.getString("htm")).isEqualTo("POST");
        assertThat(claims.getString("htu")).isEqualTo("https://as.example.com/token");
    }

    @Test
    void everyProofHasItsOwnJti() {
        Set<String> jtis = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            jtis.add(part(DpopProofs.create(KEY, "GET", URI.create("https://mcp.example.com/mcp"), null, "t", NOW)
                    .value(), 1).getString("jti"));
        }
        assertThat(jtis).hasSize(50);
    }

    @Test
    void theJwkThumbprintIsRfc7638() throws Exception {
        JsonObject jwk = KEY.publicJwk();
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.getString("x") + "\",\"y\":\""
                + jwk.getString("y") + "\"}";
        assertThat(KEY.thumbprint()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8))));
        assertThat(Base64.getUrlDecoder().decode(jwk.getString("x"))).hasSize(32);
        assertThat(Base64.getUrlDecoder().decode(jwk.getString("y"))).hasSize(32);
    }

    @Test
    void aStoredKeyOpensAsTheSameKey() {
        DpopKey reopened = DpopKey.fromStored(KEY.stored());
        assertThat(reopened.thumbprint()).isEqualTo(KEY.thumbprint());
        assertThat(reopened.publicJwk()).isEqualTo(KEY.publicJwk());
    }

    @Test
    void htuDropsQueryAndFragmentOnly() {
        assertThat(DpopProofs.htu(URI.create("HTTPS://mcp.example.com:8443/a%2Fb/mcp?x=1#y")))
                .isEqualTo("https://mcp.example.com:8443/a%2Fb/mcp");
    }
}
