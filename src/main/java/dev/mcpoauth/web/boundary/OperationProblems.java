package dev.mcpoauth.web.boundary;

import static dev.mcpoauth.web.entity.Problem.*;

import dev.mcpoauth.web.entity.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which problems each operation can answer, by status: those of every API call (authentication,
 * roles, cross-site rules, body limits), and those particular to an operation, read from its code
 * paths. The filter turns each entry into a documented response listing its problem types.
 */
final class OperationProblems {

    /** The problems of one status of one operation, and a plain note on when they come. */
    record Answer(String note, List<Problem> types) {
    }

    static final List<Problem> UPSTREAM = List.of(BAD_UPSTREAM_DOCUMENT, ISSUER_MISMATCH, RESOURCE_MISMATCH,
            METADATA_NOT_FOUND, UPSTREAM_REDIRECT, UNSUPPORTED_AUTH_METHOD, REGISTRATION_REJECTED);

    /** What Validations.checkBeforeSave turns into server-configuration-refused: every non-retryable fault. */
    static final List<Problem> REFUSAL_CAUSES = List.of(URL_FORBIDDEN, NOT_PROTECTED, CONFIGURATION_MISMATCH,
            CLIENT_NOT_CONFIGURED, BAD_UPSTREAM_DOCUMENT, ISSUER_MISMATCH, RESOURCE_MISMATCH, METADATA_NOT_FOUND,
            UPSTREAM_REDIRECT, UNSUPPORTED_AUTH_METHOD, REGISTRATION_REJECTED);

    static final Map<String, Answer> SAVE = Map.of(
            "409", new Answer("The name is taken.", List.of(CONFLICT)),
            "422", new Answer("The servers prove the configuration unworkable: the problem's cause names what was"
                    + " found (x-problem-causes). A server that cannot be checked now is saved with a validationWarning.",
                    List.of(SERVER_CONFIGURATION_REFUSED)));

    static final Map<String, Answer> MCP = Map.of(
            "403", new Answer("The granted scopes are not enough, or an admin tried another person's connection.",
                    List.of(INSUFFICIENT_SCOPE, FORBIDDEN)),
            "404", new Answer("No such connection of the caller's; or, from the MCP server, no such resource"
                    + " (JSON-RPC -32002) or method (-32601).", List.of(NOT_FOUND, MCP_NOT_FOUND, MCP_NOT_SUPPORTED)),
            "409", new Answer("The caller has to connect first or again (with flowId and authorizationUrl when a"
                    + " sign-in was started).", List.of(AUTHORIZATION_REQUIRED)),
            "422", new Answer("The MCP server refused the name or the arguments (JSON-RPC -32602).",
                    List.of(MCP_INVALID_PARAMS)),
            "502", new Answer("The MCP server refused or failed, with its JSON-RPC error code as jsonRpcCode.",
                    List.of(MCP_SERVER_ERROR, MCP_PROTOCOL_MISMATCH, MCP_INPUT_DECLINED, MCP_REJECTED)),
            "503", new Answer("The MCP server is not answering; retryable.", List.of(MCP_UNAVAILABLE)));

