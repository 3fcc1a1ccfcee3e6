package dev.mcpoauth.security.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Keys generated with the JDK and tokens signed with Nimbus, for the JWT tests. */
final class JwtFixture {

    static final String ISSUER = "https://issuer.example";
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final KeyPair RSA = generate("RSA", null);
    static final KeyPair OTHER_RSA = generate("RSA", null);
    static final KeyPair EC = generate("EC", new ECGenParameterSpec("secp256r1"));

    private JwtFixture() {
    }

    static KeyPair generate(String algorithm, ECGenParameterSpec curve) {
        try {
            var generator = KeyPairGenerator.getInstance(algorithm);
            if (curve == null) {
                generator.initialize(2048);
            } else {
                generator.initialize(curve);
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("subject-1")
                .claim("upn", "alice@example.com")
                .claim("groups", List.of("mcp-user"))
                .issueTime(Date.from(NOW.minus(Duration.ofMinutes(1))))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))));
    }

    static String rs256(JWTClaimsSet claims) {
        return sign(JWSAlgorithm.RS256, null, new RSASSASigner(RSA.getPrivate()), claims);
    }

    static String sign(JWSAlgorithm algorithm, String keyId, JWSSigner signer, JWTClaimsSet claims) {
        var header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build();
        var jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static JWSSigner ecSigner() {
        try {
            return new ECDSASigner((ECPrivateKey) EC.getPrivate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
