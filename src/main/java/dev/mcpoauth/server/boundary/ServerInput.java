package dev.mcpoauth.server.boundary;

import dev.mcpoauth.sealing.entity.JwsKey;
import dev.mcpoauth.sealing.entity.SealingException;
import dev.mcpoauth.server.entity.AuthMode;
import dev.mcpoauth.server.entity.ConnectionMode;
import dev.mcpoauth.server.entity.DpopMode;
import dev.mcpoauth.server.entity.ExtraParameters;
import dev.mcpoauth.server.entity.PkcePolicy;
import dev.mcpoauth.server.entity.ServerGrant;
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

    @Schema(description = "The RFC 8707 resource to send instead of the one the MCP server publishes, for an"
            + " authorization server that knows it by another name (Entra ID: the application ID URI)")
    @Size(max = 1024)
    @Pattern(regexp = "[A-Za-z][A-Za-z0-9+.-]*:[^#\\s]+", message = "must be an absolute URI without a fragment")
    public String resource;

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

    @Pattern(regexp = "client_secret_basic|client_secret_post|private_key_jwt|none")
    @Schema(enumeration = {"client_secret_basic", "client_secret_post", "private_key_jwt", "none"},
            description = "private_key_jwt signs with clientPrivateKey, else with the broker's own signing key"
                    + " (published at /oauth/jwks.json)")
    public String clientAuthMethod;

    @Schema(writeOnly = true, description = "The pre-registered client's PKCS #8 PEM private key (RSA of 2048 bits"
            + " or more, or EC P-256/P-384/P-521) for private_key_jwt")
    @Size(max = 6000)
    public String clientPrivateKey;

    @Schema(description = "How tokens are obtained: AUTHORIZATION_CODE (a person signs in; the default),"
            + " CLIENT_CREDENTIALS or WORKLOAD_IDENTITY (service connections, SHARED only), ENTERPRISE_MANAGED"
            + " (a person's identity assertion exchanged at the organisation's identity provider)")
    public ServerGrant grant;

    @Schema(writeOnly = true, description = "WORKLOAD_IDENTITY: the workload's JWT, presented as the assertion")
    @Size(max = 12000)
    public String workloadToken;

    @Schema(description = "WORKLOAD_IDENTITY: a file the workload's JWT is read from at every token request"
            + " (e.g. a Kubernetes projected service-account token), under a directory that"
            + " mcpoauth.security.workload-token-directories allows")
    @Size(max = 1024)
    @Pattern(regexp = "/\\S+", message = "must be an absolute path")
    public String workloadTokenFile;

    @Schema(description = "ENTERPRISE_MANAGED: the organisation's identity provider's token endpoint (RFC 8693)")
    @Size(max = 1024)
    @Pattern(regexp = "https?://\\S+", message = "must be an absolute http(s) URL")
    public String idpTokenEndpoint;

    @Schema(description = "ENTERPRISE_MANAGED: the broker's client id at the identity provider")
    @Size(max = 1024)
    public String idpClientId;

    @Schema(writeOnly = true, description = "ENTERPRISE_MANAGED: the broker's client secret at the identity provider"
            + " (client_secret_basic), if it has one")
    @Size(max = 2048)
    public String idpClientSecret;

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

    public ServerGrant grantOrDefault() {
        return grant == null ? ServerGrant.AUTHORIZATION_CODE : grant;
    }

    public boolean sendResourceOrDefault() {
        return sendResource == null || sendResource;
    }

    public boolean sendScopeOrDefault() {
        return sendScope == null || sendScope;
    }

    @AssertTrue(message = "resource cannot be given with sendResource false")
    public boolean isResourceLeftOutWhenNoResourceIsSent() {
        return sendResourceOrDefault() || blank(resource);
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

    @AssertTrue(message = "clientSecret, clientPrivateKey and clientAuthMethod need clientId")
    public boolean isClientIdGivenWithClientDetails() {
        return !blank(clientId) || blank(clientSecret) && blank(clientPrivateKey) && blank(clientAuthMethod);
    }

    @AssertTrue(message = "clientPrivateKey must be a PKCS #8 PEM private key: RSA of 2048 bits or more, or EC"
            + " P-256, P-384 or P-521")
    public boolean isClientPrivateKeyUsable() {
        if (blank(clientPrivateKey)) {
            return true;
        }
        try {
            JwsKey.fromPem(clientPrivateKey);
            return true;
        } catch (SealingException e) {
            return false;
        }
    }

    @AssertTrue(message = "a CLIENT_CREDENTIALS or WORKLOAD_IDENTITY connection has no person: it needs"
            + " connectionMode SHARED")
    public boolean isServiceGrantShared() {
        return !grantOrDefault().isService() || connectionModeOrDefault() == ConnectionMode.SHARED;
    }

    @AssertTrue(message = "an ENTERPRISE_MANAGED connection is each person's own: it needs connectionMode PER_USER")
    public boolean isEnterpriseManagedPerUser() {
        return grantOrDefault() != ServerGrant.ENTERPRISE_MANAGED || connectionModeOrDefault() == ConnectionMode.PER_USER;
    }

    @AssertTrue(message = "CLIENT_CREDENTIALS and ENTERPRISE_MANAGED need the pre-registered clientId")
    public boolean isClientIdGivenForGrant() {
        ServerGrant chosen = grantOrDefault();
        return chosen != ServerGrant.CLIENT_CREDENTIALS && chosen != ServerGrant.ENTERPRISE_MANAGED || !blank(clientId);
    }

    @AssertTrue(message = "workloadToken and workloadTokenFile are for WORKLOAD_IDENTITY, one of them")
    public boolean isWorkloadTokenGivenOnlyForWorkloads() {
        return grantOrDefault() == ServerGrant.WORKLOAD_IDENTITY
                ? blank(workloadToken) || blank(workloadTokenFile)
                : blank(workloadToken) && blank(workloadTokenFile);
    }

    @AssertTrue(message = "ENTERPRISE_MANAGED needs idpTokenEndpoint and idpClientId; they are for it only")
    public boolean isIdentityProviderGivenForEnterpriseManaged() {
        boolean given = !blank(idpTokenEndpoint) && !blank(idpClientId);
        return grantOrDefault() == ServerGrant.ENTERPRISE_MANAGED
                ? given : blank(idpTokenEndpoint) && blank(idpClientId) && blank(idpClientSecret);
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
