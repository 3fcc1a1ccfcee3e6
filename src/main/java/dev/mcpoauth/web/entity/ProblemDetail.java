package dev.mcpoauth.web.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** An RFC 9457 problem details object, rendered with JSON-P as {@code application/problem+json}. */
public record ProblemDetail(Problem problem, String detail, String instance, Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public ProblemDetail {
        extensions = new TreeMap<>(extensions);
    }

    public static ProblemDetail of(Problem problem, String detail, String instance) {
        return new ProblemDetail(problem, detail, instance, Map.of());
    }

    public JsonObject toJSON() {
        JsonObjectBuilder json = JsonBuilders.object()
                .add("type", problem.type().toString())
                .add("title", problem.title())
                .add("status", problem.status())
                .add("retryable", problem.isRetryable())
                .add("requiresReauthorization", problem.requiresReauthorization());
        if (detail != null) {
            json.add("detail", detail);
        }
        if (instance != null) {
            json.add("instance", instance);
        }
        extensions.forEach((name, value) -> json.add(name, toJsonValue(value)));
        return json.build();
    }

    public Response toResponse() {
        return Response.status(problem.status())
                .type(MEDIA_TYPE)
                .entity(toJSON().toString())
                .build();
    }

    static JsonValue toJsonValue(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof Boolean flag) {
            return flag ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long) {
            return JsonBuilders.value(((Number) value).longValue());
        }
        if (value instanceof Collection<?> items) {
            var array = JsonBuilders.array();
            items.forEach(item -> array.add(toJsonValue(item)));
            return array.build();
        }
        return JsonBuilders.value(value.toString());
    }
}
