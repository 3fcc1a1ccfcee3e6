package dev.mcpoauth.registration.entity;

import dev.mcpoauth.oauth.entity.ClientAssertion;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import java.util.Optional;

/**
 * The broker's client at one authorization server, ready to authenticate at its token
 * endpoint. The secret is held in memory only for the request that needs it.
 * {@code registrationId} names the stored registration it came from, null for a pre-registered client.
 */
public record OAuthClient(String issuer, RegistrationMethod method, String clientId, String clientSecret,
        String tokenEndpointAuthMethod, String registrationId, ClientAssertion assertion) {

    public OAuthClient(String issuer, RegistrationMethod method, String clientId, String clientSecret,
            String tokenEndpointAuthMethod, String registrationId) {
        this(issuer, method, clientId, clientSecret, tokenEndpointAuthMethod, registrationId, null);
    }

    public OAuthClient(String issuer, RegistrationMethod method, String clientId, String clientSecret,
            String tokenEndpointAuthMethod) {
        this(issuer, method, clientId, clientSecret, tokenEndpointAuthMethod, null);
    }

    public Optional<String> registration() {
        return Optional.ofNullable(registrationId);
    }

    /** How this client authenticates at the token and revocation endpoints (RFC 6749 §2.3). */
    public ClientAuthentication authentication() {
        return ClientAuthentication.of(tokenEndpointAuthMethod, clientId, clientSecret, assertion);
    }

    public Optional<String> secret() {
        return Optional.ofNullable(clientSecret);
    }

    @Override
    public String toString() {
        return "OAuthClient[issuer=" + issuer + ", method=" + method + ", clientId=" + clientId
                + ", tokenEndpointAuthMethod=" + tokenEndpointAuthMethod + ", registrationId=" + registrationId + "]";
    }
}
