package dev.mcpoauth.discovery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WellKnownTest {

    static List<String> prm(String resource) {
        return WellKnown.protectedResourceMetadata(URI.create(resource)).stream().map(URI::toString).toList();
    }

    static List<String> as(String issuer) {
        return WellKnown.authorizationServerMetadata(issuer).stream().map(URI::toString).toList();
    }

    @Test
    void insertsThePathAfterTheWellKnownPrefixAsInRfc8414Section31() {
        assertThat(as("https://example.com/issuer1").get(0))
                .isEqualTo("https://example.com/.well-known/oauth-authorization-server/issuer1");
    }

    @Test
    void triesOAuthInsertedThenOidcInsertedThenOidcAppendedForAnIssuerWithAPath() {
        assertThat(as("https://auth.example.com/tenant1")).containsExactly(
                "https://auth.example.com/.well-known/oauth-authorization-server/tenant1",
                "https://auth.example.com/.well-known/openid-configuration/tenant1",
                "https://auth.example.com/tenant1/.well-known/openid-configuration");
    }

    @Test
    void neverTriesTheRootForAnIssuerWithAPath() {
        assertThat(as("https://sso.example.com/realms/mcp"))
                .doesNotContain("https://sso.example.com/.well-known/oauth-authorization-server",
                        "https://sso.example.com/.well-known/openid-configuration")
                .contains("https://sso.example.com/realms/mcp/.well-known/openid-configuration");
    }

    @Test
    void triesOAuthThenOidcAtTheRootForAnIssuerWithoutAPath() {
        List<String> expected = List.of(
                "https://as.example.com/.well-known/oauth-authorization-server",
                "https://as.example.com/.well-known/openid-configuration");

        assertThat(as("https://as.example.com")).isEqualTo(expected);
        assertThat(as("https://as.example.com/")).isEqualTo(expected);
    }

    @Test
    void dropsATerminatingSlashOfTheIssuerPath() {
        assertThat(as("https://example.com/tenant/")).containsExactly(
                "https://example.com/.well-known/oauth-authorization-server/tenant",
                "https://example.com/.well-known/openid-configuration/tenant",
                "https://example.com/tenant/.well-known/openid-configuration");
    }

    @Test
    void keepsCasePortAndPercentEncodingByteForByte() {
        assertThat(as("https://Auth.Example.com:8443/Ten%2Fant").get(0))
                .isEqualTo("https://Auth.Example.com:8443/.well-known/oauth-authorization-server/Ten%2Fant");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://as.example.com/?tenant=a", "https://as.example.com/#x", "/relative", "as.example.com",
        "https://as example.com"})
    void refusesIssuersThatAreNotPlainAbsoluteUrls(String issuer) {
        assertThat(catchThrowableOfType(ProblemException.class, () -> as(issuer)).problem())
                .isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
    }

    @Test
    void insertsTheResourcePathAsInRfc9728Section31ThenTriesTheRoot() {
        assertThat(prm("https://resource.example.com/resource1")).containsExactly(
                "https://resource.example.com/.well-known/oauth-protected-resource/resource1",
                "https://resource.example.com/.well-known/oauth-protected-resource");
    }

    @Test
    void insertsTheMcpEndpointPath() {
        assertThat(prm("https://example.com/public/mcp").get(0))
                .isEqualTo("https://example.com/.well-known/oauth-protected-resource/public/mcp");
    }

    @Test
    void keepsTheQueryAfterTheInsertedPath() {
        assertThat(prm("https://example.com/mcp?tenant=a%20b")).containsExactly(
                "https://example.com/.well-known/oauth-protected-resource/mcp?tenant=a%20b",
                "https://example.com/.well-known/oauth-protected-resource");
    }

    @Test
    void dropsATerminatingSlashAndTheFragment() {
        assertThat(prm("https://example.com/mcp/#top").get(0))
                .isEqualTo("https://example.com/.well-known/oauth-protected-resource/mcp");
    }

    @Test
    void triesOnlyTheRootForAResourceWithoutAPath() {
        assertThat(prm("https://example.com")).containsExactly("https://example.com/.well-known/oauth-protected-resource");
        assertThat(prm("https://example.com/")).containsExactly("https://example.com/.well-known/oauth-protected-resource");
        assertThat(prm("http://localhost:3000/")).containsExactly("http://localhost:3000/.well-known/oauth-protected-resource");
    }

    @Test
    void refusesAnIssuerTooLongToKeyWhatIsStoredForIt() {
        String prefix = "https://as.example.com/";
        String longest = prefix + "t".repeat(WellKnown.MAX_ISSUER_LENGTH - prefix.length());

        assertThat(as(longest)).hasSize(3);
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> as(longest + "t"));
        assertThat(refused.problem()).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refused.getMessage()).contains("longer than 1024 characters");
    }
}
