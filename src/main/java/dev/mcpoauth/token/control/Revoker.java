package dev.mcpoauth.token.control;

import dev.mcpoauth.oauth.control.FormPost;
import dev.mcpoauth.oauth.control.FormReply;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.Form;
import dev.mcpoauth.oauth.entity.OAuthRequestException;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Rejected;
import dev.mcpoauth.security.entity.UrlForbiddenException;
import dev.mcpoauth.token.entity.Revocation;
import dev.mcpoauth.token.entity.TokenTypeHint;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/** Token revocation at the authorization server (RFC 7009), authenticated as the client is registered. */
@Dependent
public class Revoker {

    static final String WHAT = "The revocation endpoint";

    final FormPost post;

    @Inject
    public Revoker(FormPost post) {
        this.post = post;
    }

    /**
     * @return REVOKED for HTTP 2xx, UNSUPPORTED_TOKEN_TYPE when the server cannot revoke this kind of token
     * @throws OAuthRequestException Transient for 503 (RFC 7009 §2.2.1: retry later) and network
     *     failures, Rejected for other error responses, BadResponse for anything else
     * @throws UrlForbiddenException when the endpoint breaks the outbound URL policy
     */
    public Revocation revoke(String endpoint, ClientAuthentication client, String token, TokenTypeHint hint) {
        Form form = new Form().add("token", token).add("token_type_hint", hint.wireName());
        FormReply reply = post.post(endpoint, client.applyTo(form), WHAT);
        if (reply.isSuccess()) {
            return Revocation.REVOKED;
        }
        OAuthRequestException failure = reply.failure();
        if (failure instanceof Rejected rejected && rejected.error().isUnsupportedTokenType()) {
            return Revocation.UNSUPPORTED_TOKEN_TYPE;
        }
        throw failure;
    }
}
