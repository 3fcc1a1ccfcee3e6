package dev.mcpoauth.it;

import dev.mcpoauth.mcp.control.McpConnector;
import dev.mcpoauth.mcp.control.McpSession;
import dev.mcpoauth.mcp.control.TokenSource;
import dev.mcpoauth.mcp.control.WireMemory;
import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.security.boundary.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Test-only (packaged by McpSessionsIT, never in the product WAR): drives McpConnector from
 * JAX-RS request threads, the way the broker's boundaries will. The token source reads the
 * request-scoped {@link Caller}, which works only on the caller's container thread, and records
 * who asked on which thread. A failure answers 502 with the exception's type and challenge.
 */
@ApplicationScoped
@Path("api/test/mcp-sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class McpSessionsResource {

    /** One open session and the token the test has set for it. */
    record Entry(McpSession session, AtomicReference<String> token, List<String> askedBy) {}

    final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    @Inject
    McpConnector connector;

    @Inject
    Caller caller;

    @Inject
    WireMemory wires;

    @POST
    public Response open(JsonObject request) {
        AtomicReference<String> token = new AtomicReference<>(request.getString("token"));
        List<String> askedBy = new CopyOnWriteArrayList<>();
        TokenSource source = () -> {
            askedBy.add(caller.name() + "@" + Thread.currentThread().getName());
            return token.get();
        };
        return answer(askedBy, () -> {
            URI url = URI.create(request.getString("url"));
            wires.forget(url.toString()); // every session here negotiates, whatever ran before
            McpSession session = connector.open(url, source);
            String id = UUID.randomUUID().toString();
            sessions.put(id, new Entry(session, token, askedBy));
            return Json.createObjectBuilder().add("id", id).add("initializeResult", session.server());
        });
    }

    @PUT
    @Path("{id}/token")
    public void token(@PathParam("id") String id, JsonObject request) {
        entry(id).token().set(request.getString("token"));
    }

    @GET
    @Path("{id}/tools")
    public Response tools(@PathParam("id") String id) {
        Entry entry = entry(id);
        return answer(entry.askedBy(), () -> Json.createObjectBuilder().add("tools", entry.session().listTools()));
    }

    @POST
    @Path("{id}/calls")
    public Response call(@PathParam("id") String id, JsonObject request) {
        Entry entry = entry(id);
        return answer(entry.askedBy(), () -> Json.createObjectBuilder().add("result",
                entry.session().callTool(request.getString("name"), request.getJsonObject("arguments"))));
    }

    @DELETE
    @Path("{id}")
    public void close(@PathParam("id") String id) {
        Entry entry = sessions.remove(id);
        if (entry != null) {
            entry.session().close();
        }
    }

    Entry entry(String id) {
        Entry entry = sessions.get(id);
        if (entry == null) {
            throw new NotFoundException();
        }
        return entry;
    }

    static Response answer(List<String> askedBy, Supplier<JsonObjectBuilder> operation) {
        try {
            return Response.ok(operation.get().add("askedBy", Json.createArrayBuilder(askedBy)).build()).build();
        } catch (McpSessionException e) {
            JsonObjectBuilder failure = Json.createObjectBuilder()
                    .add("exception", e.getClass().getName())
                    .add("reason", e.reason().name())
                    .add("message", e.getMessage())
                    .add("askedBy", Json.createArrayBuilder(askedBy));
            if (e instanceof McpAuthorizationException refused) {
                failure.add("status", refused.status())
                        .add("insufficientScope", refused.isInsufficientScope())
                        .add("scopes", Json.createArrayBuilder(refused.challengedScopes()));
                refused.challenge().ifPresent(challenge -> failure.add("challenge", Json.createObjectBuilder(
                        Map.<String, Object>copyOf(challenge.params()))));
            }
            return Response.status(502).entity(failure.build()).build();
        }
    }
}
