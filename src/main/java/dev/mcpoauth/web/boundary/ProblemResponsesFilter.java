package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.CrossSiteRule;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemDetail;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Documents the broker's errors in the OpenAPI document: a {@code Problem} schema (RFC 9457 with
 * the broker's extensions) listing every problem type of the {@link Problem} catalogue, reusable
 * responses, and on every operation the problem responses it can give ({@link OperationProblems}),
 * each listing its problem types (also as {@code x-problem-types}). Generated from the catalogue
 * so the document cannot drift from what the broker answers. Also corrects what Payara's scanner
 * gets wrong: annotation defaults in schemas, a tag per resource class, its own server URL and
 * its non-standard {@code endpoints} member. Registered with {@code mp.openapi.filter}.
 */
public class ProblemResponsesFilter implements OASFilter {

    static final String SCHEMA = "Problem";
    static final String SCHEMA_REF = "#/components/schemas/" + SCHEMA;

    static final String PROBLEM_TYPES = "x-problem-types";
    static final String PROBLEM_CAUSES = "x-problem-causes";
    static final String DELETE_NOTE = "Send the header Content-Type: application/json (else 415) and no body.";
    static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(AnnotationDefaults::strip);
        }
        components.addSchema(SCHEMA, problemSchema());
        components.addResponse("Problem", problemResponse(
                "A problem (RFC 9457): see the Problem schema for every type, its status and flags."));
        openAPI.setServers(List.of(OASFactory.createServer().url(publicBaseUrl())
                .description("This broker (mcpoauth.public-base-url)")));
        openAPI.setTags(uniqueTags(openAPI.getTags()));
        dropPayaraEndpoints(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach(ProblemResponsesFilter::document);
    }

    static String publicBaseUrl() {
        return ConfigProvider.getConfig().getOptionalValue("mcpoauth.public-base-url", String.class)
                .orElse(DEFAULT_BASE_URL);
    }

    /** Payara adds a tag once per resource class that names it (with its @Tag description); OpenAPI wants each once. */
    static List<Tag> uniqueTags(List<Tag> tags) {
        Map<String, Tag> unique = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(tag -> unique.putIfAbsent(tag.getName(), tag));
        }
        return new ArrayList<>(unique.values());
    }

    /**
     * Payara writes its own top-level {@code endpoints} member, which OpenAPI 3.0 does not allow
     * (only {@code x-} extensions, §4.9): validators reject the document. It is not part of the
     * MicroProfile model, so it is emptied through Payara's own setter when there is one (empty, not
     * null: Payara copies it per request, and leaves empty members out).
     */
    static void dropPayaraEndpoints(OpenAPI openAPI) {
        try {
            openAPI.getClass().getMethod("setEndpoints", Map.class).invoke(openAPI, Map.of());
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another runtime: nothing of the kind to clear
        }
    }

    static void document(String path, PathItem item) {
        item.getOperations().forEach((method, operation) -> {
            String id = String.valueOf(operation.getOperationId());
            stripDefaults(operation);
            if (operation.getRequestBody() == null && CrossSiteRule.appliesTo(method.name(), path)) {
                if (method == PathItem.HttpMethod.DELETE) {
                    // Payara's HTTP listener refuses a DELETE with a body (400), and OpenAPI 3.0 ignores one
                    operation.setDescription((operation.getDescription() == null ? ""
                            : operation.getDescription() + " ") + DELETE_NOTE);
                } else {
                    operation.setRequestBody(emptyJsonBody());
                }
            }
            APIResponses responses = operation.getResponses();
            if (responses != null && responses.getDefaultValue() != null && !OperationProblems.PAGES.contains(id)) {
                // Payara's "Default Response." describes the success as the default; the success is documented
                responses.removeAPIResponse(APIResponses.DEFAULT);
            }
            OperationProblems.of(id, path, method.name())
                    .forEach((status, answer) -> add(operation, status, answer));
            // also on pages: what fails before the resource (authentication, a 500) is a problem
            add(operation, APIResponses.DEFAULT, new OperationProblems.Answer(
                    "Any other problem of the catalogue; see the Problem schema.", List.of()));
        });
    }

    /**
     * A change without a body still says Content-Type: application/json, or it is refused with 415
     * (CrossSiteRule: no page of another site can send that without asking first); documented as a
     * required {} so that a generated client sends it.
     */
    static RequestBody emptyJsonBody() {
        return OASFactory.createRequestBody().required(true)
                .description("Nothing to say: send {} as application/json.")
                .content(OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                        .schema(PortableSchemas.ofType(Schema.SchemaType.OBJECT))));
    }

    static void stripDefaults(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(parameter -> {
                Schema schema = parameter.getSchema();
                AnnotationDefaults.strip(schema);
                // a @DefaultValue is text; a boolean parameter's default is a boolean
                if (schema != null && PortableSchemas.hasType(schema, Schema.SchemaType.BOOLEAN)
                        && schema.getDefaultValue() instanceof String text) {
                    schema.setDefaultValue(Boolean.valueOf(text));
                }
            });
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().getMediaTypes().values()
                    .forEach(media -> AnnotationDefaults.strip(media.getSchema()));
        }
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().values().forEach(response -> {
                if (response.getContent() != null) {
                    response.getContent().getMediaTypes().values()
                            .forEach(media -> AnnotationDefaults.strip(media.getSchema()));
                }
                if (response.getHeaders() != null) {
                    response.getHeaders().values().forEach(header -> AnnotationDefaults.strip(header.getSchema()));
                }
            });
        }
    }

    static void add(Operation operation, String status, OperationProblems.Answer answer) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        APIResponse existing = responses.getAPIResponse(status);
        if (existing == null) {
            existing = problemResponse(describe(answer));
            responses.addAPIResponse(status, existing);
        } else if (existing.getContent() == null
                || existing.getContent().getMediaType(ProblemDetail.MEDIA_TYPE) == null) {
            if (existing.getContent() == null) {
                existing.setContent(OASFactory.createContent());
            }
            existing.getContent().addMediaType(ProblemDetail.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA_REF)));
            existing.setDescription(existing.getDescription() + " Or a problem: " + describe(answer));
        }
        if (!answer.types().isEmpty()) {
            existing.addExtension(PROBLEM_TYPES, answer.types().stream().map(problem -> problem.type().toString()).toList());
        }
        if (answer.types().contains(Problem.SERVER_CONFIGURATION_REFUSED)) {
            existing.addExtension(PROBLEM_CAUSES,
                    OperationProblems.REFUSAL_CAUSES.stream().map(problem -> problem.type().toString()).toList());
        }
    }

    static String describe(OperationProblems.Answer answer) {
        if (answer.types().isEmpty()) {
            return answer.note();
        }
        return answer.note() + " Problem types: " + answer.types().stream().map(ProblemResponsesFilter::slug)
                .collect(java.util.stream.Collectors.joining(", ")) + ".";
    }

    /** The last part of the type URI, as people say it: {@code not-found}. */
    static String slug(Problem problem) {
        String type = problem.type().toString();
        return type.substring(type.lastIndexOf(':') + 1);
    }

    static APIResponse problemResponse(String description) {
        return OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent().addMediaType(ProblemDetail.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA_REF))));
    }

    static Schema problemSchema() {
        List<Object> types = Arrays.stream(Problem.values()).map(problem -> (Object) problem.type().toString()).toList();
        StringBuilder catalogue = new StringBuilder("An RFC 9457 problem details object, served as ")
                .append(ProblemDetail.MEDIA_TYPE)
                .append(". `type` is stable: clients branch on it, people read `title` and `detail`.\n\n")
                .append("| type | status | title | retryable | requiresReauthorization |\n|---|---|---|---|---|\n");
        for (Problem problem : Problem.values()) {
            catalogue.append("| `").append(problem.type()).append("` | ").append(problem.status()).append(" | ")
                    .append(problem.title()).append(" | ").append(problem.isRetryable()).append(" | ")
                    .append(problem.requiresReauthorization()).append(" |\n");
        }
        return PortableSchemas.ofType(Schema.SchemaType.OBJECT)
                .description(catalogue.toString())
                .addRequired("type").addRequired("title").addRequired("status")
                .addRequired("retryable").addRequired("requiresReauthorization")
                .properties(new java.util.LinkedHashMap<>(Map.ofEntries(
                        Map.entry("type", string("The problem type: a stable URI from the catalogue above.")
                                .format("uri").enumeration(types)),
                        Map.entry("title", string("What went wrong, in plain language; fixed per type.")),
                        Map.entry("status", PortableSchemas.ofType(Schema.SchemaType.INTEGER)
                                .format("int32").description("The HTTP status code.")),
                        Map.entry("detail", string("This occurrence explained for people: what happened and what to do.")),
                        Map.entry("instance", string("The request path this problem answers.")),
                        Map.entry("retryable", bool("Whether the same request may succeed later without anyone"
                                + " changing anything.")),
                        Map.entry("requiresReauthorization", bool("Whether only connecting again (a new consent at"
                                + " the authorization server) can help.")),
                        Map.entry("error", string("The OAuth error code (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 6750 §3.1)"
                                + " behind the problem, where there is one, e.g. invalid_grant.")),
                        Map.entry("errors", PortableSchemas.ofType(Schema.SchemaType.ARRAY)
                                .description("invalid-input only: every rejected field with the reason.")
                                .items(PortableSchemas.ofType(Schema.SchemaType.OBJECT)
                                        .addProperty("field", string("The field or query parameter."))
                                        .addProperty("message", string("Why it was rejected.")))),
                        Map.entry("flowId", string("authorization-required: the sign-in started for the caller.")),
                        Map.entry("connectionId", string("authorization-required: the connection to sign in for.")),
                        Map.entry("authorizationUrl", string("authorization-required: the link to open in the"
                                + " caller's browser.").format("uri")),
                        Map.entry("expiresAt", string("authorization-required: when that link stops working.")
                                .format("date-time")))))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }

    static Schema string(String description) {
        return PortableSchemas.ofType(Schema.SchemaType.STRING).description(description);
    }

    static Schema bool(String description) {
        return PortableSchemas.ofType(Schema.SchemaType.BOOLEAN).description(description);
    }
}
