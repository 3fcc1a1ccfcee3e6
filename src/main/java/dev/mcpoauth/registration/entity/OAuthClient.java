package dev.mcpoauth.registration.entity;

import dev.mcpoauth.oauth.entity.ClientAuthentication;
import java.util.Optional;

/**
 * The broker's client at one authorization server, ready to authenticate at its token
 * endpoint. The secret is held in memory only for the request that needs it.
 */
public record OAuthClient(String issuer, RegistrationMethod method, String clientId, String clientSecret,
        String tokenEndpointAuthMethod) {

    /** How this client authenticates at the token and revocation endpoints (RFC 6749 §2.3). */
    public ClientAuthentication authentication() {
        return ClientAuthentication.of(tokenEndpointAuthMethod, clientId, clientSecret);
    }

    public Optional<String> secret() {
        return Optional.ofNullable(clientSecret);
    }

    @Override
    public String toString() {
        return "OAuthClient[issuer=" + issuer + ", method=" + method + ", clientId=" + clientId
                + ", tokenEndpointAuthMethod=" + tokenEndpointAuthMethod + "]";
    }
}
