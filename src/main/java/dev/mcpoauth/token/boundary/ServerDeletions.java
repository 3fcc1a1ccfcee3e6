package dev.mcpoauth.token.boundary;

import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ServerDeletion;
import dev.mcpoauth.token.entity.RevocationReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Deleting a server ends its grants first: each connection is revoked at its authorization
 * server (RFC 7009) and audited as CredentialsRevoked, then the server goes with its connections
 * and tokens. An authorization server that refuses or cannot be reached does not keep the server
 * alive: it is deleted anyway, and the answer and the audit name each grant that may outlive it.
 * Runs outside a transaction: each revocation is its own short one, and none waits for another.
 */
@ApplicationScoped
public class ServerDeletions {

    @Inject
    Connections connections;

    @Inject
    AccessTokens accessTokens;

    void revokeGrants(@Observes ServerDeletion deletion) {
        for (Connection connection : connections.ofServer(deletion.serverId())) {
            RevocationReport report = accessTokens.revoke(connection, deletion.actor());
            deletion.revoked(connection, report.toJSON(), report.grantMayLive());
        }
    }
}
