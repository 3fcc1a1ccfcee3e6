package dev.mcpoauth.web.entity;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A small page for people in a browser (the end of a sign-in). Everything it shows is escaped;
 * it loads nothing, may not be framed, and sends no referrer (the callback URL carries a code).
 */
public record Page(int status, String title, String message, boolean success) {

    static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;"
            + "padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}.ok{color:#1a7f37}.failed{color:#cf222e}"
            + "p{line-height:1.5}";

    /** What every page is sent with, whoever writes it (JAX-RS or the authentication mechanism). */
    public static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff");

    public String html() {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>"
                + "<h1 class=\"" + (success ? "ok" : "failed") + "\">" + escape(title) + "</h1>"
                + "<p id=\"message\">" + escape(message) + "</p>"
                + (success ? "<p>You can close this window.</p>" : "")
                + "</body></html>";
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
