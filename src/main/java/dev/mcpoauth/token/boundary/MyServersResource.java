package dev.mcpoauth.token.boundary;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.boundary.Servers;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The servers a person may use, each with their connection to it if there is one: what the "My connections"
 * page lists, without the admin's settings (issuer, client, overrides). Shared servers appear only to members of
 * their role.
 */
@Path("api/v1/me/servers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "connections", description = "The caller's connections to MCP servers")
public class MyServersResource {

    @Inject
    Caller caller;

    @Inject
    Servers servers;

    @Inject
    Connections connections;

    @Inject
    ConnectionViews views;

    @GET
    @Operation(operationId = "listMyServers", summary = "The servers the caller may connect to, with their connection")
    @APIResponse(responseCode = "200", description = "The servers the caller may use",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "MyServerList")))
    public JsonArray mine() {
        Identity identity = caller.identity();
        List<McpServer> usable = servers.all().stream()
                .filter(server -> server.sharedRole().map(identity::hasRole).orElse(true))
                .toList();
        Map<String, Connection> byServer = new HashMap<>();
        Stream.concat(connections.ownedBy(identity.name()).stream(), connections.sharedWith(usable.stream()
                        .flatMap(server -> server.sharedRole().stream()).collect(Collectors.toSet())).stream())
                .forEach(connection -> byServer.putIfAbsent(connection.server().id(), connection));
        var array = JsonBuilders.array();
        usable.forEach(server -> array.add(view(server, byServer.get(server.id()))));
        return array.build();
    }

    private JsonObjectBuilder view(McpServer server, Connection connection) {
        JsonObjectBuilder json = JsonBuilders.object()
                .add("serverId", server.id())
                .add("name", server.name())
                .add("url", server.url())
                .add("authMode", server.authMode().name())
                .add("connectionMode", server.connectionMode().name());
        server.sharedRole().ifPresent(role -> json.add("sharedRole", role));
        return json.add("connection", connection == null ? JsonValue.NULL : views.of(connection));
    }
}
