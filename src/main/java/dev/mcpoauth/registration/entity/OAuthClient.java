package dev.mcpoauth.registration.entity;

import java.util.Optional;

/**
 * The broker's client at one authorization server, ready to authenticate at its token
 * endpoint. The secret is held in memory only for the request that needs it.
 */
public record OAuthClient(String issuer, RegistrationMethod method, String clientId, String clientSecret,
        String tokenEndpointAuthMethod) {

    public Optional<String> secret() {
        return Optional.ofNullable(clientSecret);
    }

    @Override
    public String toString() {
        return "OAuthClient[issuer=" + issuer + ", method=" + method + ", clientId=" + clientId
                + ", tokenEndpointAuthMethod=" + tokenEndpointAuthMethod + "]";
    }
}
