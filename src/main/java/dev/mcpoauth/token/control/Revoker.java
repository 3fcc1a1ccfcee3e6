package dev.mcpoauth.token.control;

import dev.mcpoauth.oauth.control.FormPost;
import dev.mcpoauth.oauth.control.FormReply;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.Form;
import dev.mcpoauth.oauth.entity.OAuthRequestException;
import dev.mcpoauth.oauth.entity.OAuthRequestException.Rejected;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.token.entity.Revocation;
import dev.mcpoauth.token.entity.TokenRevocation;
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
     * @return REVOKED for HTTP 2xx whatever the body says (RFC 7009 §2.2: an invalid token is
     *     answered with 200 too; Keycloak adds an {@code invalid_token} body), UNSUPPORTED_TOKEN_TYPE
     *     when the server cannot revoke this kind of token
     * @throws OAuthRequestException Transient for 503 (RFC 7009 §2.2.1: retry later) and network
     *     failures, Rejected for other error responses, BadResponse for anything else
     * @throws UrlForbiddenException when the endpoint breaks the outbound URL policy
     */
    public Revocation revoke(String endpoint, ClientAuthentication client, String token, TokenTypeHint hint) {
        Form form = new Form().add("token", token).add("token_type_hint", hint.wireName());
        FormReply reply = post.post(endpoint, client.applyTo(form), WHAT);
        if (reply.status() / 100 == 2) {
            return Revocation.REVOKED;
        }
        OAuthRequestException failure = reply.failure();
        if (failure instanceof Rejected rejected && rejected.error().isUnsupportedTokenType()) {
            return Revocation.UNSUPPORTED_TOKEN_TYPE;
        }
        throw failure;
    }

    /** {@link #revoke} with every way it can end as a result: it never throws for what the server does. */
    public TokenRevocation attempt(String endpoint, ClientAuthentication client, String token, TokenTypeHint hint) {
        try {
            return revoke(endpoint, client, token, hint) == Revocation.REVOKED
                    ? TokenRevocation.REVOKED
                    : TokenRevocation.UNSUPPORTED;
        } catch (Rejected e) {
            return TokenRevocation.failed("the authorization server refused to revoke it (" + e.error().error()
                    + ", HTTP " + e.status() + ")");
        } catch (OAuthRequestException.Transient e) {
            return TokenRevocation.failed("the authorization server " + e.plainReason());
        } catch (OAuthRequestException.BadResponse e) {
            return TokenRevocation.failed("the authorization server's answer was not usable (HTTP " + e.status() + ")");
        } catch (UrlForbiddenException e) {
            return TokenRevocation.notSent("the revocation endpoint breaks the outbound URL policy");
        }
    }
}
