package dev.mcpoauth.oauth.entity;

import java.util.Objects;

/** The broker's client credentials at one authorization server, applied as registered. */
public record ClientAuthentication(TokenEndpointAuthMethod method, String clientId, String clientSecret) {

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
    }

    /** A public client (PKCE only). */
    public static ClientAuthentication none(String clientId) {
        return new ClientAuthentication(TokenEndpointAuthMethod.NONE, clientId, null);
    }

    /** @param method the registered {@code token_endpoint_auth_method} name */
    public static ClientAuthentication of(String method, String clientId, String clientSecret) {
        return new ClientAuthentication(TokenEndpointAuthMethod.fromWireName(method), clientId, clientSecret);
    }

    public Form applyTo(Form form) {
        method.apply(form, clientId, clientSecret);
        return form;
    }

    @Override
    public String toString() {
        return "ClientAuthentication[method=" + method.wireName() + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "none" : "(hidden)") + "]";
    }
}
