package dev.mcpoauth.server.boundary;

import dev.mcpoauth.server.entity.AuthMode;
import dev.mcpoauth.server.entity.ConnectionMode;
import dev.mcpoauth.server.entity.DpopMode;
import dev.mcpoauth.server.entity.ExtraParameters;
import dev.mcpoauth.server.entity.PkcePolicy;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an admin sends to define or change an MCP server. The client secret is write-only.
 * A class with fields rather than a record: Payara's OpenAPI scanner fails on constraint
 * annotations that a record copies onto its constructor parameters.
 */
@Schema(name = "ServerInput", description = "An MCP server and its OAuth overrides")
public class ServerInput {

    @NotBlank
    @Size(max = 200)
    @Schema(required = true)
    public String name;

    @NotBlank
    @Size(max = 1024)
    @Pattern(regexp = "https?://\\S+", message = "must be an absolute http(s) URL")
    @Schema(required = true, description = "The MCP endpoint, an absolute http(s) URL")
    public String url;

    public AuthMode authMode;
    public ConnectionMode connectionMode;

    @Size(max = 100)
    public String sharedRole;

    @Size(max = 1024)
    @Pattern(regexp = "https?://\\S+", message = "must be an absolute http(s) URL")
    public String issuer;

    @Size(max = 2000)
    public String scopes;

    public Boolean sendResource;

    @Schema(description = "false: send no scope parameter at all (not the scopes override, not the metadata's);"
            + " default true")
    public Boolean sendScope;
    public PkcePolicy pkcePolicy;

    @Schema(description = "DPoP-bound tokens (RFC 9449): WHEN_ADVERTISED (default) when the authorization server"
            + " advertises ES256, REQUIRED to refuse connecting otherwise, NEVER for an MCP server that accepts"
            + " bearer tokens only")
    public DpopMode dpop;

    @Min(60)
    @Max(31_536_000)
    public Integer metadataTtlSeconds;

    @Size(max = 1024)
    public String clientId;

    @Schema(writeOnly = true)
    @Size(max = 2048)
    public String clientSecret;

    @Pattern(regexp = "client_secret_basic|client_secret_post|none")
    @Schema(enumeration = {"client_secret_basic", "client_secret_post", "none"})
    public String clientAuthMethod;

    @Schema(description = "Extra authorization-request parameters the identity provider needs, e.g."
            + " {\"audience\": \"https://api.example.com\"} for Auth0; " + ExtraParameters.RULE)
    public Map<String, String> authorizationParameters;

    @Schema(description = "Extra parameters of every token request (code exchange and refresh); "
            + ExtraParameters.RULE)
    public Map<String, String> tokenParameters;

    public AuthMode authModeOrDefault() {
        return authMode == null ? AuthMode.OAUTH2 : authMode;
    }

    public ConnectionMode connectionModeOrDefault() {
        return connectionMode == null ? ConnectionMode.PER_USER : connectionMode;
    }

    public boolean sendResourceOrDefault() {
        return sendResource == null || sendResource;
    }

    public boolean sendScopeOrDefault() {
        return sendScope == null || sendScope;
    }

    @AssertTrue(message = "scopes cannot be given with sendScope false")
    public boolean isScopesLeftOutWhenNoScopeIsSent() {
        return sendScopeOrDefault() || blank(scopes);
    }

    public PkcePolicy pkcePolicyOrDefault() {
        return pkcePolicy == null ? PkcePolicy.REQUIRE_ADVERTISED : pkcePolicy;
    }

    public DpopMode dpopOrDefault() {
        return dpop == null ? DpopMode.WHEN_ADVERTISED : dpop;
    }

    public int metadataTtlSecondsOrDefault() {
        return metadataTtlSeconds == null ? 86_400 : metadataTtlSeconds;
    }

    @AssertTrue(message = "a shared connection needs sharedRole")
    public boolean isSharedRoleGivenWhenShared() {
        return connectionModeOrDefault() == ConnectionMode.PER_USER || !blank(sharedRole);
    }

    @AssertTrue(message = "clientSecret and clientAuthMethod need clientId")
    public boolean isClientIdGivenWithClientDetails() {
        return !blank(clientId) || blank(clientSecret) && blank(clientAuthMethod);
    }

    /** Pre-registered credentials belong to one authorization server (MCP SEP-2352). */
    @AssertTrue(message = "a pre-registered clientId needs the issuer it was registered at")
    public boolean isIssuerGivenWithClientId() {
        return blank(clientId) || !blank(issuer);
    }

    @AssertTrue(message = "authorizationParameters: " + ExtraParameters.RULE)
    public boolean isAuthorizationParametersAllowed() {
        return ExtraParameters.allowed(authorizationParameters);
    }

    @AssertTrue(message = "tokenParameters: " + ExtraParameters.RULE)
    public boolean isTokenParametersAllowed() {
        return ExtraParameters.allowed(tokenParameters);
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "ServerInput[name=" + name + ", url=" + url + "]";
    }
}
