package dev.mcpoauth.audit.boundary;

import dev.mcpoauth.audit.entity.Audience;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's live events as server-sent events; admins receive every event. */
@Path("api/v1/events")
@RolesAllowed({Caller.USER, Caller.ADMIN})
@Tag(name = "events", description = "Live OAuth events (server-sent events)")
public class EventsResource {

    @Inject
    Caller caller;

    @Inject
    Connections connections;

    @Inject
    EventStreams streams;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "subscribeEvents", summary = "Stream the caller's events",
            description = "First the events missed since Last-Event-ID (the audit id; or ?lastEventId= for a new"
                    + " EventSource), then a connection-state event per connection, then live events named by type"
                    + " with the audit id as SSE id, and a heartbeat comment.")
    @APIResponse(responseCode = "200", description = "The event stream; it stays open",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(ref = "EventStream")))
    public void subscribe(@Context SseEventSink sink, @Context Sse sse,
            @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
            @QueryParam("lastEventId") String lastEventIdQuery) {
        Identity identity = caller.identity();
        // the role test needs this request's security context, so the roles are resolved now
        Audience audience = new Audience(identity.name(), identity.admin(), connections.sharedRoles().stream()
                .filter(identity::hasRole).collect(Collectors.toSet()));
        streams.subscribe(sink, sse, audience, eventId(lastEventIdHeader).or(() -> eventId(lastEventIdQuery)));
    }

    static Optional<Long> eventId(String value) {
        try {
            return Optional.ofNullable(value).map(String::strip).map(Long::valueOf).filter(id -> id >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
