package dev.mcpoauth.oauth.entity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters of an OAuth request, in order, plus the headers that go with them (client
 * authentication may add one). Values are encoded as {@code application/x-www-form-urlencoded}
 * (RFC 6749 Appendix B). It usually holds a code, a token or a secret, so {@code toString}
 * shows parameter names only.
 */
public final class Form {

    final Map<String, String> parameters = new LinkedHashMap<>();
    final Map<String, String> headers = new LinkedHashMap<>();

    /** Adds a parameter; a null value is left out. RFC 6749 §3.1: none may be sent twice. */
    public Form add(String name, String value) {
        if (value == null) {
            return this;
        }
        if (parameters.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("the parameter " + name + " is already set");
        }
        return this;
    }

    /** Adds each parameter not set yet: configured extras never replace the protocol's own. */
    public Form addAbsent(Map<String, String> extra) {
        extra.forEach(parameters::putIfAbsent);
        return this;
    }

    public Form header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** In the order they were added. */
    public Map<String, String> parameters() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    /** {@code name=value&…}, both form-encoded as UTF-8 (spaces become {@code +}). */
    public String encoded() {
        return parameters.entrySet().stream().map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Form" + parameters.keySet() + (headers.isEmpty() ? "" : " with headers " + headers.keySet());
    }
}
