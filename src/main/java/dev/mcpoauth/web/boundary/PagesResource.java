package dev.mcpoauth.web.boundary;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The pages people use ({@code /}, {@code /admin}, {@code /signin}) and their scripts and styles, plain files from
 * {@code WEB-INF/ui} (out of the container's own reach, so every one goes out with the headers below). The pages
 * load nothing but these files and talk only to the broker's API (Content-Security-Policy); the data comes from
 * the API, so a page itself holds nothing secret and the two that need a person send them to sign in first.
 */
@Path("")
public class PagesResource {

    static final String ROOT = "/WEB-INF/ui/";
    static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.(js|css|svg|png)");
    static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    /** What every page is sent with: no inline script or style, nothing from elsewhere, no framing. */
    public static final Map<String, String> PAGE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            "Cache-Control", "no-store",
            // not no-referrer: with it a browser sends "Origin: null" on the pages' own form posts, which look forged
            "Referrer-Policy", "same-origin",
            "X-Content-Type-Options", "nosniff",
            "Cross-Origin-Opener-Policy", "same-origin-allow-popups");

    @Context
    ServletContext servletContext;

    @Context
    SecurityContext securityContext;

    @GET
    @Operation(hidden = true)
    public Response connections() {
        return signedInPage("index.html", "/");
    }

    @GET
    @Path("admin")
    @Operation(hidden = true)
    public Response administration() {
        return signedInPage("admin.html", "/admin");
    }

    @GET
    @Path("signin")
    @Operation(hidden = true)
    public Response signIn() {
        return file("signin.html");
    }

    @GET
    @Path("assets/{name}")
    @Operation(hidden = true)
    public Response asset(@PathParam("name") String name) {
        // a flat name without "/": nothing outside assets/ can be named
        if (!ASSET.matcher(name).matches()) {
            throw new NotFoundException();
        }
        return file("assets/" + name);
    }

    private Response signedInPage(String file, String path) {
        if (securityContext.getUserPrincipal() == null) {
            return Response.seeOther(UriBuilder.fromPath("/signin").queryParam("return", path).build())
                    .header("Cache-Control", "no-store").build();
        }
        return file(file);
    }

    private Response file(String name) {
        InputStream content = servletContext.getResourceAsStream(ROOT + name);
        if (content == null) {
            throw new NotFoundException();
        }
        Response.ResponseBuilder response = Response.ok(content)
                .type(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        PAGE_HEADERS.forEach(response::header);
        return response.build();
    }
}
