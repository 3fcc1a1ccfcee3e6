package dev.mcpoauth.discovery;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test documents under src/test/resources. */
public final class Fixtures {

    private Fixtures() {}

    public static JsonObject json(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            try (JsonReader reader = Json.createReader(in)) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new java.io.StringReader(json))) {
            return reader.readObject();
        }
    }
}
