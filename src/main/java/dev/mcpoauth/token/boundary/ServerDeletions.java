package dev.mcpoauth.token.boundary;

import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.boundary.Servers;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.entity.ServerDeletion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

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
    Servers servers;

    @Inject
    Connections connections;

    @Inject
    AccessTokens accessTokens;

    public ServerDeletion delete(String serverId, String actor) {
        servers.find(serverId);
        List<ServerDeletion.Revoked> revoked = new ArrayList<>();
        for (Connection connection : connections.ofServer(serverId)) {
            revoked.add(new ServerDeletion.Revoked(connection, accessTokens.revoke(connection, actor)));
        }
        servers.delete(serverId);
        return new ServerDeletion(serverId, revoked);
    }
}
