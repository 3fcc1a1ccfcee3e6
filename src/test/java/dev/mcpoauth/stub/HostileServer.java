package dev.mcpoauth.stub;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An MCP server and its authorization server in one, packaged into the test WAR, that misbehave
 * as the {@code scenario} says; any other scenario name behaves well. Each test uses a fresh
 * {@code nonce}, so its server URL and issuer are its own and {@link #requests} are per test.
 */
@Path("stub/{scenario}/{nonce}")
public class HostileServer {

    /** Never echoed by the broker: tests look for it in reports and audit details. */
    public static final String SECRET = "hostile-client-secret-7d1f";
    static final int HUGE = 300 * 1024;
    static final Map<String, List<String>> REQUESTS = new ConcurrentHashMap<>();

    @PathParam("scenario")
    String scenario;

    @PathParam("nonce")
    String nonce;

    @Context
    UriInfo uri;

    /** The requests this stub received for one nonce, as "METHOD path" in order. */
    public static List<String> requests(String nonce) {
        return List.copyOf(REQUESTS.getOrDefault(nonce, List.of()));
    }

    @POST
    @Path("mcp")
    public Response mcp() {
        record("POST mcp");
        return switch (scenario) {
            case "not-protected" -> json(200, Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", "probe")
                    .add("result", Json.createObjectBuilder()).build());
            case "malformed-challenge" -> challenge("Bearer resource_metadata=\"" + base() + "/prm");
            case "prm-at-metadata-address" ->
                    challenge("Bearer resource_metadata=\"http://169.254.169.254/latest/meta-data/iam\"");
            default -> challenge("Bearer resource_metadata=\"" + base() + "/prm\", scope=\"files:read\"");
        };
    }

    @GET
    @Path("prm")
    public Response protectedResource() {
        record("GET prm");
        JsonObject wellBehaved = prm(base() + "/mcp", base()).build();
        return switch (scenario) {
            case "prm-for-another-origin" -> json(200, prm("https://evil.example.com/mcp", base()).build());
            case "prm-without-authorization-servers" ->
                    json(200, Json.createObjectBuilder().add("resource", base() + "/mcp").build());
            case "prm-not-json" -> Response.ok("{\"resource\": \"" + base() + "/mcp\", \"authorization_",
                    MediaType.APPLICATION_JSON).build();
            case "prm-json-array" -> Response.ok("[" + wellBehaved + "]", MediaType.APPLICATION_JSON).build();
            case "prm-huge" -> Response.ok(huge(wellBehaved), MediaType.APPLICATION_JSON).build();
            case "prm-huge-streamed" -> Response.ok((StreamingOutput) out -> {
                byte[] body = huge(wellBehaved);
                for (int offset = 0; offset < body.length; offset += 8192) {
                    out.write(body, offset, Math.min(8192, body.length - offset));
                    out.flush();
                }
            }, MediaType.APPLICATION_JSON).build();
            case "prm-as-html" -> Response.ok(wellBehaved.toString(), MediaType.TEXT_HTML).build();
            case "prm-redirect" -> Response.status(302).location(URI.create(base() + "/prm-elsewhere")).build();
            case "prm-server-error" -> Response.serverError().entity("upstream exploded").type(MediaType.TEXT_PLAIN)
                    .build();
            case "as-at-private-address" -> json(200, prm(base() + "/mcp", "https://10.0.0.7/tenant").build());
            case "as-with-overlong-issuer" -> json(200, prm(base() + "/mcp", base() + "/" + "a".repeat(1100)).build());
            default -> json(200, wellBehaved);
        };
    }

    @GET
    @Path(".well-known/openid-configuration")
    public Response authorizationServer() {
        record("GET .well-known/openid-configuration");
        JsonObject wellBehaved = as(base()).build();
        return switch (scenario) {
            case "as-wrong-issuer" -> json(200, as(base()).add("issuer", "https://attacker.example.com").build());
            case "as-issuer-with-trailing-slash" -> json(200, as(base()).add("issuer", base() + "/").build());
            case "as-without-token-endpoint" -> json(200, Json.createObjectBuilder(wellBehaved)
                    .remove("token_endpoint").build());
            case "as-with-http-endpoints" -> json(200, as(base())
                    .add("authorization_endpoint", "http://as.example.com/authorize")
                    .add("token_endpoint", "http://as.example.com/token").build());
            case "as-deeply-nested" -> Response.ok("{\"issuer\":\"" + base() + "\",\"x\":" + "[".repeat(100)
                    + "]".repeat(100) + "}", MediaType.APPLICATION_JSON).build();
            case "as-without-pkce" -> json(200, Json.createObjectBuilder(wellBehaved)
                    .remove("code_challenge_methods_supported").build());
            case "as-without-registration" -> json(200, Json.createObjectBuilder(wellBehaved)
                    .remove("registration_endpoint").build());
            case "as-only-private-key-jwt" -> json(200, as(base()).add("token_endpoint_auth_methods_supported",
                    Json.createArrayBuilder().add("private_key_jwt")).build());
            case "dcr-at-private-address" -> json(200, as(base())
                    .add("registration_endpoint", "https://192.168.0.10/register").build());
            default -> json(200, wellBehaved);
        };
    }

    @POST
    @Path("register")
    public Response register() {
        record("POST register");
        return switch (scenario) {
            case "dcr-invalid-client-metadata" -> json(400, Json.createObjectBuilder()
                    .add("error", "invalid_client_metadata")
                    .add("error_description", "redirect_uris must use https\u0007 " + "x".repeat(2000)).build());
            case "dcr-invalid-redirect-uri" -> json(400, Json.createObjectBuilder()
                    .add("error", "invalid_redirect_uri")
                    .add("error_description", "redirect_uris must use https, <b>said the server</b>").build());
            case "dcr-without-client-id" -> json(201, Json.createObjectBuilder().add("client_secret", SECRET).build());
            case "dcr-server-error" -> Response.serverError().entity("<h1>Internal Server Error</h1>")
                    .type(MediaType.TEXT_HTML).build();
            case "dcr-redirect" -> Response.temporaryRedirect(URI.create("https://as.example.com/register")).build();
            case "dcr-error-without-oauth-error" -> Response.status(403).entity("<h1>Forbidden</h1>")
                    .type(MediaType.TEXT_HTML).build();
            case "dcr-unsupported-auth-method" -> json(201, client().add("token_endpoint_auth_method", "private_key_jwt")
                    .build());
            case "dcr-basic-without-secret" -> json(201, client().remove("client_secret").build());
            case "dcr-overlong-client-id" -> json(201, client().add("client_id", "c".repeat(5000)).build());
            case "dcr-huge-response" -> Response.status(201).entity(huge(client().build()))
                    .type(MediaType.APPLICATION_JSON).build();
            default -> json(201, client().build());
        };
    }

    void record(String request) {
        REQUESTS.computeIfAbsent(nonce, key -> new CopyOnWriteArrayList<>()).add(request);
    }

    /** This stub's MCP origin and path prefix, which is also its issuer. */
    String base() {
        return uri.getBaseUriBuilder().path("stub").path(scenario).path(nonce).build().toString();
    }

    static Response challenge(String challenge) {
        return Response.status(401).header("WWW-Authenticate", challenge).build();
    }

    static Response json(int status, JsonObject body) {
        return Response.status(status).entity(body.toString()).type(MediaType.APPLICATION_JSON).build();
    }

    static JsonObjectBuilder prm(String resource, String issuer) {
        return Json.createObjectBuilder()
                .add("resource", resource)
                .add("authorization_servers", Json.createArrayBuilder().add(issuer))
                .add("scopes_supported", Json.createArrayBuilder().add("files:read"));
    }

    static JsonObjectBuilder as(String issuer) {
        return Json.createObjectBuilder()
                .add("issuer", issuer)
                .add("authorization_endpoint", issuer + "/authorize")
                .add("token_endpoint", issuer + "/token")
                .add("registration_endpoint", issuer + "/register")
                .add("response_types_supported", Json.createArrayBuilder().add("code"))
                .add("code_challenge_methods_supported", Json.createArrayBuilder().add("S256"))
                .add("token_endpoint_auth_methods_supported", Json.createArrayBuilder().add("client_secret_basic"));
    }

    JsonObjectBuilder client() {
        return Json.createObjectBuilder()
                .add("client_id", "client-" + nonce)
                .add("client_secret", SECRET)
                .add("client_secret_expires_at", 0)
                .add("token_endpoint_auth_method", "client_secret_basic");
    }

    /** The document padded past the broker's 256 KiB limit with an ignorable member. */
    static byte[] huge(JsonObject document) {
        return Json.createObjectBuilder(document).add("padding", "p".repeat(HUGE)).build().toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
