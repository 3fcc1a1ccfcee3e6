package dev.mcpoauth.security.control;

import static dev.mcpoauth.security.control.JwtFixture.CLOCK;
import static dev.mcpoauth.security.control.JwtFixture.ISSUER;
import static dev.mcpoauth.security.control.JwtFixture.NOW;
import static dev.mcpoauth.security.control.JwtFixture.claims;
import static dev.mcpoauth.security.control.JwtFixture.rs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpoauth.security.entity.CallerKey;
import dev.mcpoauth.security.entity.GroupsPrincipal;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.CredentialValidationResult.Status;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

    static final JWK RSA_KEY = new RSAKey.Builder((RSAPublicKey) JwtFixture.RSA.getPublic()).build();

    final JwtVerifier verifier = new JwtVerifier(ISSUER, List.of(RSA_KEY), Set.of(), JWSAlgorithm.RS256, CLOCK);

    static Date at(Duration offset) {
        return Date.from(NOW.plus(offset));
    }

    Status statusOf(String token) {
        return verifier.validate(token).getStatus();
    }

    @Test
    void acceptsAValidRs256TokenWithNameAndGroups() {
        CredentialValidationResult result = verifier.validate(rs256(claims()
                .claim("groups", List.of("mcp-user", "mcp-admin")).build()));

        assertThat(result.getStatus()).isEqualTo(Status.VALID);
        assertThat(result.getCallerPrincipal().getName()).isEqualTo(CallerKey.jwt(ISSUER, "subject-1"));
        assertThat(((GroupsPrincipal) result.getCallerPrincipal()).displayName()).isEqualTo("alice@example.com");
        assertThat(result.getCallerGroups()).containsExactlyInAnyOrder("mcp-user", "mcp-admin");
    }

    @Test
    void acceptsAValidEs256Token() {
        JWK ecKey = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) JwtFixture.EC.getPublic()).build();
        var es256 = new JwtVerifier(ISSUER, List.of(ecKey), Set.of(), JWSAlgorithm.ES256, CLOCK);

        String token = JwtFixture.sign(JWSAlgorithm.ES256, null, JwtFixture.ecSigner(), claims().build());

        assertThat(es256.validate(token).getStatus()).isEqualTo(Status.VALID);
    }

    @Test
    void acceptsRfc9068AccessTokens() {
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).build();
        var jwt = new SignedJWT(header, claims().build());
        sign(jwt);

        assertThat(statusOf(jwt.serialize())).isEqualTo(Status.VALID);
    }

    @Test
    void rejectsAnExpiredToken() {
        assertThat(statusOf(rs256(claims().expirationTime(at(Duration.ofSeconds(-61))).build())))
                .isEqualTo(Status.INVALID);
    }

    @Test
    void toleratesSixtySecondsOfClockSkew() {
        assertThat(statusOf(rs256(claims().expirationTime(at(Duration.ofSeconds(-59))).build())))
                .isEqualTo(Status.VALID);
        assertThat(statusOf(rs256(claims().notBeforeTime(at(Duration.ofSeconds(59))).build())))
                .isEqualTo(Status.VALID);
    }

    @Test
    void rejectsATokenWithoutExpiry() {
        assertThat(statusOf(rs256(claims().expirationTime(null).build()))).isEqualTo(Status.INVALID);
    }

    @Test
    void rejectsATokenNotYetValid() {
        assertThat(statusOf(rs256(claims().notBeforeTime(at(Duration.ofSeconds(61))).build())))
                .isEqualTo(Status.INVALID);
    }

    @Test
    void rejectsAnotherIssuer() {
        assertThat(statusOf(rs256(claims().issuer("https://evil.example").build()))).isEqualTo(Status.INVALID);
        assertThat(statusOf(rs256(claims().issuer(null).build()))).isEqualTo(Status.INVALID);
    }

    @Test
    void rejectsASignatureByAnotherKey() {
        String token = JwtFixture.sign(JWSAlgorithm.RS256, null, new RSASSASigner(JwtFixture.OTHER_RSA.getPrivate()),
                claims().build());

        assertThat(statusOf(token)).isEqualTo(Status.INVALID);
    }

    @Test
    void rejectsAModifiedPayload() {
        String[] parts = rs256(claims().build()).split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims().claim("upn", "admin").build().toString().getBytes());

        assertThat(statusOf(parts[0] + "." + forged + "." + parts[2])).isEqualTo(Status.INVALID);
    }

    @Test
    void rejectsAlgNone() {
        String unsecured = new PlainJWT(claims().build()).serialize();
        String signature = rs256(claims().build()).split("\\.")[2];
        String noneWithSignature = unsecured + signature;

        assertThat(statusOf(unsecured)).isEqualTo(Status.INVALID);
        assertThat(statusOf(noneWithSignature)).isEqualTo(Status.INVALID);
    }

    @Test
    void refusesHs256() throws JOSEException {
        String token = JwtFixture.sign(JWSAlgorithm.HS256, null, new MACSigner(new byte[32]), claims().build());

        assertThat(statusOf(token)).isEqualTo(Status.INVALID);
    }

    @Test
    void refusesHs256KeyedWithThePublicKey() throws JOSEException {
        byte[] publicKeyBytes = JwtFixture.RSA.getPublic().getEncoded();
        String token = JwtFixture.sign(JWSAlgorithm.HS256, null, new MACSigner(publicKeyBytes), claims().build());

        assertThat(statusOf(token)).isEqualTo(Status.INVALID);
    }

    @Test
    void rejectsAnAudienceMismatchWhenAudiencesAreConfigured() {
        var withAudience = new JwtVerifier(ISSUER, List.of(RSA_KEY), Set.of("broker", "api"), JWSAlgorithm.RS256, CLOCK);

        assertThat(withAudience.validate(rs256(claims().audience("other").build())).getStatus())
                .isEqualTo(Status.INVALID);
        assertThat(withAudience.validate(rs256(claims().build())).getStatus()).isEqualTo(Status.INVALID);
        assertThat(withAudience.validate(rs256(claims().audience(List.of("x", "api")).build())).getStatus())
                .isEqualTo(Status.VALID);
    }

    @Test
    void ignoresTheAudienceWhenNoneIsConfigured() {
        assertThat(statusOf(rs256(claims().audience("anything").build()))).isEqualTo(Status.VALID);
    }

    @Test
    void keysTheCallerByIssuerAndSubjectAndNamesItByUpnThenPreferredUsernameThenSub() {
        JWTClaimsSet all = claims().claim("preferred_username", "ally").build();
        JWTClaimsSet noUpn = claims().claim("upn", null).claim("preferred_username", "ally").build();
        JWTClaimsSet subOnly = claims().claim("upn", null).build();

        for (JWTClaimsSet claims : List.of(all, noUpn, subOnly)) {
            assertThat(verifier.validate(rs256(claims)).getCallerPrincipal().getName())
                    .isEqualTo(CallerKey.jwt(ISSUER, "subject-1"));
        }
        assertThat(displayName(rs256(all))).isEqualTo("alice@example.com");
        assertThat(displayName(rs256(noUpn))).isEqualTo("ally");
        assertThat(displayName(rs256(subOnly))).isEqualTo("subject-1");
    }

    @Test
    void refusesToLetAPreferredUsernameOrUpnPassForABasicUser() {
        String forged = rs256(claims().subject("attacker").claim("upn", "alice").claim("preferred_username", "alice")
                .build());

        String key = verifier.validate(forged).getCallerPrincipal().getName();

        assertThat(key).isNotEqualTo("alice").isNotEqualTo(CallerKey.basic("alice")).startsWith(CallerKey.JWT)
                .isEqualTo(CallerKey.jwt(ISSUER, "attacker"));
    }

    @Test
    void rejectsATokenWithoutASubject() {
        assertThat(statusOf(rs256(claims().subject(null).build()))).isEqualTo(Status.INVALID);
        assertThat(statusOf(rs256(claims().claim("upn", null).subject(null).build()))).isEqualTo(Status.INVALID);
    }

    String displayName(String token) {
        return ((GroupsPrincipal) verifier.validate(token).getCallerPrincipal()).displayName();
    }

    @Test
    void grantsNoRolesWithoutGroups() {
        CredentialValidationResult result = verifier.validate(rs256(claims().claim("groups", null).build()));

        assertThat(result.getStatus()).isEqualTo(Status.VALID);
        assertThat(result.getCallerGroups()).isEmpty();
    }

    @Test
    void picksTheKeyNamedByKidAndFallsBackForUnknownKids() {
        JWK other = new RSAKey.Builder((RSAPublicKey) JwtFixture.OTHER_RSA.getPublic()).keyID("other").build();
        JWK named = new RSAKey.Builder((RSAPublicKey) JwtFixture.RSA.getPublic()).keyID("main").build();
        var twoKeys = new JwtVerifier(ISSUER, List.of(other, named), Set.of(), JWSAlgorithm.RS256, CLOCK);
        var signer = new RSASSASigner(JwtFixture.RSA.getPrivate());

        assertThat(twoKeys.validate(JwtFixture.sign(JWSAlgorithm.RS256, "main", signer, claims().build())).getStatus())
                .isEqualTo(Status.VALID);
        assertThat(twoKeys.validate(JwtFixture.sign(JWSAlgorithm.RS256, "unknown", signer, claims().build()))
                .getStatus()).isEqualTo(Status.VALID);
        assertThat(twoKeys.validate(JwtFixture.sign(JWSAlgorithm.RS256, "other", signer, claims().build()))
                .getStatus()).isEqualTo(Status.INVALID);
    }

    @Test
    void rejectsGarbageAndOversizedTokens() {
        assertThat(statusOf("not-a-jwt")).isEqualTo(Status.INVALID);
        assertThat(statusOf("a".repeat(20_000))).isEqualTo(Status.INVALID);
    }

    @Test
    void refusesToBeConfiguredForHmacOrWithoutAFittingKey() {
        assertThatThrownBy(() -> new JwtVerifier(ISSUER, List.of(RSA_KEY), Set.of(), JWSAlgorithm.HS256, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RS256 or ES256");
        assertThatThrownBy(() -> new JwtVerifier(ISSUER, List.of(RSA_KEY), Set.of(), JWSAlgorithm.ES256, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ES256");
    }

    static void sign(SignedJWT jwt) {
        try {
            jwt.sign(new RSASSASigner(JwtFixture.RSA.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
