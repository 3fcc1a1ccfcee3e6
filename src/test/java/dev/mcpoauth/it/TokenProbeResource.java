package dev.mcpoauth.it;

import dev.mcpoauth.token.boundary.AccessTokens;
import dev.mcpoauth.token.boundary.TokenRefreshTimer;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.token.entity.AccessToken;
import dev.mcpoauth.token.entity.TokenSet;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST WAR ONLY: lets client-side tests use the in-process API (AccessTokens), move a token's
 * expiry, replace it with one the MCP server refuses, run the refresh sweep now, and call
 * AccessTokens from many threads at once.
 */
@Path("test/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenProbeResource {

    @Inject
    AccessTokens accessTokens;

    @Inject
    TokenRefreshTimer timer;

    @Inject
    SecretSealer sealer;

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Resource
    ManagedThreadFactory threads;

    @GET
    @Path("{connectionId}")
    public JsonObject token(@PathParam("connectionId") String connectionId) {
        AccessToken token = accessTokens.forConnection(connectionId);
        return Json.createObjectBuilder()
                .add("token", token.value())
                .add("expiresAt", token.expiresAt().toString())
                .build();
    }

    @POST
    @Path("{connectionId}/expires-in/{duration}")
    @Transactional
    public JsonObject expireIn(@PathParam("connectionId") String connectionId, @PathParam("duration") String duration) {
        Instant now = Instant.now();
        Instant at = now.plus(Duration.parse(duration));
        // past the half of its lifetime too: the token is at the end of its life, not a new short one
        int changed = em.createNativeQuery("UPDATE token_set SET expires_at = ?1, half_life_at = ?2"
                        + " WHERE connection_id = ?3")
                .setParameter(1, LocalDateTime.ofInstant(at, ZoneOffset.UTC))
                .setParameter(2, LocalDateTime.ofInstant(at.isBefore(now) ? at : now, ZoneOffset.UTC))
                .setParameter(3, connectionId)
                .executeUpdate();
        return Json.createObjectBuilder().add("changed", changed).build();
    }

    /**
     * Stores an access token the authorization server never issued in place of the current one,
     * refresh token kept: to the MCP server (which introspects) it is a revoked token.
     */
    @POST
    @Path("{connectionId}/refused-access-token")
    @Transactional
    public JsonObject refusedAccessToken(@PathParam("connectionId") String connectionId) {
        TokenSet tokens = em.find(TokenSet.class, connectionId);
        tokens.refreshed(sealer, "never-issued-" + UUID.randomUUID(), null, null, tokens.renewedAt(),
                tokens.expiresAt());
        return Json.createObjectBuilder().add("changed", 1).build();
    }

    @POST
    @Path("sweep")
    public JsonObject sweep() {
        timer.sweep();
        return Json.createObjectBuilder().add("swept", true).build();
    }

    @POST
    @Path("{connectionId}/concurrent")
    public JsonObject concurrent(@PathParam("connectionId") String connectionId, @QueryParam("callers") int callers)
            throws InterruptedException {
        // one managed thread per caller: truly concurrent, unlike a small executor pool
        CountDownLatch start = new CountDownLatch(1);
        Set<String> distinct = ConcurrentHashMap.newKeySet();
        AtomicInteger failures = new AtomicInteger();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread caller = threads.newThread(() -> {
                try {
                    start.await();
                    distinct.add(accessTokens.forConnection(connectionId).value());
                } catch (InterruptedException | RuntimeException e) {
                    failures.incrementAndGet();
                }
            });
            caller.start();
            running.add(caller);
        }
        start.countDown();
        for (Thread caller : running) {
            caller.join(120_000);
        }
        return Json.createObjectBuilder()
                .add("callers", callers)
                .add("distinctTokens", distinct.size())
                .add("failures", failures.get())
                .build();
    }

}
