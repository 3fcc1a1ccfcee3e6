package dev.mcpoauth.audit.entity;

import dev.mcpoauth.events.entity.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filters of an audit search; each is optional. {@code since} is inclusive, {@code until}
 * exclusive. Every value is bound as a query parameter, never spliced into the query.
 */
public record AuditQuery(String user, String serverId, String connectionId, String type, Outcome outcome,
        Instant since, Instant until) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null);
    }

    /** The JPQL for the selection ({@code a} is the entry), newest first unless counting. */
    public String jpql(String selection, boolean ordered) {
        String where = String.join(" AND ", conditions());
        return "SELECT " + selection + " FROM AuditEntry a" + (where.isEmpty() ? "" : " WHERE " + where)
                + (ordered ? " ORDER BY a.occurredAt DESC, a.id DESC" : "");
    }

    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        put(parameters, "user", user);
        put(parameters, "serverId", serverId);
        put(parameters, "connectionId", connectionId);
        put(parameters, "type", type);
        put(parameters, "outcome", outcome);
        put(parameters, "since", since);
        put(parameters, "until", until);
        return parameters;
    }

    List<String> conditions() {
        List<String> conditions = new ArrayList<>();
        parameters().keySet().forEach(name -> conditions.add(switch (name) {
            case "user" -> "a.subjectUser = :user";
            case "since" -> "a.occurredAt >= :since";
            case "until" -> "a.occurredAt < :until";
            default -> "a." + name + " = :" + name;
        }));
        return conditions;
    }

    static void put(Map<String, Object> parameters, String name, Object value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }
}
