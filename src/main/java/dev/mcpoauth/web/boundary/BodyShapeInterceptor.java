package dev.mcpoauth.web.boundary;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.web.entity.BodyShape;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Before JSON-B binds a body to one of the broker's input classes, checks it is a JSON object
 * whose members have the fields' types ({@link BodyShape}). The body is already in memory and
 * bounded ({@link BodyLimitFilter}).
 */
@Provider
public class BodyShapeInterceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!isInputClass(context.getType()) || !MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        if (body.length > 0) {
            BodyShape.check(object(body), context.getType());
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    static boolean isInputClass(Class<?> type) {
        return type.getPackageName().startsWith("dev.mcpoauth.") && !type.isEnum() && !type.isInterface();
    }

    static JsonObject object(byte[] body) {
        JsonValue value;
        try (JsonReader reader = JsonBuilders.reader(new ByteArrayInputStream(body))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new ProblemException(Problem.BAD_REQUEST, "The request body is not valid JSON.");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProblemException(Problem.BAD_REQUEST, "The request body must be a JSON object.");
        }
        return value.asJsonObject();
    }
}
