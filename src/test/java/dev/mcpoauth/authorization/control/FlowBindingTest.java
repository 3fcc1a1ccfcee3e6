package dev.mcpoauth.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 9700 §4.4: a flow's answer goes only to the authorization server the flow started with. */
class FlowBindingTest {

    static final String AS1 = "https://as1.example.com";
    static final String AS2 = "https://as2.example.com";
    static final Optional<String> TOKEN_ENDPOINT = Optional.of(AS1 + "/token");

    @Test
    void keepsAFlowWhoseServerStillNamesItsIssuerOrNamesNothingKnown() {
        assertThat(FlowBinding.check(AS1, TOKEN_ENDPOINT, Optional.empty(), Optional.of(AS1)))
                .isEqualTo(FlowBinding.KEPT);
        assertThat(FlowBinding.check(AS1, TOKEN_ENDPOINT, Optional.of(AS1), Optional.empty()))
                .isEqualTo(FlowBinding.KEPT);
    }

    @Test
    void refusesAFlowWhenTheResourceOrTheAdminNowNamesAnotherIssuer() {
        assertThat(FlowBinding.check(AS1, TOKEN_ENDPOINT, Optional.empty(), Optional.of(AS2)))
                .isEqualTo(FlowBinding.ISSUER_CHANGED);
        assertThat(FlowBinding.check(AS1, TOKEN_ENDPOINT, Optional.of(AS2), Optional.of(AS1)))
                .isEqualTo(FlowBinding.ISSUER_CHANGED);
        assertThat(FlowBinding.check(AS1, TOKEN_ENDPOINT, Optional.empty(), Optional.of(AS1 + "/")))
                .as("issuers are compared as plain strings").isEqualTo(FlowBinding.ISSUER_CHANGED);
        assertThat(FlowBinding.ISSUER_CHANGED.code()).isEqualTo("issuer_changed");
    }

    @Test
    void refusesAFlowThatCarriesNoTokenEndpoint() {
        assertThat(FlowBinding.check(AS1, Optional.empty(), Optional.empty(), Optional.of(AS1)))
                .isEqualTo(FlowBinding.UNBOUND);
    }
}
