package dev.mcpoauth.audit.boundary;

import dev.mcpoauth.audit.entity.AuditQuery;
import dev.mcpoauth.events.entity.Outcome;
import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.boundary.Caller;
import dev.mcpoauth.web.entity.InputErrors;
import dev.mcpoauth.web.entity.Paging;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail for admins: every OAuth event, filtered and paged, newest first. */
@Path("api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.ADMIN)
@Tag(name = "audit", description = "The audit trail (admins)")
public class AuditResource {

    static final String INSTANT = "must be an ISO-8601 instant such as 2026-01-31T09:00:00Z";

    @Inject
    AuditTrail trail;

    @GET
    @Operation(operationId = "searchAudit", summary = "Search the audit trail, newest first",
            description = "Filters combine with AND; since is inclusive, until exclusive. At most 200 items a page.")
    @APIResponse(responseCode = "200", description = "One page of audit rows",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AuditPage")))
    public JsonObject search(@QueryParam("user") String user, @QueryParam("server") String server,
            @QueryParam("connection") String connection, @QueryParam("type") String type,
            @QueryParam("outcome") String outcome, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("page") String page, @QueryParam("size") String size) {
        InputErrors errors = new InputErrors();
        AuditQuery query = new AuditQuery(errors.text("user", user, 200), errors.text("server", server, 36),
                errors.text("connection", connection, 36), errors.text("type", type, 64),
                errors.parse("outcome", outcome, value -> Outcome.valueOf(value.toUpperCase(Locale.ROOT)),
                        "must be SUCCESS, FAILURE or INFO"),
                errors.parse("since", since, Instant::parse, INSTANT),
                errors.parse("until", until, Instant::parse, INSTANT));
        Paging paging = Paging.of(page, size, errors);
        errors.throwIfAny();
        var items = JsonBuilders.array();
        trail.search(query, paging).forEach(entry -> items.add(entry.toJSON()));
        return paging.toJSON(items.build(), trail.count(query));
    }
}
