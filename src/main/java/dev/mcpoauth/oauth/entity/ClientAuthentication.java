package dev.mcpoauth.oauth.entity;

import java.util.Objects;

/** The broker's client credentials at one authorization server, applied as registered. */
public record ClientAuthentication(TokenEndpointAuthMethod method, String clientId, String clientSecret,
        ClientAssertion assertion) {

    public ClientAuthentication(TokenEndpointAuthMethod method, String clientId, String clientSecret) {
        this(method, clientId, clientSecret, null);
    }

    public ClientAuthentication {
        Objects.requireNonNull(method, "method");
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("a client id is required");
        }
        if (method.needsSecret() && (clientSecret == null || clientSecret.isEmpty())) {
            throw new IllegalArgumentException(method.wireName() + " needs a client secret");
        }
        if (!method.needsSecret()) {
            clientSecret = null;
        }
        if (method == TokenEndpointAuthMethod.PRIVATE_KEY_JWT && assertion == null) {
            throw new IllegalArgumentException("private_key_jwt needs a key to sign client assertions with");
        }
    }

    /** A public client (PKCE only). */
    public static ClientAuthentication none(String clientId) {
        return new ClientAuthentication(TokenEndpointAuthMethod.NONE, clientId, null);
    }

    /** @param method the registered {@code token_endpoint_auth_method} name, one that needs no key */
    public static ClientAuthentication of(String method, String clientId, String clientSecret) {
        return of(method, clientId, clientSecret, null);
    }

    /**
     * @param method the registered {@code token_endpoint_auth_method} name
     * @param assertion signs private_key_jwt assertions; null for the other methods
     */
    public static ClientAuthentication of(String method, String clientId, String clientSecret,
            ClientAssertion assertion) {
        return new ClientAuthentication(TokenEndpointAuthMethod.fromWireName(method), clientId, clientSecret,
                assertion);
    }

    public Form applyTo(Form form) {
        method.apply(form, clientId, clientSecret, assertion);
        return form;
    }

    @Override
    public String toString() {
        return "ClientAuthentication[method=" + method.wireName() + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "none" : "(hidden)") + "]";
    }
}
