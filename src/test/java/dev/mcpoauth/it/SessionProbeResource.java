package dev.mcpoauth.it;

import dev.mcpoauth.authorization.entity.AuthorizationRequiredException;
import dev.mcpoauth.mcp.boundary.McpCalls;
import dev.mcpoauth.mcp.control.McpSession;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.token.boundary.AccessTokens;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * TEST WAR ONLY: one long MCP session of the CDI API (McpCalls.session), in one request: a call,
 * the token expiring under it, a call that must refresh, a revocation, and a call that must stop.
 */
@Path("test/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionProbeResource {

    @Inject
    McpCalls tools;

    @Inject
    Connections connections;

    @Inject
    AccessTokens accessTokens;

    @Inject
    UserTransaction transaction;

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @POST
    @Path("{connectionId}/long")
    public JsonObject longSession(@PathParam("connectionId") String connectionId, @QueryParam("user") String user,
            @QueryParam("admin") boolean admin) throws Exception {
        Identity owner = new Identity(user, admin, role -> false);
        var report = Json.createObjectBuilder();
        try (McpSession session = tools.session(owner, connectionId)) {
            report.add("first", text(session.callTool("echo", arguments("one"))));
            expireNow(connectionId);
            report.add("afterExpiry", text(session.callTool("echo", arguments("two"))));
            accessTokens.revoke(connections.find(connectionId).orElseThrow(), user);
            try {
                session.callTool("echo", arguments("three"));
                report.add("afterRevocation", "answered");
            } catch (AuthorizationRequiredException e) {
                report.add("afterRevocation", "authorization-required");
            }
        }
        return report.build();
    }

    void expireNow(String connectionId) throws Exception {
        transaction.begin();
        LocalDateTime past = LocalDateTime.ofInstant(Instant.now().minusSeconds(1), ZoneOffset.UTC);
        em.createNativeQuery("UPDATE token_set SET expires_at = ?1, half_life_at = ?1 WHERE connection_id = ?2")
                .setParameter(1, past)
                .setParameter(2, connectionId)
                .executeUpdate();
        transaction.commit();
    }

    static JsonObject arguments(String text) {
        return Json.createObjectBuilder().add("text", text).build();
    }

    static String text(JsonObject result) {
        return result.toString();
    }
}
