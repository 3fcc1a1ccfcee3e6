package dev.mcpoauth.oauth.control;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.NoSuchElementException;

/** A response body that must be exactly one JSON object (RFC 8414 §3.2, RFC 9728 §3.2). */
public final class JsonBody {

    static final JsonProvider JSON = JsonProvider.provider();
    static final int MAX_NESTING = 32;

    private JsonBody() {}

    /** A JSON object; the nesting check runs first so that a deeply nested body cannot exhaust the stack. */
    public static JsonObject parse(byte[] body, String where) {
        try {
            try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
                int depth = 0;
                while (parser.hasNext()) {
                    switch (parser.next()) {
                        case START_OBJECT, START_ARRAY -> {
                            if (++depth > MAX_NESTING) {
                                throw bad(where + " nests JSON deeper than " + MAX_NESTING + " levels.");
                            }
                        }
                        case END_OBJECT, END_ARRAY -> depth--;
                        default -> { }
                    }
                }
            }
            try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
                JsonValue value = reader.readValue();
                if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw bad(where + " sent JSON " + value.getValueType().name().toLowerCase(Locale.ROOT)
                            + " where an object is required.");
                }
                return value.asJsonObject();
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw bad(where + " did not send valid JSON.");
        }
    }

    static ProblemException bad(String message) {
        return new ProblemException(Problem.BAD_UPSTREAM_DOCUMENT, message);
    }
}