    /** Beyond the problems of every call: by operationId. */
    static final Map<String, Map<String, Answer>> SPECIFIC = Map.ofEntries(
            Map.entry("createServer", SAVE),
            Map.entry("updateServer", SAVE),
            Map.entry("authorizeConnection", Map.of(
                    "400", new Answer("The return URL is not allowed.", List.of(RETURN_URL_NOT_ALLOWED)),
                    "409", new Answer("A person: the server is not set up (the detail went to the audit and to the"
                            + " server's configurationProblem). An admin sees the fault itself.",
                            List.of(SERVER_NOT_SET_UP, CONFIGURATION_MISMATCH, CLIENT_NOT_CONFIGURED)),
                    "422", new Answer("Admins only (a person gets 409 server-not-set-up).",
                            List.of(NOT_PROTECTED, URL_FORBIDDEN)),
                    "429", new Answer("Too many sign-ins under way for the caller.", List.of(LIMIT_REACHED)),
                    "502", new Answer("Admins only (a person gets 409 server-not-set-up): what the servers sent"
                            + " cannot be used.", UPSTREAM),
                    "503", new Answer("The MCP server or its authorization server is not answering; retryable.",
                            List.of(UPSTREAM_UNAVAILABLE)))),
            Map.entry("grantConnection", Map.of(
                    "409", new Answer("The server signs people in in a browser (use authorizeConnection), or is not"
                            + " set up for its grant, or needs a new identity assertion.",
                            List.of(CONFLICT, SERVER_NOT_SET_UP, CONFIGURATION_MISMATCH, CLIENT_NOT_CONFIGURED,
                                    AUTHORIZATION_REQUIRED)),
                    "422", new Answer("A URL of the server breaks the outbound URL policy.", List.of(URL_FORBIDDEN)),
                    "502", new Answer("The authorization server or the identity provider refused the grant (its"
                            + " error code as error), or sent something unusable.",
                            Stream.concat(UPSTREAM.stream(), Stream.of(UPSTREAM_REJECTED)).toList()),
                    "503", new Answer("The authorization server is not answering; retryable.",
                            List.of(UPSTREAM_UNAVAILABLE)))),
            Map.entry("subscribeEvents", Map.of(
                    "429", new Answer("Too many event streams open for the caller.", List.of(LIMIT_REACHED)))),
            Map.entry("refreshConnection", Map.of(
                    "409", new Answer("No refresh token, or the grant is gone: connect again.",
                            List.of(REFRESH_UNAVAILABLE, AUTHORIZATION_REQUIRED)),
                    "502", new Answer("The authorization server refused or sent something unusable.",
                            List.of(UPSTREAM_REJECTED, BAD_UPSTREAM_DOCUMENT, UPSTREAM_REDIRECT)),
                    "503", new Answer("The authorization server is not answering; retryable.",
                            List.of(UPSTREAM_UNAVAILABLE)))),
            // an answer that comes too late or twice is a 200 with connected false, not a problem
            Map.entry("exchangeFlowCode", Map.of(
                    "404", new Answer("No sign-in of the caller's waits for this state.", List.of(NOT_FOUND)))),
            Map.entry("getClientMetadataDocument", Map.of(
                    "404", new Answer("The broker is not served over HTTPS, so it publishes no document.",
                            List.of(NOT_FOUND)))),
            Map.entry("signOut", Map.of(
                    "403", new Answer("The session's CSRF token is missing or wrong.", List.of(CSRF_TOKEN_INVALID)))),
            Map.entry("listTools", MCP), Map.entry("callTool", MCP), Map.entry("listResources", MCP),
            Map.entry("listResourceTemplates", MCP), Map.entry("readResource", MCP), Map.entry("listPrompts", MCP),
            Map.entry("getPrompt", MCP));

    /** Whose input is validated field by field (bean validation or parsed query parameters). */
    static final Set<String> VALIDATED = Set.of("createServer", "updateServer", "authorizeConnection", "grantConnection",
            "exchangeFlowCode", "searchAudit", "listAllConnections");

    /** Operations that answer people in a browser with a page, not a problem (documented on the method). */
    static final Set<String> PAGES = Set.of("startSignIn", "oauthCallback");

    private OperationProblems() {
    }

    /** Every problem answer of one operation, by status, in status order. */
    static Map<String, Answer> of(String operationId, String path, String method) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        boolean api = path.startsWith("/api/");
        boolean write = Set.of("POST", "PUT", "PATCH", "DELETE").contains(method);
        boolean body = Set.of("POST", "PUT", "PATCH").contains(method);
        if (!PAGES.contains(operationId)) {
            if (api || body) {
                add(answers, "400", "The request is not valid.", BAD_REQUEST);
            }
            if (VALIDATED.contains(operationId)) {
                add(answers, "400", "Fields are not valid: errors lists each with the reason.", INVALID_INPUT);
            }
            if (api && body) {
                add(answers, "400", "The JSON body nests too deeply.", JSON_TOO_DEEP);
                add(answers, "413", "The body is too large.", BODY_TOO_LARGE);
            }
            if (api) {
                add(answers, "401", "No or wrong credentials.", UNAUTHENTICATED);
                add(answers, "403", "The caller's role does not allow this.", FORBIDDEN);
                add(answers, "429", "Too many failed sign-ins for this user or address (Retry-After).",
                        SIGN_IN_THROTTLED);
            }
            if (api && write) {
                add(answers, "403", "From a page of another site, or a session's change without its CSRF token.",
                        ORIGIN_NOT_ALLOWED, CSRF_TOKEN_INVALID);
                add(answers, "415", "The body is not sent as application/json.", UNSUPPORTED_MEDIA_TYPE);
            }
            if (path.contains("{")) {
                add(answers, "404", "Not found, or not the caller's (existence stays hidden).", NOT_FOUND);
            }
            SPECIFIC.getOrDefault(operationId, Map.of())
                    .forEach((status, answer) -> add(answers, status, answer.note(), answer.types().toArray(Problem[]::new)));
        }
        add(answers, "500", "Something went wrong on the broker's side.", INTERNAL_ERROR);
        return new TreeMap<>(answers);
    }

    static void add(Map<String, Answer> answers, String status, String note, Problem... types) {
        answers.merge(status, new Answer(note, List.of(types)), (old, more) -> new Answer(
                old.note() + " " + more.note(),
                Stream.concat(old.types().stream(), more.types().stream()).distinct().toList()));
    }
}
