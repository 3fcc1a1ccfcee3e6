package dev.mcpoauth.peers;

import static dev.mcpoauth.testing.OAuthWire.form;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal user agent for oidc-provider's development login and consent pages: a cookie jar, no
 * automatic redirects (each one is followed here, so the walk stops at the client's callback without
 * ever connecting to it), and a form filler that reads the {@code action} and hidden inputs from the
 * HTML the AS returns.
 *
 * <pre>{@code
 * AsBrowser browser = new AsBrowser();
 * URI callback = browser.authorize(authorizationUrl, "alice", "http://127.0.0.1:9/callback");
 * // callback = http://127.0.0.1:9/callback?code=...&state=...&iss=...
 * }</pre>
 *
 * <p>The login page ({@code prompt=login}) is answered with {@code login=<user>&password=x}; the
 * consent page ({@code prompt=consent}) is submitted as is, which grants everything requested. The
 * cookie jar keeps the AS session, so a second {@code authorize} with the same instance skips the
 * login (as a real browser would). Use a new instance for a new user.
 */
public final class AsBrowser {

    private static final int MAX_STEPS = 20;
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile(
            "([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");

    private final HttpClient http;
    private final List<String> trail = new ArrayList<>();

    public AsBrowser() {
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Method, path and status of every request of the last {@link #authorize} (no query strings). */
    public List<String> trail() {
        return List.copyOf(trail);
    }

    /**
     * Opens {@code authorizationUrl}, signs in as {@code user}, consents, and follows redirects until
     * one points at {@code callbackPrefix}; returns that URL (with {@code code}, {@code state} and
     * {@code iss}, or {@code error}). The callback itself is never requested.
     */
    public URI authorize(URI authorizationUrl, String user, String callbackPrefix) {
        trail.clear();
        HttpResponse<String> response = send(HttpRequest.newBuilder(authorizationUrl).GET());
        for (int step = 0; step < MAX_STEPS; step++) {
            URI current = response.uri();
            int status = response.statusCode();
            if (status / 100 == 3) {
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new IllegalStateException(status + " without Location from " + strip(current)));
                URI next = current.resolve(location);
                if (next.toString().startsWith(callbackPrefix)) {
                    return next;
                }
                response = send(HttpRequest.newBuilder(next).GET());
            } else if (status == 200 && isHtml(response)) {
                Form form = Form.parse(response.body(), current);
                Map<String, String> fields = new LinkedHashMap<>(form.hidden());
                String prompt = fields.getOrDefault("prompt", "");
                switch (prompt) {
                    case "login" -> {
                        fields.put("login", user);
                        fields.put("password", "x");
                    }
                    case "consent" -> {
                        // the hidden fields are the whole consent: everything requested is granted
                    }
                    default -> throw new IllegalStateException("unexpected interaction page (prompt="
                            + prompt + ") at " + strip(current) + ":\n" + abbreviate(response.body()));
                }
                response = send(HttpRequest.newBuilder(form.action())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
            } else {
                throw new IllegalStateException("AS answered " + status + " at " + strip(current)
                        + " (trail " + trail + "):\n" + abbreviate(response.body()));
            }
        }
        throw new IllegalStateException("no redirect to " + callbackPrefix + " after " + MAX_STEPS
                + " steps: " + trail);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            trail.add(built.method() + " " + strip(built.uri()) + " " + response.statusCode());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isHtml(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").toLowerCase().contains("text/html");
    }

    private static String strip(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    private static String abbreviate(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
    }

    /** The first form of a page that carries a {@code prompt} input (oidc-provider's dev pages). */
    record Form(URI action, Map<String, String> hidden) {

        static Form parse(String html, URI page) {
            Matcher forms = FORM.matcher(html);
            Form first = null;
            while (forms.find()) {
                Map<String, String> formAttrs = attributes(forms.group(1));
                String method = formAttrs.getOrDefault("method", "get");
                URI action = page.resolve(unescape(formAttrs.getOrDefault("action", page.toString())));
                Map<String, String> hidden = new LinkedHashMap<>();
                Matcher inputs = INPUT.matcher(forms.group(2));
                while (inputs.find()) {
                    Map<String, String> attrs = attributes(inputs.group(1));
                    if ("hidden".equalsIgnoreCase(attrs.get("type")) && attrs.containsKey("name")) {
                        hidden.put(unescape(attrs.get("name")), unescape(attrs.getOrDefault("value", "")));
                    }
                }
                Form form = new Form(action, hidden);
                if ("post".equalsIgnoreCase(method) && hidden.containsKey("prompt")) {
                    return form;
                }
                if (first == null) {
                    first = form;
                }
            }
            if (first == null) {
                throw new IllegalStateException("no form on " + page + ":\n" + abbreviate(html));
            }
            return first;
        }

        private static Map<String, String> attributes(String text) {
            Map<String, String> attrs = new LinkedHashMap<>();
            Matcher m = ATTR.matcher(text);
            while (m.find()) {
                String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                attrs.put(m.group(1).toLowerCase(), value == null ? "" : value);
            }
            return attrs;
        }

        private static String unescape(String s) {
            Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String entity = m.group(1);
                String replacement = switch (entity) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    default -> new String(Character.toChars(entity.startsWith("#x")
                            ? Integer.parseInt(entity.substring(2), 16)
                            : Integer.parseInt(entity.substring(1))));
                };
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
