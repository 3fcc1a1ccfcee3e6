package dev.mcpoauth.token.control;

import dev.mcpoauth.oauth.control.FormPost;
import dev.mcpoauth.oauth.control.FormReply;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.Form;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.token.entity.TokenResponse;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Access token requests (RFC 6749 §4.1.3 code exchange with the PKCE verifier of RFC 7636 §4.5,
 * §6 refresh), with the RFC 8707 {@code resource} when the server is configured to send it.
 * Each method sends exactly one request; see {@link OAuthRequestException} for the failures.
 */
@Dependent
public class TokenEndpoint {

    static final String WHAT = "The token endpoint";

    final FormPost post;

    @Inject
    public TokenEndpoint(FormPost post) {
        this.post = post;
    }

    /**
     * Never retried, here or by a caller: an authorization code is single use (RFC 6749
     * §4.1.2), and a second attempt after a lost answer may make the server revoke what it issued.
     *
     * @param resource the RFC 8707 resource, byte-identical to the authorization request, or null
     * @param extra parameters the identity provider needs beyond these (none replaces one of them)
     * @throws OAuthRequestException Rejected, Transient or BadResponse
     * @throws UrlForbiddenException when the endpoint breaks the outbound URL policy
     */
    public TokenResponse exchangeCode(String endpoint, ClientAuthentication client, String code, String codeVerifier,
            String redirectUri, String resource, Map<String, String> extra) {
        Form form = new Form()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("redirect_uri", redirectUri)
                .add("code_verifier", codeVerifier)
                .add("resource", resource);
        return request(endpoint, client.applyTo(form).addAbsent(extra));
    }

    /**
     * @param resource the RFC 8707 resource, or null
     * @param scope a narrower scope than granted (RFC 6749 §6), or null for the same
     * @param extra parameters the identity provider needs beyond these (none replaces one of them)
     * @throws OAuthRequestException Rejected (invalid_grant: authorize again), Transient, BadResponse
     * @throws UrlForbiddenException when the endpoint breaks the outbound URL policy
     */
    public TokenResponse refresh(String endpoint, ClientAuthentication client, String refreshToken, String resource,
            String scope, Map<String, String> extra) {
        Form form = new Form()
                .add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken)
                .add("scope", scope)
                .add("resource", resource);
        return request(endpoint, client.applyTo(form).addAbsent(extra));
    }

    TokenResponse request(String endpoint, Form form) {
        FormReply reply = post.post(endpoint, form, WHAT);
        if (!reply.isSuccess()) {
            throw reply.failure();
        }
        try {
            return TokenResponse.fromJSON(reply.requireJson());
        } catch (ProblemException e) {
            throw new BadResponse(reply.where() + ": " + e.getMessage(), reply.status());
        }
    }
}
