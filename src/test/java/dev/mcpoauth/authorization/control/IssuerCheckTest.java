package dev.mcpoauth.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.authorization.entity.AuthorizationResponse;
import dev.mcpoauth.oauth.entity.OAuthError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IssuerCheckTest {

    static final String ISSUER = "https://as.example.com/tenant";

    static AuthorizationResponse withIss(String iss) {
        return new AuthorizationResponse("code", "state", iss, null);
    }

    static AuthorizationResponse errorWithIss(String iss) {
        return new AuthorizationResponse(null, "state", iss, new OAuthError("access_denied", "Click here", null));
    }

    @Test
    void advertisedAndPresentComparesAndAcceptsTheSameIssuer() {
        IssuerCheck check = IssuerCheck.verify(withIss(ISSUER), ISSUER, true);

        assertThat(check).isEqualTo(IssuerCheck.MATCHED);
        assertThat(check.passed()).isTrue();
        assertThat(check.mayShowError()).isTrue();
    }

    @Test
    void advertisedAndPresentRejectsAnotherIssuer() {
        IssuerCheck check = IssuerCheck.verify(withIss("https://evil.example.com/tenant"), ISSUER, true);

        assertThat(check).isEqualTo(IssuerCheck.MISMATCHED);
        assertThat(check.passed()).isFalse();
    }

    @Test
    void advertisedAndAbsentRejects() {
        IssuerCheck check = IssuerCheck.verify(withIss(null), ISSUER, true);

        assertThat(check).isEqualTo(IssuerCheck.MISSING);
        assertThat(check.passed()).isFalse();
        assertThat(check.mayShowError()).isFalse();
    }

    @Test
    void notAdvertisedButPresentStillCompares() {
        assertThat(IssuerCheck.verify(withIss(ISSUER), ISSUER, false)).isEqualTo(IssuerCheck.MATCHED);
        assertThat(IssuerCheck.verify(withIss("https://evil.example.com/tenant"), ISSUER, false))
                .isEqualTo(IssuerCheck.MISMATCHED);
    }

    @Test
    void notAdvertisedAndAbsentProceeds() {
        IssuerCheck check = IssuerCheck.verify(withIss(null), ISSUER, false);

        assertThat(check).isEqualTo(IssuerCheck.NOT_SENT);
        assertThat(check.passed()).isTrue();
        assertThat(check.mayShowError()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://as.example.com/tenant/", // trailing slash
        "https://AS.example.com/tenant", // upper-case host
        "HTTPS://as.example.com/tenant", // upper-case scheme
        "https://as.example.com:443/tenant", // default port added
        "https://as.example.com/%74enant", // percent-encoded unreserved character
        "https://as.example.com/Tenant",
        "https://as.example.com/tenant?",
        "https://as.example.com/tenant#",
        " https://as.example.com/tenant",
        ""})
    void rejectsEveryNormalisedVariantOfTheIssuer(String iss) {
        assertThat(IssuerCheck.verify(withIss(iss), ISSUER, true)).isEqualTo(IssuerCheck.MISMATCHED);
        assertThat(IssuerCheck.verify(withIss(iss), ISSUER, false)).isEqualTo(IssuerCheck.MISMATCHED);
    }

    @Test
    void neverLetsTheErrorOfAMismatchedResponseBeShown() {
        IssuerCheck check = IssuerCheck.verify(errorWithIss("https://evil.example.com"), ISSUER, false);

        assertThat(check.mayShowError()).isFalse();
    }

    @Test
    void letsTheErrorOfAMatchingResponseBeShown() {
        assertThat(IssuerCheck.verify(errorWithIss(ISSUER), ISSUER, true).mayShowError()).isTrue();
    }
}
