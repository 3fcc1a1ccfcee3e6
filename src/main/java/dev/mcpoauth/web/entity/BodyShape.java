package dev.mcpoauth.web.entity;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks the members of a JSON body against the public fields of the input class it will be
 * bound to, so that a wrong type or enum value is refused naming the field and what it accepts:
 * JSON-B only says that something could not be read, and reads {@code "yes"} as {@code false}.
 * Members the class does not have are left to the binding, which ignores them.
 */
public final class BodyShape {

    private BodyShape() {}

    /** @throws ProblemException INVALID_INPUT listing every member of the wrong type */
    public static void check(JsonObject body, Class<?> type) {
        InputErrors errors = new InputErrors();
        for (Field field : type.getFields()) {
            JsonValue value = body.get(field.getName());
            if (Modifier.isStatic(field.getModifiers()) || value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                continue;
            }
            String mistake = field.getType() == Map.class ? mapMistake(value) : mistake(field.getType(), value);
            if (mistake != null) {
                errors.reject(field.getName(), mistake);
            }
        }
        errors.throwIfAny();
    }

    /** The broker's map fields are objects of strings. */
    static String mapMistake(JsonValue value) {
        return value instanceof JsonObject object && object.values().stream().allMatch(JsonString.class::isInstance)
                ? null : "must be an object whose values are strings";
    }

    /** What is wrong with the value for a field of this type, or null. */
    static String mistake(Class<?> type, JsonValue value) {
        if (type == String.class) {
            return value instanceof JsonString ? null : "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return value == JsonValue.TRUE || value == JsonValue.FALSE ? null : "must be true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return value instanceof JsonNumber number && number.isIntegral() ? null : "must be a whole number";
        }
        if (type.isEnum()) {
            boolean known = value instanceof JsonString text && Arrays.stream(type.getEnumConstants())
                    .anyMatch(constant -> ((Enum<?>) constant).name().equals(text.getString()));
            return known ? null : "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name()).collect(Collectors.joining(", "));
        }
        return null;
    }
}
