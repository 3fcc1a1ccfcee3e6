package dev.mcpoauth.security.control;

import com.nimbusds.jose.JWSAlgorithm;
import dev.mcpoauth.security.entity.JwtCredential;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer JWT callers, configured by the standard MP-JWT 2.1 keys; enabled only when {@code mp.jwt.verify.issuer}
 * is set.
 */
@ApplicationScoped
public class JwtIdentityStore implements IdentityStore {

    static final System.Logger LOGGER = System.getLogger(JwtIdentityStore.class.getName());

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm", defaultValue = "RS256")
    String algorithm;

    @Inject
    Clock clock;

    Optional<JwtVerifier> verifier = Optional.empty();

    public JwtIdentityStore() {
    }

    JwtIdentityStore(JwtVerifier verifier) {
        this.verifier = Optional.of(verifier);
    }

    @PostConstruct
    void configure() {
        verifier = issuer.map(String::trim).filter(text -> !text.isEmpty()).map(this::verifierFor);
    }

    private JwtVerifier verifierFor(String configuredIssuer) {
        return new JwtVerifier(configuredIssuer, PublicKeys.configured(publicKey, publicKeyLocation), audienceSet(),
                JWSAlgorithm.parse(algorithm.trim()), clock);
    }

    void reportAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (verifier.isEmpty()) {
            LOGGER.log(System.Logger.Level.INFO, "Bearer tokens are not accepted: mp.jwt.verify.issuer is not set");
        } else {
            LOGGER.log(System.Logger.Level.INFO, "Accepting bearer JWTs from issuer {0} signed with {1}",
                    issuer.orElseThrow(), algorithm);
            if (audienceSet().isEmpty()) {
                LOGGER.log(System.Logger.Level.WARNING, "INSECURE: mp.jwt.verify.audiences is not set, so bearer JWTs"
                        + " of issuer {0} meant for ANY other service are accepted here; set it to this broker''s"
                        + " audience in production", issuer.orElseThrow());
            }
        }
    }

    Set<String> audienceSet() {
        return Arrays.stream(audiences.orElse("").split(","))
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .collect(Collectors.toSet());
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof JwtCredential jwt) || verifier.isEmpty()) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return verifier.get().validate(jwt.token());
    }
}
