package dev.mcpoauth.token.control;

import dev.mcpoauth.authorization.control.ScopeSelection;
import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.TokenEndpointAuthMethod;
import dev.mcpoauth.registration.boundary.Registrations;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.server.control.WorkloadTokenFiles;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.token.entity.TokenResponse;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/**
 * The token request of a grant that needs no browser, as the server is configured for it: client
 * credentials (RFC 6749 §4.4), a workload's identity token as a JWT bearer grant (RFC 7523 §2.1,
 * MCP SEP-1933), or a person's identity assertion exchanged at the organisation's identity
 * provider for an ID-JAG (RFC 8693) that is then the JWT bearer grant (MCP SEP-990).
 */
@Dependent
public class GrantRequests {

    @Inject
    TokenEndpoint tokenEndpoint;

    @Inject
    Registrations registrations;

    @Inject
    WorkloadTokenFiles workloadTokenFiles;

    @Inject
    SecretSealer sealer;

    /**
     * @param identityAssertion the person's ID token for ENTERPRISE_MANAGED, else ignored
     * @param dpop the connection's DPoP key: the token request carries a proof of it (RFC 9449 §5), or null
     * @throws dev.mcpoauth.oauth.entity.OAuthRequestException as {@link TokenEndpoint} does
     * @throws ProblemException when the server's configuration cannot make the request
     */
    public TokenResponse request(McpServer server, ServerDiscovery found, String identityAssertion,
            EventSubject subject, DpopKey dpop) {
        AuthorizationServerMetadata as = found.authorizationServer();
        String resource = server.resource(found.resource()).orElse(null);
        String scope = scope(server, found);
        var extra = server.tokenParameters().values();
        return switch (server.grant()) {
            case CLIENT_CREDENTIALS -> tokenEndpoint.clientCredentials(as.tokenEndpoint(), client(server, found, subject),
                    scope, resource, extra, dpop);
            case WORKLOAD_IDENTITY -> tokenEndpoint.jwtBearer(as.tokenEndpoint(),
                    server.clientId().isPresent() ? client(server, found, subject) : null, workloadToken(server),
                    scope, resource, extra, dpop);
            case ENTERPRISE_MANAGED -> {
                if (identityAssertion == null) {
                    throw new ProblemException(Problem.AUTHORIZATION_REQUIRED, "Connecting to " + server.name()
                            + " needs your identity assertion (an ID token of your organisation's identity provider).");
                }
                // the ID-JAG always names the MCP server (SEP-990), as the authorization server knows it
                String grant = tokenEndpoint.identityAssertionGrant(server.idpTokenEndpoint().orElseThrow(),
                        identityProviderClient(server), identityAssertion, as.issuer(),
                        server.resourceOverride().orElse(found.resource()), scope);
                // the proof goes to the MCP server's authorization server only: the IdP's grant is not bound
                yield tokenEndpoint.jwtBearer(as.tokenEndpoint(), client(server, found, subject), grant, scope,
                        resource, extra, dpop);
            }
            case AUTHORIZATION_CODE -> throw new IllegalStateException("a sign-in grant has no browserless request");
        };
    }

    /** What is asked for: the admin's scopes, else the challenge's or the resource's; never offline_access. */
    public String scope(McpServer server, ServerDiscovery found) {
        if (!server.sendsScope()) {
            return null;
        }
        return ScopeSelection.withoutPerson(found.challengeScope().orElse(null), found.scopesSupported(),
                server.scopes()).scope().orElse(null);
    }

    ClientAuthentication client(McpServer server, ServerDiscovery found, EventSubject subject) {
        return registrations.clientFor(server, found.authorizationServer(), subject).authentication();
    }

    ClientAuthentication identityProviderClient(McpServer server) {
        String clientId = server.idpClientId().orElseThrow();
        return server.idpClientSecret(sealer)
                .map(secret -> new ClientAuthentication(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, clientId, secret))
                .orElseGet(() -> ClientAuthentication.none(clientId));
    }

    String workloadToken(McpServer server) {
        return server.workloadToken(sealer)
                .orElseGet(() -> workloadTokenFiles.read(server.workloadTokenFile().orElseThrow(() ->
                        new ProblemException(Problem.SERVER_NOT_SET_UP, "The server " + server.name()
                                + " has no workload identity token configured."))));
    }
}
