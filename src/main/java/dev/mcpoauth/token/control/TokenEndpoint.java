package dev.mcpoauth.token.control;

import dev.mcpoauth.discovery.entity.UpstreamValue;
import dev.mcpoauth.dpop.control.DpopNonces;
import dev.mcpoauth.dpop.control.DpopProofs;
import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.dpop.entity.DpopProof;
import dev.mcpoauth.oauth.control.FormPost;
import dev.mcpoauth.oauth.control.FormReply;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.Form;
import dev.mcpoauth.oauth.entity.OAuthRequestException.BadResponse;
import dev.mcpoauth.oauth.entity.OAuthRequestException;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import dev.mcpoauth.token.entity.TokenResponse;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.Map;

/**
 * Access token requests (RFC 6749 §4.1.3 code exchange with the PKCE verifier of RFC 7636 §4.5,
 * §6 refresh), with the RFC 8707 {@code resource} when the server is configured to send it.
 * Each method sends exactly one request, with one exception: a DPoP-bound request (a proof of the
 * connection's key, RFC 9449 §5) that the server refuses with {@code use_dpop_nonce} is sent once
 * more with its nonce (§8); see {@link OAuthRequestException} for the failures.
 */
@Dependent
public class TokenEndpoint {

    static final String WHAT = "The token endpoint";
    static final String IDP = "The identity provider's token endpoint";
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ID_JAG = "urn:ietf:params:oauth:token-type:id-jag";
    static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";

    final FormPost post;
    final DpopNonces nonces;
    final Clock clock;

    public TokenEndpoint(FormPost post) {
        this(post, new DpopNonces(), Clock.systemUTC());
    }

    @Inject
    public TokenEndpoint(FormPost post, DpopNonces nonces, Clock clock) {
        this.post = post;
        this.nonces = nonces;
        this.clock = clock;
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
        return exchangeCode(endpoint, client, code, codeVerifier, redirectUri, resource, extra, null);
    }

    /**
     * Sent once more only after a {@code use_dpop_nonce} refusal, which RFC 9449 §8 makes safe:
     * the server refused before it looked at the code.
     *
     * @param dpop the connection's DPoP key, or null for a bearer token
     */
    public TokenResponse exchangeCode(String endpoint, ClientAuthentication client, String code, String codeVerifier,
            String redirectUri, String resource, Map<String, String> extra, DpopKey dpop) {
        Form form = new Form()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("redirect_uri", redirectUri)
                .add("code_verifier", codeVerifier)
                .add("resource", resource);
        return request(endpoint, client.applyTo(form).addAbsent(extra), dpop);
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
        return refresh(endpoint, client, refreshToken, resource, scope, extra, null);
    }

