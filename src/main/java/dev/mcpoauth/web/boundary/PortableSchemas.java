package dev.mcpoauth.web.boundary;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * The schema members whose Java types changed between MicroProfile OpenAPI 3.1 (OpenAPI 3.0:
 * one {@code type}, boolean {@code exclusiveMaximum}, {@code nullable}) and 4.x (OpenAPI 3.1 and
 * JSON Schema 2020-12: a list of types, numeric exclusive bounds, no {@code nullable}), reached by
 * name so that one WAR runs on Payara 6 (3.1) and Payara 7 (4.1). Calling them directly compiles
 * against one API and fails with {@code NoSuchMethodError} on the other.
 */
final class PortableSchemas {

    static final Method TYPE_SETTER = typeSetter();
    static final Method TYPE_GETTER = method("getType").orElseThrow();

    private PortableSchemas() {
    }

    static Schema ofType(SchemaType type) {
        Schema schema = OASFactory.createSchema();
        setType(schema, type);
        return schema;
    }

    static void setType(Schema schema, SchemaType type) {
        invoke(TYPE_SETTER, schema, TYPE_SETTER.getParameterTypes()[0] == List.class ? List.of(type) : type);
    }

    static boolean hasType(Schema schema, SchemaType type) {
        Object types = invoke(TYPE_GETTER, schema);
        return types instanceof List<?> list ? list.contains(type) : type.equals(types);
    }

    static boolean hasNoType(Schema schema) {
        Object types = invoke(TYPE_GETTER, schema);
        return types == null || types instanceof List<?> list && list.isEmpty();
    }

    /** Unsets a boolean member that is {@code false}; does nothing where the API has no such boolean. */
    static void unsetIfFalse(Schema schema, String member) {
        method("get" + member).filter(getter -> getter.getReturnType() == Boolean.class).ifPresent(getter -> {
            if (Boolean.FALSE.equals(invoke(getter, schema))) {
                method("set" + member, Boolean.class).ifPresent(setter -> invoke(setter, schema, (Object) null));
            }
        });
    }

    static Method typeSetter() {
        return method("setType", SchemaType.class).or(() -> method("setType", List.class)).orElseThrow();
    }

    static Optional<Method> method(String name, Class<?>... parameters) {
        try {
            return Optional.of(Schema.class.getMethod(name, parameters));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    static Object invoke(Method method, Schema schema, Object... arguments) {
        try {
            return method.invoke(schema, arguments);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
