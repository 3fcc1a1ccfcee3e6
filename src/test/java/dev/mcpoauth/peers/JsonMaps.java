package dev.mcpoauth.peers;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * JSON for the peer harness, as plain maps and lists, via nimbus-jose-jwt (a dependency of the
 * broker itself; the JSON-P API on the test classpath has no matching provider).
 */
public final class JsonMaps {

    private JsonMaps() {
    }

    /** Parses a JSON object; numbers come back as {@link Long} or {@link Double}. */
    public static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(json), e);
        }
    }

    public static String write(Map<String, ?> object) {
        return JSONObjectUtils.toJSONString(object);
    }

    /** The value at a dotted path ({@code "token.refresh_token"}), or {@code null}. */
    public static Object at(Map<String, Object> object, String dottedPath) {
        Object current = object;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    public static String string(Map<String, Object> object, String dottedPath) {
        Object value = at(object, dottedPath);
        return value == null ? null : value.toString();
    }

    /** A number at a dotted path; a missing value counts as 0. */
    public static long number(Map<String, Object> object, String dottedPath) {
        Object value = at(object, dottedPath);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException(dottedPath + " is not a number: " + value);
    }

    @SuppressWarnings("unchecked")
    public static List<String> strings(Map<String, Object> object, String dottedPath) {
        Object value = at(object, dottedPath);
        return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
