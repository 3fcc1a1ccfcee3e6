package dev.mcpoauth.security.control;

import static dev.mcpoauth.security.control.JwtFixture.ISSUER;
import static dev.mcpoauth.security.control.JwtFixture.claims;
import static dev.mcpoauth.security.control.JwtFixture.rs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.security.entity.JwtCredential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.CredentialValidationResult.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class JwtIdentityStoreTest {

    static JwtIdentityStore store(String issuer, String publicKey, String audiences, String algorithm) {
        var store = new JwtIdentityStore();
        store.issuer = Optional.ofNullable(issuer);
        store.publicKey = Optional.ofNullable(publicKey);
        store.publicKeyLocation = Optional.empty();
        store.audiences = Optional.ofNullable(audiences);
        store.algorithm = algorithm;
        store.clock = JwtFixture.CLOCK;
        store.configure();
        return store;
    }

    @Test
    void validatesTokensOnceAnIssuerAndKeyAreConfigured() {
        var store = store(ISSUER, JwtFixture.pem(JwtFixture.RSA), null, "RS256");

        CredentialValidationResult result = store.validate(new JwtCredential(rs256(claims()
                .claim("groups", List.of("mcp-admin")).build())));

        assertThat(result.getStatus()).isEqualTo(Status.VALID);
        assertThat(result.getCallerGroups()).containsExactly("mcp-admin");
    }

    @Test
    void leavesTokensUnvalidatedWithoutAnIssuer() {
        var store = store(null, JwtFixture.pem(JwtFixture.RSA), null, "RS256");

        assertThat(store.validate(new JwtCredential(rs256(claims().build()))).getStatus())
                .isEqualTo(Status.NOT_VALIDATED);
    }

    @Test
    void leavesPasswordsToAnotherStore() {
        var store = store(ISSUER, JwtFixture.pem(JwtFixture.RSA), null, "RS256");

        assertThat(store.validate(new UsernamePasswordCredential("alice", "pw")).getStatus())
                .isEqualTo(Status.NOT_VALIDATED);
    }

    @Test
    void checksTheConfiguredAudiences() {
        var store = store(ISSUER, JwtFixture.pem(JwtFixture.RSA), " broker , api ", "RS256");

        assertThat(store.validate(new JwtCredential(rs256(claims().audience("api").build()))).getStatus())
                .isEqualTo(Status.VALID);
        assertThat(store.validate(new JwtCredential(rs256(claims().audience("other").build()))).getStatus())
                .isEqualTo(Status.INVALID);
    }

    @Test
    void warnsLoudlyAtStartWhenNoAudienceIsChecked() {
        var records = new ArrayList<LogRecord>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(JwtIdentityStore.class.getName());
        logger.addHandler(handler);
        try {
            store(ISSUER, JwtFixture.pem(JwtFixture.RSA), "broker", "RS256").reportAtStartup(null);
            assertThat(records).noneMatch(record -> record.getLevel() == Level.WARNING);

            store(ISSUER, JwtFixture.pem(JwtFixture.RSA), " ", "RS256").reportAtStartup(null);
            assertThat(records).filteredOn(record -> record.getLevel() == Level.WARNING).singleElement()
                    .satisfies(record -> assertThat(record.getMessage()).contains("mp.jwt.verify.audiences"));
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void refusesAnIssuerWithoutKeyOrWithAnHmacAlgorithm() {
        assertThatThrownBy(() -> store(ISSUER, null, null, "RS256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store(ISSUER, JwtFixture.pem(JwtFixture.RSA), null, "HS256"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialToStringHidesTheToken() {
        String token = rs256(claims().build());

        assertThat(new JwtCredential(token).toString()).doesNotContain(token);
    }
}
