package dev.mcpoauth.web.boundary;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemDetail;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the broker's errors in the OpenAPI document: a {@code Problem} schema (RFC 9457 with
 * the broker's extensions) listing every problem type of the {@link Problem} catalogue, reusable
 * responses, and on every operation the problem responses it can give. Generated from the
 * catalogue so the document cannot drift from what the broker answers. Registered with
 * {@code mp.openapi.filter}.
 */
public class ProblemResponsesFilter implements OASFilter {

    static final String SCHEMA = "Problem";
    static final String SCHEMA_REF = "#/components/schemas/" + SCHEMA;

    static final String REAUTHORIZE = "The caller has to connect first or again (authorization-required, with"
            + " flowId and authorizationUrl when a sign-in was started).";
    static final String UPSTREAM = "A server the broker depends on refused or sent something unusable"
            + " (upstream-rejected, bad-upstream-document, issuer-mismatch, resource-mismatch, metadata-not-found,"
            + " upstream-redirect, unsupported-auth-method, registration-rejected, mcp-rejected).";
    static final String UNAVAILABLE = "A server the broker depends on is not answering; retryable"
            + " (upstream-unavailable, mcp-unavailable).";

    static final String MCP_REFUSED = "The MCP server refused or failed (mcp-server-error, mcp-protocol-mismatch:"
            + " no common revision, mcp-input-declined: it asked for sampling, elicitation or roots, mcp-rejected),"
            + " with its JSON-RPC error code as jsonRpcCode. " + UPSTREAM;
    static final Map<String, String> MCP = Map.of(
            "403", "The granted scopes are not enough (insufficient-scope), or forbidden: an admin may not use"
                    + " another person's connection.",
            "404", "Not found, or not the caller's (not-found); or, from the MCP server, no such resource"
                    + " (mcp-not-found, JSON-RPC -32002) or no such method (mcp-not-supported, -32601).",
            "409", REAUTHORIZE,
            "422", "The MCP server refused the name or the arguments (mcp-invalid-params, JSON-RPC -32602).",
            "502", MCP_REFUSED, "503", UNAVAILABLE);

    /** Problems particular to some operations, by operationId, beyond those every operation can give. */
    static final Map<String, Map<String, String>> SPECIFIC = Map.of(
            "createServer", Map.of("409", "The name is taken (conflict).",
                    "422", "The configuration cannot work, e.g. the authorization server refused to register the"
                            + " broker (server-configuration-refused, with the cause)."),
            "updateServer", Map.of("409", "The name is taken (conflict).",
                    "422", "The configuration cannot work, e.g. the authorization server refused to register the"
                            + " broker (server-configuration-refused, with the cause)."),
            "validateServer", Map.of("409", "The configuration cannot work (configuration-mismatch,"
                    + " client-not-configured).", "422", "not-protected or url-forbidden.", "502", UPSTREAM,
                    "503", UNAVAILABLE),
            "authorizeConnection", Map.of("400", "Invalid input or return-url-not-allowed.", "409",
                    "server-not-set-up (the detail went to the audit; admins see it here: client-not-configured,"
                            + " configuration-mismatch).", "422", "not-protected or url-forbidden.",
                    "429", "Too many sign-ins under way for the caller (limit-reached).", "502", UPSTREAM,
                    "503", UNAVAILABLE),
            "subscribeEvents", Map.of("429", "Too many event streams open for the caller (limit-reached)."),
            "refreshConnection", Map.of("409", REAUTHORIZE, "502", UPSTREAM, "503", UNAVAILABLE),
            "exchangeFlowCode", Map.of("410", "The sign-in has already ended (flow-finished).", "502", UPSTREAM,
                    "503", UNAVAILABLE),
            "listTools", MCP, "callTool", MCP);

    /** The MCP operations beyond tools: the same problems. */
    static final Set<String> MCP_OPERATIONS = Set.of("listResources", "listResourceTemplates", "readResource",
            "listPrompts", "getPrompt");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema(SCHEMA, problemSchema());
        components.addResponse("Problem", problemResponse(
                "A problem (RFC 9457): see the Problem schema for every type, its status and flags."));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> document(path, item));
    }

    static void document(String path, PathItem item) {
        item.getOperations().forEach((method, operation) -> {
            boolean api = path.startsWith("/api/");
            boolean hasId = path.contains("{");
            boolean hasBody = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT;
            if (hasBody || api) {
                add(operation, "400", "The request is not valid (bad-request, invalid-input with an errors list).");
            }
            if (api) {
                add(operation, "401", "No or wrong credentials (unauthenticated).");
                add(operation, "403", "The caller's role does not allow this (forbidden).");
            }
            if (hasId) {
                add(operation, "404", "Not found, or not the caller's (not-found; existence stays hidden).");
            }
            String id = String.valueOf(operation.getOperationId());
            SPECIFIC.getOrDefault(id, MCP_OPERATIONS.contains(id) ? MCP : Map.of())
                    .forEach((status, description) -> add(operation, status, description));
            add(operation, "500", "Something went wrong on the broker's side (internal-error).");
            add(operation, "default", "Any other problem of the catalogue; see the Problem schema.");
        });
    }

    static void add(Operation operation, String status, String description) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        APIResponse existing = responses.getAPIResponse(status);
        if (existing == null) {
            responses.addAPIResponse(status, problemResponse(description));
        } else if (existing.getContent() == null
                || existing.getContent().getMediaType(ProblemDetail.MEDIA_TYPE) == null) {
            if (existing.getContent() == null) {
                existing.setContent(OASFactory.createContent());
            }
            existing.getContent().addMediaType(ProblemDetail.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA_REF)));
        }
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
        return OASFactory.createSchema()
                .type(Schema.SchemaType.OBJECT)
                .description(catalogue.toString())
                .addRequired("type").addRequired("title").addRequired("status")
                .addRequired("retryable").addRequired("requiresReauthorization")
                .properties(new java.util.LinkedHashMap<>(Map.ofEntries(
                        Map.entry("type", string("The problem type: a stable URI from the catalogue above.")
                                .format("uri").enumeration(types)),
                        Map.entry("title", string("What went wrong, in plain language; fixed per type.")),
                        Map.entry("status", OASFactory.createSchema().type(Schema.SchemaType.INTEGER)
                                .format("int32").description("The HTTP status code.")),
                        Map.entry("detail", string("This occurrence explained for people: what happened and what to do.")),
                        Map.entry("instance", string("The request path this problem answers.")),
                        Map.entry("retryable", bool("Whether the same request may succeed later without anyone"
                                + " changing anything.")),
                        Map.entry("requiresReauthorization", bool("Whether only connecting again (a new consent at"
                                + " the authorization server) can help.")),
                        Map.entry("error", string("The OAuth error code (RFC 6749 §5.2, RFC 7591 §3.2.2, RFC 6750 §3.1)"
                                + " behind the problem, where there is one, e.g. invalid_grant.")),
                        Map.entry("errors", OASFactory.createSchema().type(Schema.SchemaType.ARRAY)
                                .description("invalid-input only: every rejected field with the reason.")
                                .items(OASFactory.createSchema().type(Schema.SchemaType.OBJECT)
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
        return OASFactory.createSchema().type(Schema.SchemaType.STRING).description(description);
    }

    static Schema bool(String description) {
        return OASFactory.createSchema().type(Schema.SchemaType.BOOLEAN).description(description);
    }
}
