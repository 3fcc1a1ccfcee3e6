package dev.mcpoauth.authorization.control;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The scopes of an authorization request, in request order without duplicates. Initial
 * selection follows MCP authorization "Scope Selection Strategy": the challenge's {@code scope},
 * else all of the protected-resource metadata's {@code scopes_supported}, else none (never the
 * authorization server's catalogue). Step-up asks for the union of the earlier and the
 * challenged scopes (MCP SEP-2350).
 */
public record ScopeSelection(List<String> scopes) {

    public static final String OFFLINE_ACCESS = "offline_access";
    /** The admin said to send no {@code scope} at all (some servers refuse every scope for self-registered clients). */
    public static final ScopeSelection NONE = new ScopeSelection(List.of());

    public ScopeSelection {
        scopes = List.copyOf(new LinkedHashSet<>(scopes));
    }

    /**
     * @param challengeScope the {@code scope} of the 401 challenge, or null
     * @param resourceScopes the protected-resource metadata's {@code scopes_supported}
     * @param override the admin's scopes for this server; when present they replace the computed set
     * @param serverScopes the authorization server metadata's {@code scopes_supported}
     */
    public static ScopeSelection initial(String challengeScope, List<String> resourceScopes, Optional<String> override,
            List<String> serverScopes) {
        List<String> computed = split(challengeScope);
        if (computed.isEmpty()) {
            computed = resourceScopes;
        }
        List<String> requested = override.map(ScopeSelection::split).filter(list -> !list.isEmpty()).orElse(computed);
        return withOfflineAccess(requested, serverScopes);
    }

    /**
     * The same for a grant that yields no refresh token however it is asked (client credentials,
     * JWT bearer), so offline_access is never added.
     */
    public static ScopeSelection withoutPerson(String challengeScope, List<String> resourceScopes,
            Optional<String> override) {
        return initial(challengeScope, resourceScopes, override, List.of());
    }

    /**
     * @param previousScope what was granted or requested before (space-delimited), or null
     * @param challengeScope the {@code scope} of the 403 {@code insufficient_scope} challenge
     */
    public static ScopeSelection stepUp(String previousScope, String challengeScope, List<String> serverScopes) {
        List<String> union = Stream.concat(split(previousScope).stream(), split(challengeScope).stream()).toList();
        return withOfflineAccess(union, serverScopes);
    }

    /** RFC 6749 §3.3: scope tokens are separated by spaces. */
    public static List<String> split(String scope) {
        if (scope == null) {
            return List.of();
        }
        return Arrays.stream(scope.split(" ")).filter(token -> !token.isEmpty()).toList();
    }

    // MCP SEP-2207: a client MAY ask for offline_access when the authorization server lists it,
    // to get a refresh token; without that listing some servers reject the unknown scope
    static ScopeSelection withOfflineAccess(List<String> scopes, List<String> serverScopes) {
        if (!serverScopes.contains(OFFLINE_ACCESS)) {
            return new ScopeSelection(scopes);
        }
        return new ScopeSelection(Stream.concat(scopes.stream(), Stream.of(OFFLINE_ACCESS)).toList());
    }

    /** The {@code scope} parameter value, empty when no scope is requested (then it is omitted). */
    public Optional<String> scope() {
        return scopes.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", scopes));
    }

    /** OpenID Connect Core §11: offline_access is honoured only with {@code prompt=consent}. */
    public boolean needsConsentPrompt() {
        return scopes.contains(OFFLINE_ACCESS);
    }
}
