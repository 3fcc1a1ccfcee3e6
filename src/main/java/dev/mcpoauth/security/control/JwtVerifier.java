package dev.mcpoauth.security.control;

import dev.mcpoauth.security.entity.CallerKey;
import dev.mcpoauth.security.entity.GroupsPrincipal;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Verifies bearer JWTs by the MP-JWT 2.1 rules: signature with a configured RS256 or ES256 public key (never
 * {@code none} or HMAC), {@code iss}, {@code exp} and {@code nbf} with 60 s of clock skew, {@code aud} when
 * configured; the caller is keyed by {@code iss} and {@code sub} (OIDC Core §5.7), while {@code upn},
 * {@code preferred_username} or {@code sub} (MP-JWT §4.1) only name it for display; roles from {@code groups}.
 */
public final class JwtVerifier {

    static final System.Logger LOGGER = System.getLogger(JwtVerifier.class.getName());
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private record Candidate(String keyId, PublicKey key) {
    }

    private final String issuer;
    private final Set<String> audiences;
    private final JWSAlgorithm algorithm;
    private final List<Candidate> candidates;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public JwtVerifier(String issuer, List<JWK> keys, Set<String> audiences, JWSAlgorithm algorithm, Clock clock) {
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("mp.jwt.verify.publickey.algorithm must be RS256 or ES256");
        }
        this.issuer = issuer;
        this.audiences = Set.copyOf(audiences);
        this.algorithm = algorithm;
        this.clock = clock;
        this.candidates = keys.stream().filter(this::fitsAlgorithm).map(JwtVerifier::candidate).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("none of the configured JWT keys can verify " + algorithm);
        }
        // RFC 9068 access tokens are typed at+jwt; MP-JWT tokens are typed JWT or untyped
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector((header, context) -> select(header));
        processor.setJWTClaimsSetVerifier((claims, context) -> check(claims));
    }

    public CredentialValidationResult validate(String token) {
        try {
            JWTClaimsSet claims = verify(token);
            Set<String> groups = groups(claims);
            var principal = new GroupsPrincipal(CallerKey.jwt(claims.getIssuer(), subject(claims)), displayName(claims),
                    groups);
            return new CredentialValidationResult(principal, groups);
        } catch (BadJOSEException e) {
            return rejected(e.getMessage());
        } catch (ParseException e) {
            return rejected("malformed JWT");
        } catch (JOSEException e) {
            return rejected(e.getClass().getSimpleName());
        }
    }

    private static CredentialValidationResult rejected(String reason) {
        LOGGER.log(System.Logger.Level.DEBUG, "Rejected a bearer token: {0}", reason);
        return CredentialValidationResult.INVALID_RESULT;
    }

    JWTClaimsSet verify(String token) throws BadJOSEException, JOSEException, ParseException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new BadJWTException("token too long");
        }
        JWTClaimsSet claims = processor.process(token, null);
        subject(claims);
        return claims;
    }

    private void check(JWTClaimsSet claims) throws BadJWTException {
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("issuer mismatch");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new BadJWTException("no exp claim");
        }
        if (now.minus(CLOCK_SKEW).isAfter(expires.toInstant())) {
            throw new BadJWTException("expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(CLOCK_SKEW).isBefore(notBefore.toInstant())) {
            throw new BadJWTException("not yet valid");
        }
        List<String> audience = claims.getAudience();
        if (!audiences.isEmpty() && Collections.disjoint(audiences, audience)) {
            throw new BadJWTException("audience mismatch");
        }
    }

    static String subject(JWTClaimsSet claims) throws BadJWTException {
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty()) {
            throw new BadJWTException("no sub claim");
        }
        return subject;
    }

    static String displayName(JWTClaimsSet claims) {
        for (String claim : List.of("upn", "preferred_username", "sub")) {
            if (claims.getClaim(claim) instanceof String name && !name.isBlank()) {
                return name;
            }
        }
        return claims.getSubject();
    }

    static Set<String> groups(JWTClaimsSet claims) {
        Object groups = claims.getClaim("groups");
        Stream<?> values = groups instanceof Collection<?> many ? many.stream() : Stream.ofNullable(groups);
        var names = new LinkedHashSet<String>();
        values.filter(String.class::isInstance).map(String.class::cast).forEach(names::add);
        return names;
    }

    private List<PublicKey> select(JWSHeader header) {
        if (!algorithm.equals(header.getAlgorithm())) {
            return List.of();
        }
        String keyId = header.getKeyID();
        List<Candidate> named = candidates.stream().filter(c -> keyId != null && keyId.equals(c.keyId())).toList();
        // keys from PEM carry no kid, so an unknown kid falls back to every configured key
        return (named.isEmpty() ? candidates : named).stream().map(Candidate::key).toList();
    }

    private boolean fitsAlgorithm(JWK key) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return false;
        }
        if (key.getAlgorithm() != null && !algorithm.equals(key.getAlgorithm())) {
            return false;
        }
        return JWSAlgorithm.RS256.equals(algorithm)
                ? key instanceof RSAKey
                : key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
    }

    private static Candidate candidate(JWK key) {
        try {
            PublicKey publicKey = key instanceof RSAKey rsa ? rsa.toRSAPublicKey() : ((ECKey) key).toECPublicKey();
            return new Candidate(key.getKeyID(), publicKey);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable JWT key: " + e.getMessage(), e);
        }
    }
}
