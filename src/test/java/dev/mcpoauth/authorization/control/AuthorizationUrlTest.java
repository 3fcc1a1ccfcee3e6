package dev.mcpoauth.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mcpoauth.authorization.entity.Pkce;
import dev.mcpoauth.authorization.entity.StateToken;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationUrlTest {

    static final String ENDPOINT = "https://as.example.com/authorize";
    static final Pkce PKCE = Pkce.fromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    static final StateToken STATE = new StateToken("af0ifjsldkj");

    static AuthorizationUrl request(String endpoint) {
        return AuthorizationUrl.to(endpoint, false).clientId("s6BhdRkqt3").redirectUri("https://broker.example.com/oauth/callback")
                .state(STATE).pkce(PKCE);
    }

    /** Every value of every parameter, decoded the way an authorization server decodes a query. */
    static Map<String, List<String>> parameters(URI url) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        Arrays.stream(url.getRawQuery().split("&")).map(pair -> pair.split("=", 2)).forEach(pair -> parameters
                .computeIfAbsent(decode(pair[0]), name -> new ArrayList<>()).add(pair.length > 1 ? decode(pair[1]) : ""));
        return parameters;
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    static ScopeSelection scopes(String scope, List<String> serverScopes) {
        return ScopeSelection.initial(scope, List.of(), Optional.empty(), serverScopes);
    }

    @Test
    void addsTheIdentityProvidersExtraParametersOnceAndNeverInPlaceOfItsOwn() {
        URI url = request("https://as.example.com/authorize?audience=old&tenant=t1")
                .extra(Map.of("audience", "https://api.example.com", "state", "forged", "client_id", "other"))
                .build();

        Map<String, List<String>> parameters = parameters(url);
        assertThat(parameters.get("audience")).containsExactly("https://api.example.com");
        assertThat(parameters.get("tenant")).containsExactly("t1");
        assertThat(parameters.get("state")).containsExactly("af0ifjsldkj");
        assertThat(parameters.get("client_id")).containsExactly("s6BhdRkqt3");
    }

    @Test
    void carriesEveryParameterOfACodeRequestWithPkce() {
        URI url = request(ENDPOINT).scopes(scopes("mcp:read", List.of())).resource("https://mcp.example.com/mcp").build();

        assertThat(url.getScheme() + "://" + url.getHost() + url.getPath()).isEqualTo(ENDPOINT);
        assertThat(parameters(url)).containsExactly(
                Map.entry("response_type", List.of("code")),
                Map.entry("client_id", List.of("s6BhdRkqt3")),
                Map.entry("redirect_uri", List.of("https://broker.example.com/oauth/callback")),
                Map.entry("scope", List.of("mcp:read")),
                Map.entry("state", List.of("af0ifjsldkj")),
                Map.entry("code_challenge", List.of("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")),
                Map.entry("code_challenge_method", List.of("S256")),
                Map.entry("resource", List.of("https://mcp.example.com/mcp")));
    }

    @Test
    void encodesSpacesAsPercent20AndReservedCharactersAsPercentEscapes() {
        URI url = request(ENDPOINT).scopes(scopes("mcp:read files+write", List.of())).build();

        assertThat(url.getRawQuery()).contains("scope=mcp%3Aread%20files%2Bwrite")
                .contains("redirect_uri=https%3A%2F%2Fbroker.example.com%2Foauth%2Fcallback")
                .doesNotContain("+");
        assertThat(parameters(url).get("scope")).containsExactly("mcp:read files+write");
    }

    @Test
    void omitsScopeWhenNoneIsSelectedAndResourceWhenOptedOut() {
        URI url = request(ENDPOINT).scopes(scopes(null, List.of())).resource(null).build();

        assertThat(parameters(url)).doesNotContainKeys("scope", "resource", "prompt");
    }

    @Test
    void sendsTheResourceByteForByteWithoutATrailingSlash() {
        URI url = request(ENDPOINT).resource("https://mcp.example.com/mcp").build();

        assertThat(url.getRawQuery()).endsWith("&resource=https%3A%2F%2Fmcp.example.com%2Fmcp")
                .doesNotContain("%2Fmcp%2F");
        assertThat(parameters(url).get("resource")).containsExactly("https://mcp.example.com/mcp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://mcp.example.com/tenants/a%2Fb/mcp?version=2&x=%20y", "https://mcp.example.com",
        "https://mcp.example.com/", "HTTPS://MCP.Example.com:443/Mcp", "https://mcp.example.com/päth", "https://[::1]:8443/mcp"})
    void keepsAResourceWithPathAndQueryExactlyAsGiven(String resource) {
        URI url = request(ENDPOINT).resource(resource).build();

        assertThat(parameters(url).get("resource")).containsExactly(resource);
    }

    @Test
    void asksForConsentWhenOfflineAccessIsRequested() {
        URI url = request(ENDPOINT).scopes(scopes("mcp:read", List.of("offline_access"))).build();

        assertThat(parameters(url)).containsEntry("scope", List.of("mcp:read offline_access"))
                .containsEntry("prompt", List.of("consent"));
    }

    @Test
    void keepsTheQueryOfTheAuthorizationEndpoint() {
        URI url = request("https://as.example.com/authorize?tenant=a%20b&p=B2C_1_signin").build();

        assertThat(url.getRawQuery()).startsWith("tenant=a%20b&p=B2C_1_signin&response_type=code&");
    }

    @Test
    void replacesEndpointQueryParametersItSetsItself() {
        URI url = request("https://as.example.com/authorize?prompt=login&response_type=token&keep=1")
                .scopes(scopes(null, List.of("offline_access"))).build();

        Map<String, List<String>> parameters = parameters(url);
        assertThat(parameters).containsEntry("response_type", List.of("code")).containsEntry("prompt", List.of("consent"))
                .containsEntry("keep", List.of("1"));
    }

    @Test
    void acceptsHttpForLoopbackOnlyWhenAllowed() {
        assertThat(AuthorizationUrl.to("http://127.0.0.1:9000/authorize", true)).isNotNull();
        assertThat(AuthorizationUrl.to("http://localhost:9000/authorize", true)).isNotNull();
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationUrl.to("http://127.0.0.1:9000/authorize", false));
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationUrl.to("http://as.example.com/authorize", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd", "ftp://as.example.com/authorize", "vbscript:msgbox", "/authorize", "https:///authorize",
        "https://as.example.com/authorize#frag", "https://user:pw@as.example.com/authorize", "not a url", "ms-settings:x"})
    void refusesEndpointsABrowserMustNotBeSentTo(String endpoint) {
        assertThatIllegalArgumentException().isThrownBy(() -> AuthorizationUrl.to(endpoint, true));
    }

    @Test
    void requiresClientIdRedirectUriStateAndPkce() {
        assertThat(catchThrowable(
                () -> AuthorizationUrl.to(ENDPOINT, false).clientId("c").redirectUri("https://b/cb").pkce(PKCE).build()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("state");
    }
}
