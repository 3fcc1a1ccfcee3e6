package dev.mcpoauth.web.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Payara's scanner copies the default of every {@code @Schema} annotation member into the schema
 * it builds, as if it had been given: {@code maxProperties: 0} (which forbids every property, so
 * a strict client would reject every valid body), {@code minProperties: 0}, {@code minLength: 0}
 * and false flags. MicroProfile OpenAPI defines those defaults as "not set"; this removes them.
 */
final class AnnotationDefaults {

    private AnnotationDefaults() {
    }

    static void strip(Schema schema) {
        strip(schema, new ArrayList<>());
    }

    private static void strip(Schema schema, List<Schema> seen) {
        if (schema == null || seen.stream().anyMatch(known -> known == schema)) {
            return;
        }
        seen.add(schema);
        if (Integer.valueOf(0).equals(schema.getMaxProperties())) {
            schema.setMaxProperties(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinProperties())) {
            schema.setMinProperties(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinLength())) {
            schema.setMinLength(null);
        }
        PortableSchemas.unsetIfFalse(schema, "ExclusiveMaximum");
        PortableSchemas.unsetIfFalse(schema, "ExclusiveMinimum");
        if (Boolean.FALSE.equals(schema.getUniqueItems())) {
            schema.setUniqueItems(null);
        }
        PortableSchemas.unsetIfFalse(schema, "Nullable");
        if (Boolean.FALSE.equals(schema.getReadOnly())) {
            schema.setReadOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getWriteOnly())) {
            schema.setWriteOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getDeprecated())) {
            schema.setDeprecated(null);
        }
        if (schema.getEnumeration() != null && !schema.getEnumeration().isEmpty() && PortableSchemas.hasNoType(schema)
                && schema.getRef() == null) {
            // Java enums come out without a type; every one the broker shows is a string
            PortableSchemas.setType(schema, Schema.SchemaType.STRING);
        }
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            properties.values().forEach(property -> strip(property, seen));
        }
        strip(schema.getItems(), seen);
        strip(schema.getNot(), seen);
        strip(schema.getAdditionalPropertiesSchema(), seen);
        for (List<Schema> group : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (group != null) {
                group.forEach(member -> strip(member, seen));
            }
        }
    }
}
