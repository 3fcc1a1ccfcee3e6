package dev.mcpoauth.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.server.entity.DpopMode;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

class DpopRequirementTest {

    static final String ISSUER = "https://as.example.com";

    static AuthorizationServerMetadata metadata(String... algorithms) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("issuer", ISSUER)
                .add("authorization_endpoint", ISSUER + "/authorize").add("token_endpoint", ISSUER + "/token");
        if (algorithms.length > 0) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            for (String algorithm : algorithms) {
                list.add(algorithm);
            }
            json.add("dpop_signing_alg_values_supported", list);
        }
        return AuthorizationServerMetadata.fromJSON(json.build(), ISSUER);
    }

    @Test
    void bindsWhenTheAuthorizationServerAdvertisesEs256() {
        assertThat(DpopRequirement.applies(DpopMode.WHEN_ADVERTISED, metadata("PS256", "ES256"))).isTrue();
        assertThat(DpopRequirement.applies(DpopMode.REQUIRED, metadata("ES256"))).isTrue();
    }

    @Test
    void usesBearerTokensWhenItDoesNot() {
        assertThat(DpopRequirement.applies(DpopMode.WHEN_ADVERTISED, metadata())).isFalse();
        assertThat(DpopRequirement.applies(DpopMode.WHEN_ADVERTISED, metadata("RS256", "EdDSA"))).isFalse();
        // the broker signs ES256 only: an empty list is no offer
        assertThat(DpopRequirement.applies(DpopMode.WHEN_ADVERTISED, metadata(new String[0]))).isFalse();
    }

    @Test
    void neverBindsWhenTheAdminTurnedItOff() {
        assertThat(DpopRequirement.applies(DpopMode.NEVER, metadata("ES256"))).isFalse();
    }

    @Test
    void refusesARequiredServerWhoseAuthorizationServerDoesNotAdvertiseEs256() {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> DpopRequirement.applies(DpopMode.REQUIRED, metadata("RS256")));

        assertThat(refused.problem()).isEqualTo(Problem.CONFIGURATION_MISMATCH);
        assertThat(refused.getMessage()).contains("requires DPoP", "ES256", "dpop_signing_alg_values_supported",
                "WHEN_ADVERTISED");
    }
}
