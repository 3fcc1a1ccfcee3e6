package dev.mcpoauth.web.entity;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A small page for people in a browser (the end of a sign-in). Everything it shows is escaped;
 * it loads only the style sheet of the broker's pages (no script), may not be framed, and sends no
 * referrer (the callback URL carries a code).
 */
public record Page(int status, String title, String message, boolean success) {

    /** Only the shared style sheet may load: no script, no inline style, no form, no framing. */
    public static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:;"
            + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** The style sheet of the broker's own pages, so that this one looks like them. */
    static final String STYLESHEET = "/assets/app.css";

    /** What every page is sent with, whoever writes it (JAX-RS or the authentication mechanism). */
    public static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy", CSP,
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff");

    public String html() {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + escape(title) + " \u2013 MCP OAuth Broker</title>"
                + "<link rel=\"stylesheet\" href=\"" + STYLESHEET + "\"></head>"
                + "<body class=\"standalone\"><main class=\"panel standalone-panel\">"
                + "<p class=\"brand\">MCP OAuth Broker</p>"
                + "<h1 class=\"outcome " + (success ? "ok" : "failed") + "\">" + escape(title) + "</h1>"
                + "<p id=\"message\">" + escape(message) + "</p>"
                + (success ? "<p>You can close this window.</p>" : "")
                + "<p class=\"standalone-links\"><a href=\"/\">My connections</a></p>"
                + "</main></body></html>";
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"));
        HEADERS.forEach(response::header);
        return response.entity(html()).build();
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
