package dev.mcpoauth.oauth.entity;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.outbound.entity.UrlHost;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Typed reading of an upstream JSON object. Required members must be present with the right
 * type; optional members may be absent or JSON null, but a present member of the wrong type is
 * still an error (a mistyped {@code code_challenge_methods_supported} must not read as "absent").
 * Messages name the document and the member, never a member's value.
 */
public record JsonMembers(JsonObject json, String document) {

    public String requiredString(String name) {
        String value = optionalString(name);
        if (value == null || value.isEmpty()) {
            throw bad("has no " + name + " (a non-empty string is required)");
        }
        return value;
    }

    /** The string, or null when absent, JSON null or empty. */
    public String optionalString(String name) {
        JsonValue value = present(name);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != ValueType.STRING) {
            throw bad("has a member " + name + " that is not a string");
        }
        String text = ((JsonString) value).getString();
        return text.isEmpty() ? null : text;
    }

    public List<String> requiredStrings(String name) {
        List<String> values = optionalStrings(name);
        if (values.isEmpty()) {
            throw bad("has no " + name + " (a non-empty array of strings is required)");
        }
        return values;
    }

    /** The array of strings, empty when absent or JSON null. */
    public List<String> optionalStrings(String name) {
        JsonValue value = present(name);
        if (value == null) {
            return List.of();
        }
        if (value.getValueType() != ValueType.ARRAY) {
            throw bad("has a member " + name + " that is not an array");
        }
        List<String> values = new ArrayList<>();
        for (JsonValue item : (JsonArray) value) {
            if (item.getValueType() != ValueType.STRING) {
                throw bad("has a member " + name + " array with a member that is not a string");
            }
            values.add(((JsonString) item).getString());
        }
        return List.copyOf(values);
    }

    /** The boolean, false when absent or JSON null. */
    public boolean optionalBoolean(String name) {
        JsonValue value = present(name);
        if (value == null) {
            return false;
        }
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw bad("has a member " + name + " that is not a boolean");
        }
        return value == JsonValue.TRUE;
    }

    /** The integral number, or null when absent or JSON null. */
    public Long optionalLong(String name) {
        JsonValue value = present(name);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
            throw bad("has a member " + name + " that is not an integer");
        }
        try {
            return ((JsonNumber) value).longValueExact();
        } catch (ArithmeticException e) {
            throw bad("has a member " + name + " that is out of range");
        }
    }

    public String requiredUrl(String name, boolean allowLoopbackHttp) {
        return checkedUrl(requiredString(name), name, allowLoopbackHttp);
    }

    /** The URL, or null when absent; present URLs follow {@link #checkedUrl}. */
    public String optionalUrl(String name, boolean allowLoopbackHttp) {
        String value = optionalString(name);
        return value == null ? null : checkedUrl(value, name, allowLoopbackHttp);
    }

    /**
     * An absolute https URL with a host, no user information and no fragment (RFC 6749 §3.1,
     * §3.2; RFC 8414 §2). Plain http passes only for loopback hosts when allowed. Returned
     * unchanged: endpoints and identifiers are compared as strings.
     */
    public String checkedUrl(String value, String name, boolean allowLoopbackHttp) {
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw bad("has a member " + name + " that is not a valid URL");
        }
        if (!url.isAbsolute() || url.isOpaque() || url.getHost() == null) {
            throw bad("has a member " + name + " that is not an absolute URL with a host");
        }
        if (url.getRawFragment() != null) {
            throw bad("has a member " + name + " with a fragment");
        }
        if (url.getRawUserInfo() != null) {
            throw new ProblemException(Problem.URL_FORBIDDEN,
                    "The " + document + " has a member " + name + " with user information, which is not allowed.");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean loopbackHttp = scheme.equals("http") && allowLoopbackHttp && new UrlHost(url.getHost()).isLoopback();
        if (!scheme.equals("https") && !loopbackHttp) {
            throw new ProblemException(Problem.URL_FORBIDDEN,
                    "The " + document + " has a member " + name + " that does not use https.");
        }
        return value;
    }

    public ProblemException bad(String problem) {
        return new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, "The " + document + " " + problem + ".");
    }

    JsonValue present(String name) {
        JsonValue value = json.get(name);
        return value == null || value.getValueType() == ValueType.NULL ? null : value;
    }

    /** A builder holding every member of {@code raw}, for toJSON to lay the known members over. */
    public static JsonObjectBuilder over(JsonObject raw) {
        return JsonBuilders.object(raw);
    }

    public static void put(JsonObjectBuilder builder, String name, String value) {
        if (value != null) {
            builder.add(name, value);
        }
    }

    public static void put(JsonObjectBuilder builder, String name, List<String> values) {
        if (values != null && !values.isEmpty()) {
            JsonArrayBuilder array = JsonBuilders.array();
            values.forEach(array::add);
            builder.add(name, array);
        }
    }

    public static void put(JsonObjectBuilder builder, String name, boolean value) {
        if (value) {
            builder.add(name, true);
        }
    }
}
