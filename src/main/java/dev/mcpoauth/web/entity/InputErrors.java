package dev.mcpoauth.web.entity;

import dev.mcpoauth.json.JsonBuilders;
import jakarta.json.JsonArrayBuilder;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads query parameters and collects every mistake, so that one {@code invalid-input} problem
 * names all the fields to correct (the shape Bean Validation failures get).
 */
public final class InputErrors {

    private final JsonArrayBuilder errors = JsonBuilders.array();
    private boolean any;

    /** The trimmed value, or null when absent or blank. */
    public String text(String field, String raw, int maxLength) {
        String value = raw == null || raw.isBlank() ? null : raw.strip();
        if (value != null && value.length() > maxLength) {
            return reject(field, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    /** The parsed value, or null when absent, blank or unparseable (which is recorded). */
    public <T> T parse(String field, String raw, Function<String, T> parser, String message) {
        String value = text(field, raw, 200);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            return reject(field, message);
        }
    }

    public int number(String field, String raw, int fallback, int min, int max) {
        Integer value = parse(field, raw, Integer::valueOf, "must be a whole number");
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            reject(field, "must be between " + min + " and " + max);
            return fallback;
        }
        return value;
    }

    public void throwIfAny() {
        if (any) {
            throw new ProblemException(Problem.INVALID_INPUT, "Correct the listed fields and try again.",
                    Map.of("errors", errors.build()));
        }
    }

    public <T> T reject(String field, String message) {
        any = true;
        errors.add(JsonBuilders.object().add("field", field).add("message", message));
        return null;
    }
}
