package dev.mcpoauth.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Browser sign-in at the organisation's OpenID Connect provider, by Jakarta Security 3.0's own mechanism
 * (authorization code flow, state and nonce, ID token validated against the provider's JWKS). The definition reads
 * its values from this bean through EL, so MicroProfile Config configures it; it is enabled only when
 * {@code mcpoauth.web.oidc.issuer} is set. The mechanism answers only {@code /signin/oidc} and its callback: the
 * broker's own mechanism delegates to it there and keeps its own session afterwards.
 */
@ApplicationScoped
@Named("oidcSignIn")
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${oidcSignIn.issuer}",
        clientId = "${oidcSignIn.clientId}",
        clientSecret = "${oidcSignIn.clientSecret}",
        redirectURI = "${oidcSignIn.redirectUri}",
        scopeExpression = "${oidcSignIn.scopes}",
        claimsDefinition = @ClaimsDefinition(
                callerNameClaim = "${oidcSignIn.nameClaim}",
                callerGroupsClaim = "${oidcSignIn.groupsClaim}"),
        redirectToOriginalResource = false,
        useSession = true,
        tokenAutoRefresh = false)
public class OidcSignIn {

    public static final String CALLBACK_PATH = "/signin/oidc/callback";

    @Inject
    @ConfigProperty(name = "mcpoauth.web.oidc.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.oidc.client-id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.oidc.client-secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.oidc.scopes", defaultValue = "openid profile")
    String scopes;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.oidc.name-claim", defaultValue = "preferred_username")
    String nameClaim;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.oidc.groups-claim", defaultValue = "groups")
    String groupsClaim;

    @Inject
    @ConfigProperty(name = "mcpoauth.web.oidc.label", defaultValue = "Sign in with your organisation")
    String label;

    @Inject
    @ConfigProperty(name = "mcpoauth.public-base-url", defaultValue = "http://127.0.0.1:8080")
    String publicBaseUrl;

    public boolean isEnabled() {
        return !getIssuer().isEmpty();
    }

    public String getIssuer() {
        return issuer.map(String::strip).orElse("");
    }

    public String getClientId() {
        return clientId.map(String::strip).orElse("");
    }

    public String getClientSecret() {
        return clientSecret.orElse("");
    }

    /** The redirect URI to register at the provider. */
    public String getRedirectUri() {
        return publicBaseUrl.replaceAll("/+$", "") + CALLBACK_PATH;
    }

    public String getScopes() {
        return scopes.strip();
    }

    public String getNameClaim() {
        return nameClaim.strip();
    }

    public String getGroupsClaim() {
        return groupsClaim.strip();
    }

    public String getLabel() {
        return label.strip();
    }
}
