package dev.mcpoauth.authorization.control;

import dev.mcpoauth.authorization.entity.Pkce;
import dev.mcpoauth.authorization.entity.StateToken;
import dev.mcpoauth.oauth.entity.Form;
import dev.mcpoauth.outbound.entity.UrlHost;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authorization request the browser is sent to (RFC 6749 §4.1.1, PKCE per RFC 7636 §4.3,
 * {@code resource} per RFC 8707 §2, {@code prompt=consent} for offline access per OpenID Connect
 * Core §11). Values are form-encoded with spaces as {@code %20}; the {@code resource} value is
 * passed through byte for byte, because servers compare it with the protected-resource metadata
 * as a string. The endpoint's own query is kept (RFC 6749 §3.1).
 */
public final class AuthorizationUrl {

    final URI endpoint;
    String clientId;
    String redirectUri;
    StateToken state;
    Pkce pkce;
    ScopeSelection scopes = new ScopeSelection(List.of());
    String resource;
    Map<String, String> extra = Map.of();

    AuthorizationUrl(URI endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * @param allowLoopbackHttp accept plain http for loopback hosts (tests, local development)
     * @throws IllegalArgumentException for anything but an absolute https URL without fragment
     *     or user information: a browser must never be sent to {@code javascript:}, {@code data:} or
     *     {@code file:} URLs learned from the network (MCP security best practices)
     */
    public static AuthorizationUrl to(String authorizationEndpoint, boolean allowLoopbackHttp) {
        URI url = parse(authorizationEndpoint);
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean loopbackHttp = scheme.equals("http") && allowLoopbackHttp && new UrlHost(url.getHost()).isLoopback();
        if (!scheme.equals("https") && !loopbackHttp) {
            throw new IllegalArgumentException("The authorization endpoint must use https.");
        }
        return new AuthorizationUrl(url);
    }

    public AuthorizationUrl clientId(String clientId) {
        this.clientId = clientId;
        return this;
    }

    public AuthorizationUrl redirectUri(String redirectUri) {
        this.redirectUri = redirectUri;
        return this;
    }

    public AuthorizationUrl state(StateToken state) {
        this.state = state;
        return this;
    }

    public AuthorizationUrl pkce(Pkce pkce) {
        this.pkce = pkce;
        return this;
    }

    public AuthorizationUrl scopes(ScopeSelection scopes) {
        this.scopes = scopes;
        return this;
    }

    /** The RFC 8707 resource, or null when this server opts out of sending it. */
    public AuthorizationUrl resource(String resource) {
        this.resource = resource;
        return this;
    }

    /** Parameters the identity provider needs beyond these; none can replace one set here. */
    public AuthorizationUrl extra(Map<String, String> parameters) {
        this.extra = parameters;
        return this;
    }

    public URI build() {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pkce, "pkce");
        Form form = new Form()
                .add("response_type", "code")
                .add("client_id", clientId)
                .add("redirect_uri", redirectUri)
                .add("scope", scopes.scope().orElse(null))
                .add("state", state.value())
                .add("code_challenge", pkce.challenge())
                .add("code_challenge_method", pkce.method())
                .add("resource", resource)
                .add("prompt", scopes.needsConsentPrompt() ? "consent" : null)
                .addAbsent(extra);
        // a literal '+' is already %2B, so every remaining '+' stands for a space
        String query = form.encoded().replace("+", "%20");
        String kept = keptQuery(endpoint.getRawQuery(), form.parameters().keySet());
        String base = endpoint.getScheme() + "://" + endpoint.getRawAuthority() + endpoint.getRawPath();
        return URI.create(base + "?" + (kept.isEmpty() ? "" : kept + "&") + query);
    }

    /** The endpoint's query without the parameters set here: RFC 6749 §3.1 allows each only once. */
    static String keptQuery(String rawQuery, Set<String> ours) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&")).filter(pair -> !pair.isEmpty())
                .filter(pair -> !ours.contains(decodedName(pair))).collect(Collectors.joining("&"));
    }

    static String decodedName(String pair) {
        String name = pair.split("=", 2)[0];
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    static URI parse(String endpoint) {
        URI url;
        try {
            url = new URI(Objects.requireNonNull(endpoint, "authorizationEndpoint"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The authorization endpoint is not a valid URL.");
        }
        if (!url.isAbsolute() || url.isOpaque() || url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("The authorization endpoint must be an absolute https URL with a host.");
        }
        if (url.getRawFragment() != null) {
            throw new IllegalArgumentException("The authorization endpoint must not have a fragment (RFC 6749 §3.1).");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The authorization endpoint must not contain user information.");
        }
        return url;
    }
}
