package dev.mcpoauth.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.InputStream;
import java.io.Reader;
import java.util.Collection;
import java.util.Map;

/**
 * JSON-P builders and readers from one provider, found once. {@code jakarta.json.Json}'s static
 * methods look the provider up (a ServiceLoader scan) on every call, which thread samples under
 * load showed as most of the time of a status read.
 */
public final class JsonBuilders {

    static final JsonProvider PROVIDER = JsonProvider.provider();
    static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());

    private JsonBuilders() {}

    public static JsonObjectBuilder object() {
        return BUILDERS.createObjectBuilder();
    }

    public static JsonObjectBuilder object(JsonObject initial) {
        return BUILDERS.createObjectBuilder(initial);
    }

    public static JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    public static JsonArrayBuilder array(Collection<?> initial) {
        return BUILDERS.createArrayBuilder(initial);
    }

    public static JsonReader reader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    public static JsonReader reader(InputStream in) {
        return PROVIDER.createReader(in);
    }

    public static JsonString value(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber value(long value) {
        return PROVIDER.createValue(value);
    }
}
