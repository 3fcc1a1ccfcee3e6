package dev.mcpoauth.mcp.control;

import dev.mcpoauth.json.JsonBuilders;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Between the SDK's Jackson-mapped schema records and JSON-P. Going through the wire form keeps
 * the MCP member names exactly as the SDK writes them, unknown members included.
 */
final class JsonTranslator {

    static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {};

    final McpJsonMapper mapper;

    JsonTranslator(McpJsonMapper mapper) {
        this.mapper = mapper;
    }

    JsonObject toJson(Object schemaRecord) {
        try (JsonReader reader = JsonBuilders.reader(new StringReader(mapper.writeValueAsString(schemaRecord)))) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> toMap(JsonObject object) {
        try {
            return mapper.readValue(object.toString(), MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
