package dev.mcpoauth.oauth.entity;

/**
 * Signs a fresh client assertion (RFC 7523 §2.2: {@code iss} and {@code sub} the client id,
 * {@code aud} the authorization server, a new {@code jti}) for each request that authenticates
 * with private_key_jwt; a request never reuses one.
 */
@FunctionalInterface
public interface ClientAssertion {

    String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    String sign(String clientId);
}
