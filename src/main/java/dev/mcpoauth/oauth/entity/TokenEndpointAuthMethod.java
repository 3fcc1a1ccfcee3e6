package dev.mcpoauth.oauth.entity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * How the broker authenticates at a token or revocation endpoint (RFC 7591 §2 names;
 * RFC 6749 §2.3.1 for the two secret methods). Each method applies itself to a request.
 */
public enum TokenEndpointAuthMethod {
    /** A public client: identifies itself with {@code client_id} only (RFC 6749 §3.2.1). */
    NONE("none"),
    /** HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1). */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** {@code client_id} and {@code client_secret} in the body (RFC 6749 §2.3.1). */
    CLIENT_SECRET_POST("client_secret_post"),
    /** A JWT the client signs with its private key (RFC 7523 §2.2, RFC 7521 §4.2). */
    PRIVATE_KEY_JWT("private_key_jwt");

    final String wireName;

    TokenEndpointAuthMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException for a method the broker does not implement */
    public static TokenEndpointAuthMethod fromWireName(String name) {
        return Arrays.stream(values()).filter(method -> method.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unsupported token endpoint auth method " + name));
    }

    public boolean needsSecret() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
    }

    public void apply(Form form, String clientId, String clientSecret, ClientAssertion assertion) {
        switch (this) {
            case NONE -> form.add("client_id", clientId);
            case CLIENT_SECRET_POST -> form.add("client_id", clientId).add("client_secret", clientSecret);
            case CLIENT_SECRET_BASIC -> form.header("Authorization", basic(clientId, clientSecret));
            case PRIVATE_KEY_JWT -> form.add("client_id", clientId)
                    .add("client_assertion_type", ClientAssertion.ASSERTION_TYPE)
                    .add("client_assertion", assertion.sign(clientId));
        }
    }

    // RFC 6749 §2.3.1: id and secret are form-encoded (Appendix B) before they are joined with ':',
    // so an id holding ':' or a secret holding '%' survives the round trip
    static String basic(String clientId, String clientSecret) {
        String pair = Form.encode(clientId) + ":" + Form.encode(clientSecret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