    /** @param dpop the key the refresh token is bound to (RFC 9449 §5), or null */
    public TokenResponse refresh(String endpoint, ClientAuthentication client, String refreshToken, String resource,
            String scope, Map<String, String> extra, DpopKey dpop) {
        Form form = new Form()
                .add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken)
                .add("scope", scope)
                .add("resource", resource);
        return request(endpoint, client.applyTo(form).addAbsent(extra), dpop);
    }

    /**
     * The client credentials grant (RFC 6749 §4.4.2; MCP SEP-1046): a token for the broker's client
     * itself. Nothing is consumed, so a caller may ask again after a transient failure.
     *
     * @param dpop the connection's DPoP key (RFC 9449 §5), or null
     * @throws OAuthRequestException Rejected, Transient or BadResponse
     * @throws UrlForbiddenException when the endpoint breaks the outbound URL policy
     */
    public TokenResponse clientCredentials(String endpoint, ClientAuthentication client, String scope,
            String resource, Map<String, String> extra, DpopKey dpop) {
        Form form = new Form()
                .add("grant_type", "client_credentials")
                .add("scope", scope)
                .add("resource", resource);
        return request(endpoint, client.applyTo(form).addAbsent(extra), dpop);
    }

    /**
     * The JWT bearer grant (RFC 7523 §2.1): a workload's identity token (MCP SEP-1933) or an
     * Identity Assertion JWT Authorization Grant (SEP-990) as the grant itself.
     *
     * @param client the broker's client authentication, or null where the assertion alone is the grant
     * @param dpop the connection's DPoP key (RFC 9449 §5), or null
     * @throws OAuthRequestException Rejected, Transient or BadResponse
     * @throws UrlForbiddenException when the endpoint breaks the outbound URL policy
     */
    public TokenResponse jwtBearer(String endpoint, ClientAuthentication client, String assertion, String scope,
            String resource, Map<String, String> extra, DpopKey dpop) {
        Form form = new Form()
                .add("grant_type", JWT_BEARER)
                .add("assertion", assertion)
                .add("scope", scope)
                .add("resource", resource);
        return request(endpoint, (client == null ? form : client.applyTo(form)).addAbsent(extra), dpop);
    }

    /**
     * Token exchange at the organisation's identity provider (RFC 8693 §2.1) of a person's
     * identity assertion (an ID token) for an Identity Assertion JWT Authorization Grant
     * (MCP SEP-990) for one authorization server and resource.
     *
     * @return the ID-JAG, a JWT to present with {@link #jwtBearer}
     * @throws OAuthRequestException Rejected, Transient or BadResponse (also when the provider
     *     issued another type of token, RFC 8693 §2.2.1 {@code issued_token_type})
     */
    public String identityAssertionGrant(String endpoint, ClientAuthentication client, String idToken,
            String audience, String resource, String scope) {
        Form form = new Form()
                .add("grant_type", TOKEN_EXCHANGE)
                .add("requested_token_type", ID_JAG)
                .add("audience", audience)
                .add("resource", resource)
                .add("scope", scope)
                .add("subject_token", idToken)
                .add("subject_token_type", ID_TOKEN);
        FormReply reply = post.post(endpoint, client.applyTo(form), IDP);
        if (!reply.isSuccess()) {
            throw reply.failure();
        }
        JsonObject json = reply.requireJson();
        if (!ID_JAG.equals(json.getString("issued_token_type", null))) {
            throw new BadResponse(reply.where() + " issued no identity assertion grant (issued_token_type "
                    + UpstreamValue.shown(json.getString("issued_token_type", "missing")) + ")", reply.status());
        }
        String grant = json.getString("access_token", "");
        if (grant.isEmpty() || !grant.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new BadResponse(reply.where() + " answered without a usable access_token", reply.status());
        }
        return grant;
    }

    TokenResponse request(String endpoint, Form form) {
        return request(endpoint, form, null);
    }

    /**
     * The one way a token request is sent, for every grant: with a key, each attempt carries a
     * fresh proof (new {@code jti}) with the endpoint's latest nonce, and a DPoP token type is only
     * accepted when a proof was sent (RFC 9449 §5).
     *
     * @param dpop the connection's DPoP key, or null for a bearer token
     */
    TokenResponse request(String endpoint, Form form, DpopKey dpop) {
        FormReply reply = send(endpoint, form, dpop);
        if (dpop != null && reply.asksForDpopNonce()) {
            reply = send(endpoint, form, dpop);
        }
        if (!reply.isSuccess()) {
            throw reply.failure();
        }
        TokenResponse tokens = tokenResponse(reply);
        if (dpop == null && tokens.isDpopBound()) {
            throw new BadResponse(reply.where() + " issued a DPoP-bound token to a request without a DPoP proof.",
                    reply.status());
        }
        return tokens;
    }

    FormReply send(String endpoint, Form form, DpopKey dpop) {
        if (dpop != null) {
            String nonce = nonces.latest(endpoint).orElse(null);
            form.header(DpopProof.HEADER, DpopProofs.forTokenRequest(dpop, UrlGuard.parse(endpoint), nonce,
                    clock.instant()).value());
        }
        FormReply reply = post.post(endpoint, form, WHAT);
        reply.dpopNonce().ifPresent(nonce -> nonces.remember(endpoint, nonce));
        return reply;
    }

    static TokenResponse tokenResponse(FormReply reply) {
        try {
            return TokenResponse.fromJSON(reply.requireJson());
        } catch (ProblemException e) {
            throw new BadResponse(reply.where() + ": " + e.getMessage(), reply.status());
        }
    }
}
